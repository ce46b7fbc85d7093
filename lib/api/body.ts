import { z } from 'zod';
import { ApiError, invalidParameters } from '@/lib/errors';

const MAX_BODY_BYTES = 64 * 1024;

/** Describes zod issues in one line a user can act on. */
export function describeIssues(error: z.ZodError): string {
  return error.issues
    .map((issue) => {
      const where = issue.path.length ? `${issue.path.join('.')}: ` : '';
      return `${where}${issue.message}`;
    })
    .join('; ');
}

export function parseOrThrow<T extends z.ZodType>(schema: T, input: unknown): z.infer<T> {
  const parsed = schema.safeParse(input);
  if (!parsed.success) throw invalidParameters(describeIssues(parsed.error));
  return parsed.data;
}

/**
 * The body's bytes, or null as soon as they pass `maxBytes`: a declared length is checked first, and
 * a body sent without one (chunked) is read only up to the limit, never buffered whole.
 */
export async function readBounded(request: Request, maxBytes: number): Promise<Uint8Array<ArrayBuffer> | null> {
  if (Number(request.headers.get('content-length') ?? 0) > maxBytes) return null;
  if (!request.body) return new Uint8Array();
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel().catch(() => {});
      return null;
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}

/** A body of at most 64 KiB, or 413. */
export async function readBody(request: Request): Promise<Uint8Array<ArrayBuffer>> {
  const bytes = await readBounded(request, MAX_BODY_BYTES);
  if (!bytes) throw new ApiError('INVALID_PARAMETERS', 413, 'Request body is too large');
  return bytes;
}

/** Reads a JSON body against a strict schema; an empty body counts as `{}`. */
export async function readJson<T extends z.ZodType>(request: Request, schema: T): Promise<z.infer<T>> {
  return parseOrThrow(schema, parseJson(await readBody(request)));
}

/** The value of a JSON body, which is UTF-8 (RFC 8259); an empty body counts as `{}`. */
export function parseJson(bytes: Uint8Array): unknown {
  let text: string;
  try {
    // Strict: a replacement character stored in place of bytes that are not UTF-8 would not be what was sent.
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new ApiError('INVALID_JSON', 400, 'Request body is not UTF-8');
  }
  if (!text.trim()) return {};
  try {
    return JSON.parse(text);
  } catch {
    throw new ApiError('INVALID_JSON', 400, 'Request body is not valid JSON');
  }
}

/** Query parameters as a plain object for a zod schema. */
export function queryOf(request: Request): Record<string, string> {
  return Object.fromEntries(new URL(request.url).searchParams);
}
