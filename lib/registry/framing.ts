// How a request body is framed, decided once, before anything goes upstream (SPEC 10, "One client
// request is one upstream request"; docs/decisions/011-proxy-framing-and-fairness.md). Node's parser
// has already refused what it cannot frame (Content-Length with Transfer-Encoding, duplicate or
// signed lengths, obs-fold, bare LF, a coding list not ending in chunked); what it lets through and
// the registry might read differently is refused here from the raw headers, with 400.
import type { IncomingMessage } from 'node:http';
import type { OutgoingHttpHeaders } from 'node:http';
import { RegistryError } from '@/lib/registry/errors';
import type { RegistryRoute } from '@/lib/registry/routes';

/** The body of a request: none, a known number of bytes, or chunked (Node de-chunks, the upstream request re-chunks). */
export type Framing = { body: 'none' } | { body: 'length'; length: number } | { body: 'chunked' };

/** The refusal of a request whose framing or body the proxy will not pass on. */
export const badRequest = (message: string) => new RegistryError('UNSUPPORTED', 400, message, { Connection: 'close' });

/** Every value of one header as the client sent them, from the raw header list. */
function rawValues(req: IncomingMessage, name: string): string[] {
  const values: string[] = [];
  for (let i = 0; i < req.rawHeaders.length; i += 2) {
    if (req.rawHeaders[i].toLowerCase() === name) values.push(req.rawHeaders[i + 1]);
  }
  return values;
}

/** The framing the client's headers declare; throws 400 for anything but one length or exactly `chunked`. */
export function requestFraming(req: IncomingMessage): Framing {
  const lengths = rawValues(req, 'content-length');
  const codings = rawValues(req, 'transfer-encoding');
  if (lengths.length > 0 && codings.length > 0) throw badRequest('a request may not carry both Content-Length and Transfer-Encoding');
  if (codings.length > 0) {
    // RFC 9112 6.1: Transfer-Encoding in an HTTP/1.0 message means its framing is faulty.
    if (req.httpVersion !== '1.1') throw badRequest('Transfer-Encoding is not accepted in an HTTP/1.0 request');
    if (codings.length > 1 || codings[0].trim().toLowerCase() !== 'chunked') {
      throw badRequest('the only transfer coding accepted is Transfer-Encoding: chunked, alone');
    }
    return { body: 'chunked' };
  }
  if (lengths.length > 1) throw badRequest('a request may carry one Content-Length');
  if (lengths.length === 0) return { body: 'none' };
  const value = lengths[0].trim();
  if (!/^\d{1,15}$/.test(value)) throw badRequest('Content-Length must be a number of bytes');
  const length = Number(value);
  return length === 0 ? { body: 'none' } : { body: 'length', length };
}

/**
 * Whether the registry API takes a body on this request: a blob upload's PATCH and closing PUT, a
 * manifest PUT, and an upload start with `digest` (the monolithic POST). Nothing else reads one.
 */
export function takesBody(method: string, route: RegistryRoute, query: URLSearchParams): boolean {
  if (route.kind === 'manifest') return method === 'PUT';
  if (route.kind !== 'upload') return false;
  if (route.uuid) return method === 'PATCH' || method === 'PUT';
  return method === 'POST' && query.has('digest');
}

/**
 * A form body would be read by the registry as parameters (Go's `FormValue` prefers the body to the
 * query), so a mount's `from` could hide there: such bodies never go upstream.
 */
function isFormType(contentType: string | undefined): boolean {
  const type = (contentType ?? '').split(';')[0].trim().toLowerCase();
  return type === 'application/x-www-form-urlencoded' || type.startsWith('multipart/');
}

/** Throws 400 unless this request's body, if it has one, may go upstream. */
export function checkBody(req: IncomingMessage, framing: Framing, route: RegistryRoute, query: URLSearchParams) {
  if (framing.body === 'none') return;
  const method = req.method ?? 'GET';
  if (!takesBody(method, route, query)) throw badRequest(`this ${method} request takes no body`);
  if (isFormType(req.headers['content-type'])) throw badRequest('a form body is not accepted; the registry API takes its parameters in the query');
}

/** The framing headers of the upstream request: the client's length, chunked kept, or an explicit empty body. */
export function upstreamFraming(method: string, framing: Framing): OutgoingHttpHeaders {
  if (framing.body === 'length') return { 'content-length': String(framing.length) };
  if (framing.body === 'chunked') return { 'transfer-encoding': 'chunked' };
  return method === 'POST' || method === 'PUT' || method === 'PATCH' ? { 'content-length': '0' } : {};
}
