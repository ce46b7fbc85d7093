// The HTTP server's timeouts (scripts/server.ts), set for /v2 (docs/decisions/011-proxy-framing-and-fairness.md).
// Node's `requestTimeout` (300 s by default) is a total limit on receiving a request: it would answer
// 408 to a long upload that is still sending. So it is off on the server, and kept for every other
// route by a timer of our own; /v2 bodies get an idle timeout instead (forward.ts), and the headers
// timeout stays on for every route, so a slow sender of headers (slowloris) is still cut off.
import type { IncomingMessage, Server, ServerResponse } from 'node:http';

export type ServerTimeouts = {
  /** Time to receive a request's headers, every route. */
  headersMs: number;
  /** Time to receive a whole request, every route but /v2 (Node's requestTimeout). */
  requestMs: number;
  /** Time a kept-alive connection may sit idle between requests. */
  keepAliveMs: number;
};

/** Node's defaults for headers and requests; keep-alive longer than a load balancer's usual 60 s. */
export const SERVER_TIMEOUTS: ServerTimeouts = { headersMs: 60_000, requestMs: 300_000, keepAliveMs: 65_000 };

/** The registry API, as the client addresses it or as the rewrite to the Pages route names it. */
export const isRegistryUrl = (url: string | undefined) => /^\/(?:v2|api\/registry)(?:[/?]|$)/.test(url ?? '');

const TIMEOUT_ANSWER = 'HTTP/1.1 408 Request Timeout\r\nConnection: close\r\nContent-Length: 0\r\n\r\n';

/**
 * Outside /v2, a request not received in full within `requestMs` is answered 408 and its connection
 * closed, as Node's requestTimeout would.
 */
function limitRequestTime(req: IncomingMessage, res: ServerResponse, requestMs: number) {
  const timer = setTimeout(() => {
    if (req.complete) return;
    const socket = req.socket;
    if (res.headersSent) socket.destroy();
    else socket.end(TIMEOUT_ANSWER);
  }, requestMs);
  timer.unref();
  // A request is over (received, or its connection gone) when it closes.
  req.once('close', () => clearTimeout(timer));
}

export function applyServerTimeouts(server: Server, timeouts: ServerTimeouts = SERVER_TIMEOUTS) {
  server.headersTimeout = timeouts.headersMs;
  server.requestTimeout = 0;
  server.keepAliveTimeout = timeouts.keepAliveMs;
  server.prependListener('request', (req: IncomingMessage, res: ServerResponse) => {
    if (!isRegistryUrl(req.url)) limitRequestTime(req, res, timeouts.requestMs);
  });
}
