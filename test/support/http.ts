// Calling App Router route handlers as Next does, and reading their answers.
import { expect } from 'vitest';
import { checkResponse } from './openapi';

export const BASE = 'http://localhost';

export const basic = (username: string, secret: string) =>
  `Basic ${Buffer.from(`${username}:${secret}`).toString('base64')}`;

export const bearer = (token: string) => `Bearer ${token}`;

type Handler<P> = (request: Request, context: { params: Promise<P> }) => Promise<Response>;

export type AnyHandler = Handler<Record<string, string>>;

/** Loosens a typed route handler for tables of cases. */
export const handler = (h: unknown) => h as AnyHandler;

export type CallOptions<P> = {
  auth?: string;
  /** A value is sent as JSON; a string is sent as it is (for malformed bodies). */
  body?: unknown;
  params?: P;
  headers?: Record<string, string>;
};

/**
 * Calls an App Router route handler as Next would, with a real Request and its params; the answer is
 * held to the OpenAPI document (test/support/openapi.ts), and one that does not match fails the test.
 */
export async function call<P extends Record<string, string>>(
  handler: Handler<P>,
  method: string,
  path: string,
  opts: CallOptions<P> = {},
): Promise<Response> {
  const headers = new Headers(opts.headers);
  if (opts.auth) headers.set('authorization', opts.auth);
  let body: string | undefined;
  if (opts.body !== undefined) {
    body = typeof opts.body === 'string' ? opts.body : JSON.stringify(opts.body);
    headers.set('content-type', 'application/json');
  }
  const request = new Request(new URL(path, BASE), { method, headers, body });
  return checkResponse(handler, await handler(request, { params: Promise.resolve(opts.params ?? ({} as P)) }));
}

/** Sends a Request of the test's own making to a route handler; the answer is held to the document too. */
export async function send(handler: unknown, request: Request, params: Record<string, string> = {}): Promise<Response> {
  return checkResponse(handler, await (handler as AnyHandler)(request, { params: Promise.resolve(params) }));
}

/** The JSON body of a successful answer, after checking its status. */
export async function expectJson<T = unknown>(response: Response, status = 200): Promise<T> {
  const text = await response.text();
  expect(response.status, text).toBe(status);
  return JSON.parse(text) as T;
}

/** A 204 answer (its body, if any, is the message of a failure). */
export async function expectNoContent(response: Response) {
  expect(response.status, await response.clone().text()).toBe(204);
}

/**
 * An MSR error answer: exactly `{"errors":[{"code","message"}]}` with the expected status and code;
 * a 401 also tells the client how to authenticate.
 */
export async function expectError(response: Response, status: number, code: string) {
  const text = await response.text();
  expect(response.status, text).toBe(status);
  expect(response.headers.get('content-type')).toMatch(/^application\/json/);
  const body = JSON.parse(text);
  expect(body).toEqual({ errors: [{ code, message: expect.any(String) }] });
  expect(body.errors[0].message.length).toBeGreaterThan(0);
  if (status === 401) expect(response.headers.get('www-authenticate')).toBe('Basic realm="berth"');
  return body.errors[0] as { code: string; message: string };
}

/** An MSR list query, with `&pageStart=` when there is a cursor. */
export const withStart = (query: string, pageStart?: string | null) => `${query}${pageStart ? `&pageStart=${encodeURIComponent(pageStart)}` : ''}`;

/** One page of an MSR list: its rows and the paging headers. */
export type Page<T> = { rows: T[]; next: string | null; count: string | null };

/** Reads one page of an MSR list, after checking it is a 200. */
export async function readPage<T>(response: Response, rowsOf: (body: unknown) => T[]): Promise<Page<T>> {
  return {
    rows: rowsOf(await expectJson(response)),
    next: response.headers.get('x-next-page-start'),
    count: response.headers.get('x-resource-count'),
  };
}

/** Follows X-Next-Page-Start to the end, calling `between` after every page but the last. */
export async function walkPages<T>(
  fetchPage: (pageStart: string | null) => Promise<Page<T>>,
  between: (page: Page<T>, index: number) => Promise<void> = async () => {},
): Promise<Page<T>[]> {
  const pages: Page<T>[] = [];
  let pageStart: string | null = null;
  do {
    const page = await fetchPage(pageStart);
    pages.push(page);
    pageStart = page.next;
    if (pageStart) await between(page, pages.length);
  } while (pageStart && pages.length < 1000);
  return pages;
}

/** Follows X-Next-Page-Start until the last page; returns every page's rows. */
export async function allPages<T>(
  fetchPage: (pageStart?: string) => Promise<Response>,
  rowsOf: (body: unknown) => T[],
): Promise<T[]> {
  const rows: T[] = [];
  let pageStart: string | undefined;
  for (let i = 0; i < 1000; i++) {
    const response = await fetchPage(pageStart);
    rows.push(...rowsOf(await expectJson(response)));
    pageStart = response.headers.get('x-next-page-start') ?? undefined;
    if (!pageStart) return rows;
  }
  throw new Error('pagination did not end');
}

/** Every row of an eNZi list, following `nextPageStart` in the body. */
export async function allEnziPages<T>(fetchPage: (start?: string) => Promise<Response>, rowsOf: (body: never) => T[]): Promise<T[]> {
  const rows: T[] = [];
  let start: string | undefined;
  for (let i = 0; i < 1000; i++) {
    const body = await expectJson<never>(await fetchPage(start));
    rows.push(...rowsOf(body));
    start = (body as { nextPageStart: string }).nextPageStart || undefined;
    if (!start) return rows;
  }
  throw new Error('pagination did not end');
}
