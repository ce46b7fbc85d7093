// Writing the proxy's own answers (refusals, the base endpoint, the catalog) on the raw response.
import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { API_VERSION_HEADER, type RegistryError } from '@/lib/registry/errors';

// Node hands pipelined requests to the handler before the answers of earlier ones are written. When
// an answer closes its connection, the requests pipelined after it on that connection must not reach
// the upstream: their answers would never be written. Requests are numbered per connection as they
// enter the proxy, which is the order Node parsed them in.
type Connection = { entered: number; closesAfter: number };
const connections = new WeakMap<Socket, Connection>();
const positions = new WeakMap<IncomingMessage, number>();

const connectionOf = (req: IncomingMessage): Connection => {
  let connection = connections.get(req.socket);
  if (!connection) connections.set(req.socket, (connection = { entered: 0, closesAfter: Infinity }));
  return connection;
};

/** Numbers a request on its connection; called first thing for every request. */
export function enterConnection(req: IncomingMessage) {
  positions.set(req, connectionOf(req).entered++);
}

/** Whether an earlier answer on this connection closes it: then nothing of this request goes upstream. */
export const connectionClosing = (req: IncomingMessage) => (positions.get(req) ?? 0) > connectionOf(req).closesAfter;

/** A request whose body has not all arrived (a bodiless one may not be marked complete yet either). */
const bodyPending = (req: IncomingMessage) =>
  !req.complete && (req.headers['transfer-encoding'] !== undefined || (req.headers['content-length'] ?? '0') !== '0');

/**
 * Writes a refusal. A request whose body has not all arrived gets its connection closed after the
 * answer, rather than read to its end: a refused upload need not be received.
 */
export function sendError(res: ServerResponse, error: RegistryError) {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  const body = error.body();
  const headers = { ...error.allHeaders(), ...(bodyPending(res.req) ? { Connection: 'close' } : {}) };
  if (headers.Connection === 'close') {
    const connection = connectionOf(res.req);
    connection.closesAfter = Math.min(connection.closesAfter, positions.get(res.req) ?? 0);
  }
  res.writeHead(error.status, { ...headers, 'Content-Length': Buffer.byteLength(body) });
  res.end(body);
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: OutgoingHttpHeaders = {}) {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
    ...API_VERSION_HEADER,
    ...headers,
  });
  res.end(text);
}
