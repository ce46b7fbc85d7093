// The authenticating reverse proxy in front of the distribution registry (SPEC 6), entered from the
// Pages API route with the raw Node request and response (docs/decisions/005-registry-proxy.md).
// A request follows the files of this folder in order: its URL is split and routed here, the caller
// identified (caller.ts), the request authorized (authorize.ts), then forwarded (forward.ts, or the
// blob relay) or answered by Berth itself (the base endpoint, catalog.ts).
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import { config } from '@/lib/config';
import { countTokenUse } from '@/lib/access-tokens/usage-counter';
import { countPull, countPush } from '@/lib/repositories/registry-access';
import { registryService } from '@/lib/registry/access';
import { authorizeRepository, checkedMount, type RepositoryRoute } from '@/lib/registry/authorize';
import { canRelayRaw, relayRaw } from '@/lib/registry/blob-relay';
import { identify } from '@/lib/registry/caller';
import { serveCatalog } from '@/lib/registry/catalog';
import { headerSource, type Caller, type RegistryContext, type RegistryProxyOptions } from '@/lib/registry/context';
import { collecting, upstreamUrl as embeddedUpstreamUrl } from '@/lib/registry/embedded/state';
import { bearerChallenge, pausedForCollection, RegistryError, registryErrorFor, unauthorized } from '@/lib/registry/errors';
import { clientHeaders, forward, upstreamHeaders } from '@/lib/registry/forward';
import { connectionClosing, enterConnection, sendError, sendJson } from '@/lib/registry/respond';
import { badRequest, checkBody, requestFraming, type Framing } from '@/lib/registry/framing';
import { afterPush, refuseImmutableMove } from '@/lib/registry/push-hooks';
import { parseQuery, parseRegistryPath } from '@/lib/registry/routes';
import { upstreamClient } from '@/lib/registry/upstream-client';
import { sharedUpstreamPool, type Lease, type UpstreamPool } from '@/lib/registry/upstream-pool';
import { clientIp, publicOrigin } from '@/lib/request';
import { log } from '@/lib/log';

/** The upstream path: the route as parsed and the query as serialized again, never the client's text. */
function upstreamPath(ctx: RegistryContext, upstream: URL, query: URLSearchParams) {
  const search = query.toString();
  return `${upstream.pathname.replace(/\/$/, '')}/v2/${ctx.path}${search ? `?${search}` : ''}`;
}

async function serveRepository(ctx: RegistryContext, caller: Caller, route: RepositoryRoute, framing: Framing, options: RegistryProxyOptions) {
  const method = ctx.req.method ?? 'GET';
  const authorized = await authorizeRepository(ctx, caller, route);
  const upstreamUrl = options.upstreamUrl ?? embeddedUpstreamUrl();
  if (!upstreamUrl) {
    throw new RegistryError('UNAVAILABLE', 503, 'no registry is configured behind Berth: install docker-registry or set REGISTRY_UPSTREAM_URL');
  }
  if (method !== 'GET' && method !== 'HEAD' && !options.upstreamUrl && collecting(config.dataDir)) throw pausedForCollection();
  const repositoryId = authorized.repositoryId ?? (await authorized.create?.());
  if (repositoryId === null) throw new RegistryError('NAME_UNKNOWN', 404, 'the namespace was deleted while the push started', {}, { name: route.name });

  const query = route.kind === 'upload' && method === 'POST' ? await checkedMount(caller, ctx.query) : ctx.query;
  const push = repositoryId ? { principal: caller.principal, repositoryId, route, method, client: upstreamClient(upstreamUrl) } : null;
  if (push) await refuseImmutableMove(push);

  // Next.js compresses compressible responses (manifests are +json); registry bodies pass untouched,
  // so the header is taken off the request its compression middleware reads and sent upstream instead.
  const acceptEncoding = ctx.req.headers['accept-encoding'];
  delete ctx.req.headers['accept-encoding'];

  const upstream = new URL(upstreamUrl);
  const exchange = {
    req: ctx.req,
    res: ctx.res,
    origin: ctx.origin,
    upstream,
    path: upstreamPath(ctx, upstream, query),
    headers: upstreamHeaders(ctx.req, framing, acceptEncoding),
    framing,
  };
  const pool = options.pool ?? sharedUpstreamPool();
  const lease = await leaseFor(ctx, caller, pool);
  try {
    // An earlier request on this connection was refused and closes it; this one's answer would never
    // be written, so it goes nowhere (the refusal is queued behind that answer and dropped with it).
    if (connectionClosing(ctx.req) || ctx.req.destroyed) throw badRequest('an earlier request on this connection was refused');
    // Blob downloads take a bare TCP relay when they can (see lib/registry/blob-relay.ts).
    if (route.kind === 'blob' && canRelayRaw(ctx.req, upstream)) {
      const responseHeaders = (h: IncomingHttpHeaders) => clientHeaders(h, upstream, ctx.origin);
      if (await relayRaw(ctx.res, { ...exchange, responseHeaders })) return;
    }
    await forward({
      ...exchange,
      agent: pool.agentFor(upstream),
      bodyIdleMs: options.bodyIdleMs ?? config.registryBodyIdleMs,
      stalled: stalledBody(route),
      onResponse: (status, headers) => {
        if (!push) return;
        if (route.kind === 'manifest') {
          // A pull is a manifest GET answered 200, a push a manifest PUT answered 201 (docs/decisions/035).
          const pulled = method === 'GET' && status === 200;
          const pushed = method === 'PUT' && status === 201;
          if (caller.principal && (pulled || pushed)) countTokenUse(caller.principal, pulled ? 'pulls' : 'pushes');
          const count = pulled ? countPull : pushed ? countPush : null;
          count?.(push.repositoryId).catch((error) => log.error({ err: error }, 'could not count a registry pull or push'));
        }
        return afterPush(push, status, headers);
      },
    });
  } finally {
    lease.release();
  }
}

