import { z } from 'zod';
import { invalidParameters } from '@/lib/errors';

export const pagingSchema = z.object({
  pageSize: z.coerce.number().int().min(1).max(100).default(10),
  pageStart: z.string().max(1024).optional(),
  count: z.enum(['true', 'false']).optional().transform((v) => v === 'true'),
});

/** Cursors are opaque to clients: URL-safe base64 of the last row's sort key. */
export function encodeCursor(key: unknown): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

export function decodeCursor<T extends z.ZodType>(cursor: string | undefined, schema: T): z.infer<T> | undefined {
  if (!cursor) return undefined;
  try {
    return schema.parse(JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')));
  } catch {
    throw invalidParameters('pageStart is not a valid page cursor');
  }
}

/** For pages, where a hand-edited cursor in the address bar simply means the first page. */
export function cursorOrFirstPage<T extends z.ZodType>(cursor: string | undefined, schema: T): z.infer<T> | undefined {
  try {
    return decodeCursor(cursor, schema);
  } catch {
    return undefined;
  }
}

/**
 * Runs a keyset page query with one extra row to learn whether another page follows; the next
 * cursor is the key of the last row returned, so rows added meanwhile cause no gaps or duplicates.
 */
export async function page<Row>(
  pageSize: number,
  fetch: (limit: number) => Promise<Row[]>,
  keyOf: (row: Row) => unknown,
): Promise<{ rows: Row[]; next?: string }> {
  const rows = await fetch(pageSize + 1);
  if (rows.length <= pageSize) return { rows };
  const shown = rows.slice(0, pageSize);
  return { rows: shown, next: encodeCursor(keyOf(shown[shown.length - 1])) };
}

export function pageHeaders(next: string | undefined, count?: number): HeadersInit {
  const headers: Record<string, string> = {};
  if (next) headers['X-Next-Page-Start'] = next;
  if (count !== undefined) headers['X-Resource-Count'] = String(count);
  return headers;
}

/** eNZi lists page with `start` and `limit` and answer `nextPageStart` in the body ('' on the last page). */
export const enziPagingSchema = z.object({
  start: z.string().max(1024).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(10),
});

export async function namePage<Row>(
  query: z.infer<typeof enziPagingSchema>,
  fetch: (opts: { after?: string; limit: number }) => Promise<Row[]>,
  nameOf: (row: Row) => string,
): Promise<{ rows: Row[]; nextPageStart: string }> {
  const after = decodeCursor(query.start, z.string());
  const { rows, next } = await page(query.limit, (limit) => fetch({ after, limit }), nameOf);
  return { rows, nextPageStart: next ?? '' };
}
