// How one API operation is declared: once, beside its siblings in a file per domain. The route reads its
// query and body through the schemas declared here, and the document (document.ts) is built from the
// same declarations, so the two cannot tell different stories.
import { z } from 'zod';

export type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';

/** Response headers the document knows (components.headers); a response names those it sends. */
export const HEADERS = {
  'X-Next-Page-Start': {
    description: 'The cursor of the next page, for `pageStart`; absent on the last page.',
    schema: z.string().regex(/^[A-Za-z0-9_-]+$/),
  },
  'X-Resource-Count': { description: 'The number of items in the whole list, with `count=true`.', schema: z.int().min(0) },
  'WWW-Authenticate': { description: 'How to authenticate.', schema: z.string() },
  'Retry-After': { description: 'Seconds to wait before trying again.', schema: z.int().min(0) },
  'Cache-Control': { description: 'The answer carries a secret and is not to be stored.', schema: z.string().regex(/no-store/) },
  'Docker-Distribution-Api-Version': { description: 'The registry API version.', schema: z.literal('registry/2.0') },
} as const;
export type HeaderName = keyof typeof HEADERS;

/** A header in a response: `required` ones are always sent, the others when they apply. */
export type HeaderUse = { name: HeaderName; required: boolean };
export const header = (name: HeaderName, required = true): HeaderUse => ({ name, required });

/** What an MSR list answers beside its rows (SPEC 5). */
export const PAGE_HEADERS = [header('X-Next-Page-Start', false), header('X-Resource-Count', false)];

export type ResponseSpec = {
  description: string;
  /** The JSON body; none for an empty answer. */
  json?: z.ZodType;
  headers?: HeaderUse[];
};

/**
 * `api`: Basic (password or token), Bearer (token) or the web session (SPEC 5); `public`: nothing;
 * `registry`: anonymous or Basic (the token service).
 */
export type Access = 'api' | 'public' | 'registry';

export type Operation = {
  method: Method;
  /** The path as the document names it, with `{param}` for each dynamic segment. */
  path: string;
  operationId: string;
  tag: string;
  summary: string;
  description?: string;
  access: Access;
  params?: z.ZodObject;
  query?: z.ZodObject;
  /** A JSON body; `form` for an application/x-www-form-urlencoded one. */
  body?: z.ZodType;
  form?: z.ZodObject;
  responses: Record<number, ResponseSpec>;
  /**
   * For `api` operations, the statuses answered with MSR's error envelope; left out, they follow from
   * the operation (see apiErrors).
   */
  errors?: number[];
};

/** Declares an operation; typed so that the route can use its schemas as they are. */
export const operation = <const O extends Operation>(op: O): O => op;

const ERROR_TEXT: Record<number, string> = {
  400: 'Invalid parameters or body (`INVALID_PARAMETERS`, `INVALID_JSON`, …)',
  401: 'Not authenticated (`NOT_AUTHENTICATED`)',
  403: 'Not allowed (`NOT_AUTHORIZED`)',
  404: 'No such user, account, repository, team or token',
  409: 'Lost a race with another change (`CONFLICT`); may be tried again',
  413: 'The body is over 64 KiB',
  429: 'Too many failed credentials (`TOO_MANY_REQUESTS`)',
  500: 'An internal error (`INTERNAL_ERROR`); no detail is given',
  503: 'The database cannot be reached (`UNAVAILABLE`)',
};
export const errorDescription = (status: number) => ERROR_TEXT[status] ?? 'An error';

/** Headers an error envelope of this status carries. */
export function errorHeaders(status: number): HeaderUse[] {
  if (status === 401) return [header('WWW-Authenticate')];
  if (status === 429 || status === 503) return [header('Retry-After')];
  return [];
}

/**
 * The envelope's statuses of an `api` operation: every one may be refused (400, 401, 403), name what
 * is not there (404), be throttled (429) or meet the database away (503); a write may lose a race
 * (409) and a body may be too large (413).
 */
export function apiErrors(op: Operation): number[] {
  if (op.errors) return op.errors;
  const statuses = [400, 401, 403, 404, 429, 500, 503];
  if (op.method !== 'get') statuses.push(409);
  if (op.body) statuses.push(413);
  return statuses.sort();
}
