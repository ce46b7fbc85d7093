import Link from 'next/link';
import { z } from 'zod';
import { cursorOrFirstPage, page } from '@/lib/api/pagination';

/** A page's search parameters as Next hands them over. */
export type SearchParams = Record<string, string | string[] | undefined>;

// A cursor typed into the address bar: anything but one short string means the first page.
const cursorParam = z.string().max(1024).optional().catch(undefined);

/** The cursor of one list of a page, from its own search parameter (a page may show several lists). */
export function cursorIn(params: SearchParams, key: string): string | undefined {
  return cursorParam.parse(params[key]);
}

/** The same page with one list's cursor set (or cleared for its first page), the other parameters kept. */
export function pageHref(path: string, params: SearchParams, key: string, cursor?: string): string {
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) {
    if (name !== key && typeof value === 'string') query.set(name, value);
  }
  if (cursor) query.set(key, cursor);
  const search = query.toString();
  return search ? `${path}?${search}` : path;
}

/** One page of a list whose cursor (of `schema`'s shape) is the URL's parameter `key`. */
export async function keyPageOf<S extends z.ZodType, Row>(
  params: SearchParams,
  key: string,
  size: number,
  schema: S,
  fetch: (opts: { after?: z.infer<S>; limit: number }) => Promise<Row[]>,
  keyOf: (row: Row) => z.infer<S>,
) {
  const after = cursorOrFirstPage(cursorIn(params, key), schema);
  const result = await page(size, (limit) => fetch({ after, limit }), keyOf);
  return { ...result, first: after === undefined };
}

const nameCursor = z.string().max(256);

/** One page of a list in name order (accounts, members, teams). */
export function namePageOf<Row>(params: SearchParams, key: string, size: number, fetch: (opts: { after?: string; limit: number }) => Promise<Row[]>, nameOf: (row: Row) => string) {
  return keyPageOf(params, key, size, nameCursor, fetch, nameOf);
}

type PagerProps = {
  /** What the list holds, plural: "users", "members". */
  label: string;
  path: string;
  params: SearchParams;
  /** The list's cursor parameter in the URL. */
  cursorKey?: string;
  next?: string;
  first: boolean;
  /** The whole list's size, where the API offers one. */
  count?: number;
  /** The rows on this page, for "Showing 50 of 53 tokens". */
  shown?: number;
};

/**
 * Keyset paging for a list: the cursor lives in the URL, so reload, Back and a shared link keep the
 * page, and it works without script. Nothing is rendered for a list that fits on one page and has no count.
 */
export function Pager({ label, path, params, cursorKey = 'pageStart', next, first, count, shown }: PagerProps) {
  if (first && !next && count === undefined) return null;
  return (
    <nav aria-label={`Pages of ${label}`} className="flex flex-wrap items-center gap-3 text-sm">
      {count !== undefined && (
        <p className="text-slate-600">{shown === undefined ? `${count} ${label} in all` : `Showing ${shown} of ${count} ${label}`}</p>
      )}
      {!first && (
        <Link className="btn-secondary" href={pageHref(path, params, cursorKey)}>
          First page
        </Link>
      )}
      {next && (
        <Link className="btn-secondary" href={pageHref(path, params, cursorKey, next)} rel="next">
          Next page
        </Link>
      )}
    </nav>
  );
}
