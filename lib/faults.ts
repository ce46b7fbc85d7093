// Faults that no route handler of ours gets to answer (SPEC 10, "Faults answer honestly"): an error a
// library swallows (next-auth catches whatever its `authorize` throws) or one that Next.js renders as
// its own 500 page (a page or a server action whose query found no database). Each request gets a
// record of them; the server turns a 500 that the database's absence caused into a 503.
import { AsyncLocalStorage } from 'node:async_hooks';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { DATABASE_UNAVAILABLE_MESSAGE, isDatabaseUnavailable, RETRY_AFTER_SECONDS } from '@/lib/errors';

export type RequestFaults = { error?: unknown };

// On globalThis: scripts/server.ts and each bundle Next.js builds (instrumentation, routes) load
// this file separately, and must share the one storage.
const key = Symbol.for('berth.requestFaults');
const store = globalThis as unknown as { [key]?: AsyncLocalStorage<RequestFaults> };
const storage = (store[key] ??= new AsyncLocalStorage<RequestFaults>());

/** Records the first fault of the current request (a no-op outside one). */
export function noteFault(error: unknown) {
  const faults = storage.getStore();
  if (faults && faults.error === undefined) faults.error = error;
}

/** Runs `fn` with a record of its own, and answers what it noted along with its result. */
export async function withFaults<T>(fn: () => Promise<T>): Promise<{ result: T; faults: RequestFaults }> {
  const faults: RequestFaults = {};
  const result = await storage.run(faults, fn);
  return { result, faults };
}

/** Paths whose clients read JSON: the error envelope there, a page for people everywhere else. */
const JSON_PATHS = /^\/(api|enzi|auth|v2|_ping|health)(\/|$|\?)/;

/** Headers of Next's answer that still hold for ours. */
const KEPT_HEADERS = ['content-security-policy', 'x-frame-options', 'x-content-type-options', 'referrer-policy', 'permissions-policy'];

function unavailableBody(url: string): { type: string; body: string } {
  if (JSON_PATHS.test(url)) {
    return { type: 'application/json', body: JSON.stringify({ errors: [{ code: 'UNAVAILABLE', message: DATABASE_UNAVAILABLE_MESSAGE }] }) };
  }
  const body = `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Unavailable · Berth</title></head>
<body style="font-family: system-ui, sans-serif; max-width: 36rem; margin: 4rem auto; padding: 0 1rem">
<h1>Berth is unavailable</h1><p>${DATABASE_UNAVAILABLE_MESSAGE}.</p></body></html>
`;
  return { type: 'text/html; charset=utf-8', body };
}

/**
 * Serves one request through `handle` with a record of its faults. Should its answer start as a 5xx
 * while the record holds a database that cannot be reached, the client gets 503 UNAVAILABLE with
 * Retry-After instead (JSON for the APIs and the registry, a short page for people), and whatever
 * Next.js goes on writing is dropped.
 */
export function serveWithFaults(req: IncomingMessage, res: ServerResponse, handle: () => unknown) {
  const faults: RequestFaults = {};
  const original = { writeHead: res.writeHead, write: res.write, end: res.end };
  let decided = false;
  let replaced = false;

  const decide = (status: number) => {
    if (decided) return;
    decided = true;
    if (status < 500 || !isDatabaseUnavailable(faults.error)) return;
    const kept = Object.fromEntries(KEPT_HEADERS.flatMap((name) => (res.hasHeader(name) ? [[name, res.getHeader(name)!]] : [])));
    for (const name of res.getHeaderNames()) res.removeHeader(name);
    const { type, body } = unavailableBody(req.url ?? '/');
    original.writeHead.call(res, 503, {
      ...kept,
      'Content-Type': type,
      'Content-Length': Buffer.byteLength(body),
      'Retry-After': String(RETRY_AFTER_SECONDS),
      'Cache-Control': 'no-store',
    });
    (original.end as (chunk?: string) => ServerResponse).call(res, req.method === 'HEAD' ? undefined : body);
    // Only now: Node's writeHead sets its headers through res.setHeader, which drops them once replaced.
    replaced = true;
  };
  const callbackOf = (args: unknown[]) => args.find((a): a is () => void => typeof a === 'function');

  res.writeHead = function (this: ServerResponse, status: number, ...rest: unknown[]) {
    decide(status);
    if (replaced) return this;
    return (original.writeHead as (...a: unknown[]) => ServerResponse).call(this, status, ...rest);
  } as ServerResponse['writeHead'];
  res.write = function (this: ServerResponse, ...args: unknown[]) {
    decide(this.statusCode);
    if (!replaced) return (original.write as (...a: unknown[]) => boolean).apply(this, args);
    callbackOf(args)?.();
    return true;
  } as ServerResponse['write'];
  res.end = function (this: ServerResponse, ...args: unknown[]) {
    decide(this.statusCode);
    if (!replaced) return (original.end as (...a: unknown[]) => ServerResponse).apply(this, args);
    callbackOf(args)?.();
    return this;
  } as ServerResponse['end'];

  // Headers Next.js would still set on an answer already sent are dropped with its body.
  const setHeader = res.setHeader;
  res.setHeader = function (this: ServerResponse, ...args: Parameters<ServerResponse['setHeader']>) {
    return replaced ? this : setHeader.apply(this, args);
  } as ServerResponse['setHeader'];

  return storage.run(faults, handle);
}