/** Waits for an upstream connection of the caller's share: a user's, or the address's when anonymous. */
async function leaseFor(ctx: RegistryContext, caller: Caller, pool: UpstreamPool): Promise<Lease> {
  const client = caller.principal ? `user:${caller.principal.user.id}` : `address:${clientIp(headerSource(ctx.req.headers))}`;
  const gone = new AbortController();
  const onClose = () => gone.abort();
  ctx.res.once('close', onClose);
  try {
    return await pool.acquire(client, gone.signal);
  } finally {
    ctx.res.off('close', onClose);
  }
}

/** The answer to a request body that sent nothing for the idle timeout. */
function stalledBody(route: RepositoryRoute): RegistryError {
  const code = route.kind === 'manifest' ? 'MANIFEST_INVALID' : 'BLOB_UPLOAD_INVALID';
  return new RegistryError(code, 408, 'the request body stopped arriving; the upload was cut off', { Connection: 'close' });
}

function splitUrl(url: string): { rest: string; query: string } | null {
  const q = url.indexOf('?');
  const path = q < 0 ? url : url.slice(0, q);
  const query = q < 0 ? '' : url.slice(q + 1);
  // Reached through a rewrite: the request keeps its /v2 URL, but take the rewritten form too.
  const match = /^\/(?:v2|api\/registry)(?:\/(.*))?$/.exec(path);
  return match ? { rest: match[1] ?? '', query } : null;
}

/** Handles one `/v2/…` request end to end. */
export async function handleRegistryRequest(req: IncomingMessage, res: ServerResponse, options: RegistryProxyOptions = {}): Promise<void> {
  enterConnection(req);
  const headers = headerSource(req.headers);
  const origin = publicOrigin(headers);
  const service = registryService(headers);
  try {
    const parts = splitUrl(req.url ?? '/');
    if (!parts) throw new RegistryError('NAME_UNKNOWN', 404, 'not a registry path');
    // Framing and query first: a request the registry could read differently goes nowhere.
    const framing = requestFraming(req);
    const query = parseQuery(parts.query);
    if (!query) throw new RegistryError('UNSUPPORTED', 400, 'a query parameter may appear only once');
    const path = parts.rest.replace(/%3a/gi, ':');
    const route = parseRegistryPath(path);
    if (route) checkBody(req, framing, route, query);
    const ctx: RegistryContext = { req, res, origin, service, path, query };
    const caller = await identify(ctx);
    if (!route) throw new RegistryError('NAME_UNKNOWN', 404, 'not a registry path');
    if (route.kind === 'base') {
      // Answered here, upstream or not, so that `docker login` works against any Berth.
      if (caller.presented === 'none') throw unauthorized(bearerChallenge(origin, service));
      sendJson(res, 200, {});
      return;
    }
    if (route.kind === 'catalog') return await serveCatalog(ctx, caller);
    await serveRepository(ctx, caller, route, framing, options);
  } catch (error) {
    // A registry error as it is; the database away is 503 UNAVAILABLE with Retry-After (SPEC 10).
    sendError(res, registryErrorFor(error, 'the registry proxy'));
  }
}
