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

/** Reads a JSON body against a strict schema; an empty body counts as `{}`. */
export async function readJson<T extends z.ZodType>(request: Request, schema: T): Promise<z.infer<T>> {
  const declared = Number(request.headers.get('content-length') ?? 0);
  if (declared > MAX_BODY_BYTES) throw new ApiError('INVALID_PARAMETERS', 413, 'Request body is too large');
  const text = await request.text();
  if (Buffer.byteLength(text) > MAX_BODY_BYTES) throw new ApiError('INVALID_PARAMETERS', 413, 'Request body is too large');
  let value: unknown = {};
  if (text.trim()) {
    try {
      value = JSON.parse(text);
    } catch {
      throw new ApiError('INVALID_JSON', 400, 'Request body is not valid JSON');
    }
  }
  return parseOrThrow(schema, value);
}

/** Query parameters as a plain object for a zod schema. */
export function queryOf(request: Request): Record<string, string> {
  return Object.fromEntries(new URL(request.url).searchParams);
}
