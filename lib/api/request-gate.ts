// At most so many requests inside Next.js at once; the others wait their turn outside, where waiting
// costs nothing (decision 022). The server is one event loop: with 64 requests in progress, each of
// their steps takes turns with every step of every other, so a load balancer's `/_ping` waited
// 200 ms and `/api/health` 400 ms at p99 while nothing was wrong. Only reads are gated: a request
// with a body holds no turn while its client sends it slowly (a few slow senders must not close the
// gate on everyone). The health checks and the registry API (long transfers, with limits of their
// own: lib/registry/upstream-pool.ts) never wait here.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { isRegistryUrl } from '@/lib/registry/server-timeouts';

/**
 * As many as a load of 16 clients keeps in progress (fewer cost throughput: decision 022), and few
 * enough that a step of a health check waits behind a handful of others, not dozens.
 */
export const REQUESTS_IN_PROGRESS = 16;

const HEALTH_CHECK = /^\/(?:_ping|api\/health)(?:\?|$)/;

/** A gate for the server's request handler: `admit(req, res, serve)` calls `serve` now or in turn. */
export function requestGate(limit = REQUESTS_IN_PROGRESS) {
  let inProgress = 0;
  const waiting: (() => void)[] = [];
  const release = () => {
    const next = waiting.shift();
    if (next) next();
    else inProgress--;
  };
  return function admit(req: IncomingMessage, res: ServerResponse, serve: () => void) {
    const read = req.method === 'GET' || req.method === 'HEAD';
    if (!read || HEALTH_CHECK.test(req.url ?? '') || isRegistryUrl(req.url)) return serve();
    const enter = () => {
      // A client that went away while it waited is not served; its turn passes on.
      if (req.socket.destroyed) return release();
      res.once('close', release);
      serve();
    };
    if (inProgress < limit) {
      inProgress++;
      enter();
    } else waiting.push(enter);
  };
}
