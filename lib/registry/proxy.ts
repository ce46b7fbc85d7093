// The authenticating reverse proxy in front of the distribution registry (SPEC 6). It works on the
// raw Node request and response so that blobs stream both ways with backpressure and never sit in
// memory (docs/decisions/005-registry-proxy.md).
import http, { type IncomingHttpHeaders, type IncomingMessage, type OutgoingHttpHeaders, type ServerResponse } from 'node:http';
import https from 'node:https';
import type { Socket } from 'node:net';
import { pipeline } from 'node:stream';
import { config } from '@/lib/config';
import { parseBasic } from '@/lib/auth/basic';
import type { AuthResult } from '@/lib/auth/authenticate';
import type { Principal } from '@/lib/auth/principal';
import { atLeast, type AccessLevel } from '@/lib/repositories/permissions';
import { countPull, countPush, listCatalog } from '@/lib/repositories/registry-access';
import { authenticateSecret, principalForClaims } from '@/lib/auth/authenticate';
import { registryService, repositoryAccess } from '@/lib/registry/access';
import { API_VERSION_HEADER, bearerChallenge, RegistryError, tooManyRequests, unauthorized } from '@/lib/registry/errors';
import { canRelayRaw, relayRaw } from '@/lib/registry/blob-relay';
import { verifyRegistryToken } from '@/lib/registry/jwt';
import { isTag, parseRegistryPath, type RegistryRoute } from '@/lib/registry/routes';
import { grants, type ResourceAccess } from '@/lib/registry/scopes';
import { clientIp, publicOrigin, userAgent } from '@/lib/request';
import { looksLikeToken } from '@/lib/access-tokens/format';

const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-authenticate',
  'proxy-authorization',
  'proxy-connection',
  'te',
  'trailer',
  'trailers',
  'transfer-encoding',
  'upgrade',
]);

// Never passed upstream: our own credentials and client-IP header, the client's Host (the upstream
// builds its URLs from its own), and Expect (Node has already answered 100-continue).
const NOT_FORWARDED = new Set(['authorization', 'cookie', 'host', 'expect', 'x-berth-client-ip']);

// One pool of kept-alive connections per process; blobs stream through it.
const agents = {
  'http:': new http.Agent({ keepAlive: true, maxSockets: 256, maxFreeSockets: 32 }),
  'https:': new https.Agent({ keepAlive: true, maxSockets: 256, maxFreeSockets: 32 }),
};

function headerSource(headers: IncomingHttpHeaders): Pick<Headers, 'get'> {
  return {
    get(name: string) {
      const value = headers[name.toLowerCase()];
      return value === undefined ? null : Array.isArray(value) ? value.join(', ') : value;
    },
  };
}

function withoutHopByHop(headers: IncomingHttpHeaders, alsoDrop: Set<string>): OutgoingHttpHeaders {
  const listed = new Set(
    String(headers.connection ?? '')
      .split(',')
      .map((h) => h.trim().toLowerCase())
      .filter(Boolean),
  );
  const out: OutgoingHttpHeaders = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined || HOP_BY_HOP.has(name) || listed.has(name) || alsoDrop.has(name)) continue;
    out[name] = value;
  }
  return out;
}

/** Who is calling, and (for a JWT) the access the token service granted. */
type Caller = { principal: Principal | null; presented: 'none' | 'secret' | 'bearer'; jwtAccess?: ResourceAccess[] };

type Context = {
  req: IncomingMessage;
  res: ServerResponse;
  origin: string;
  service: string;
  /** Path and query after `/v2/`, as the client sent them. */
  rest: string;
  query: string;
};

function send(res: ServerResponse, error: RegistryError) {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  const body = error.body();
  res.writeHead(error.status, { ...error.allHeaders(), 'Content-Length': Buffer.byteLength(body) });
  res.end(body);
}

function sendJson(res: ServerResponse, status: number, body: unknown, headers: OutgoingHttpHeaders = {}) {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
    ...API_VERSION_HEADER,
    ...headers,
  });
  res.end(text);
}

/** A refusal for a credential that failed: the rate limit's 429, or 401 with a fresh challenge. */
function refused(result: Exclude<AuthResult, { ok: true }>, challenge: string): RegistryError {
  if (result.reason === 'throttled') return tooManyRequests(result.retryAfter);
  return unauthorized(challenge, result.reason === 'locked' ? 'password sign-in is locked; use an access token' : 'invalid username, password or access token');
}

async function identify(ctx: Context): Promise<Caller> {
  const authorization = ctx.req.headers.authorization;
  if (!authorization) return { principal: null, presented: 'none' };
  const space = authorization.indexOf(' ');
  const scheme = authorization.slice(0, space).toLowerCase();
  const value = authorization.slice(space + 1).trim();
  const headers = headerSource(ctx.req.headers);
  const request = { ip: clientIp(headers), userAgent: userAgent(headers) };
  const challenge = bearerChallenge(ctx.origin, ctx.service, undefined, 'invalid_token');
  if (scheme === 'basic') {
    const basic = parseBasic(value);
    if (!basic) throw unauthorized(challenge, 'malformed Basic credentials');
    const result = await authenticateSecret(basic, request, 'registry');
    if (!result.ok) throw refused(result, challenge);
    return { principal: result.principal, presented: 'secret' };
  }
  if (scheme === 'bearer') {
    // An access token works as a Bearer here as on the REST API; anything else must be our JWT.
    if (looksLikeToken(value)) {
      const result = await authenticateSecret({ secret: value }, request, 'registry');
      if (!result.ok) throw refused(result, challenge);
      return { principal: result.principal, presented: 'secret' };
    }
    const claims = await verifyRegistryToken(value, ctx.service);
    if (!claims) throw unauthorized(challenge, 'invalid or expired token');
    if (!claims.credential) return { principal: null, presented: 'bearer', jwtAccess: claims.access };
    const principal = await principalForClaims(claims.credential, request);
    // The credential behind the JWT was revoked, expired or changed: a fresh challenge, not 403.
    if (!principal) throw unauthorized(challenge, 'the credential behind this token is no longer valid');
    return { principal, presented: 'bearer', jwtAccess: claims.access };
  }
  throw unauthorized(bearerChallenge(ctx.origin, ctx.service), 'unsupported authorization scheme');
}

/** The JWT action and the access level a request needs (SPEC 6). */
function requirement(method: string, route: Exclude<RegistryRoute, { kind: 'base' | 'catalog' }>) {
  switch (method) {
    case 'GET':
    case 'HEAD':
      return { action: 'pull', actions: ['pull'], level: 'read-only' as AccessLevel };
    case 'POST':
    case 'PUT':
    case 'PATCH':
      return { action: 'push', actions: ['pull', 'push'], level: 'read-write' as AccessLevel };
    case 'DELETE': {
      const tag = route.kind === 'manifest' && isTag(route.reference);
      return { action: 'delete', actions: ['delete'], level: (tag ? 'read-write' : 'admin') as AccessLevel };
    }
    default:
      return null;
  }
}

async function serveCatalog(ctx: Context, caller: Caller) {
  const scope: ResourceAccess = { type: 'registry', name: 'catalog', actions: ['*'] };
  if (!caller.principal || (caller.jwtAccess && !grants(caller.jwtAccess, 'registry', 'catalog', '*'))) {
    const error = caller.presented === 'bearer' ? 'insufficient_scope' : undefined;
    throw unauthorized(bearerChallenge(ctx.origin, ctx.service, scope, error));
  }
  const params = new URLSearchParams(ctx.query);
  const n = Math.min(Math.max(Number.parseInt(params.get('n') ?? '100', 10) || 100, 1), 1000);
  const last = params.get('last') ?? undefined;
  const names = await listCatalog(caller.principal, { last, limit: n + 1 });
  const page = names.slice(0, n);
  const headers: OutgoingHttpHeaders = {};
  if (names.length > n) {
    headers.Link = `</v2/_catalog?last=${encodeURIComponent(page[page.length - 1])}&n=${n}>; rel="next"`;
  }
  sendJson(ctx.res, 200, { repositories: page }, headers);
}

/** Rewrites an upstream `Location` to the public URL; redirects elsewhere (storage) pass unchanged. */
function publicLocation(location: string, upstream: URL, origin: string): string {
  if (location.startsWith('/')) return origin + location;
  try {
    const url = new URL(location);
    if (url.origin === upstream.origin) return origin + url.pathname + url.search;
  } catch {
    // Not a URL: leave it to the client.
  }
  return location;
}

/**
 * Pipes a response body into the client's kept-alive socket without ending it, with backpressure.
 * (`stream.pipeline` with `end: false` leaves a listener on the socket per use.)
 */
function pipeIntoSocket(source: IncomingMessage, socket: Socket): Promise<void> {
  return new Promise((resolve, reject) => {
    const cleanup = () => {
      source.unpipe(socket);
      source.off('end', onEnd).off('error', onError).off('close', onClose);
      socket.off('error', onError).off('close', onClose);
    };
    const onEnd = () => {
      cleanup();
      resolve();
    };
    const onError = (error: Error) => {
      cleanup();
      reject(error);
    };
    const onClose = () => onError(new Error('connection closed before the body was complete'));
    source.once('end', onEnd).once('error', onError).once('close', onClose);
    socket.once('error', onError).once('close', onClose);
    source.pipe(socket, { end: false });
  });
}

/** The request headers sent upstream: hop-by-hop, our credentials and X-Forwarded-* dropped. */
function upstreamHeaders(req: IncomingMessage, acceptEncoding: string | string[] | undefined): OutgoingHttpHeaders {
  const headers = withoutHopByHop(req.headers, NOT_FORWARDED);
  for (const name of Object.keys(headers)) if (name.startsWith('x-forwarded-')) delete headers[name];
  if (acceptEncoding) headers['accept-encoding'] = acceptEncoding;
  return headers;
}

/** The response headers passed to the client: hop-by-hop dropped, upstream `Location` made public. */
function clientHeaders(headers: IncomingHttpHeaders, upstream: URL, origin: string): OutgoingHttpHeaders {
  const out = withoutHopByHop(headers, new Set());
  if (typeof out.location === 'string') out.location = publicLocation(out.location, upstream, origin);
  return out;
}

const upstreamPath = (ctx: Context, upstream: URL) => `${upstream.pathname.replace(/\/$/, '')}/v2/${ctx.rest}${ctx.query ? `?${ctx.query}` : ''}`;

function forward(ctx: Context, upstreamUrl: string, acceptEncoding: string | string[] | undefined, onResponse: (status: number) => void) {
  const { req, res } = ctx;
  const upstream = new URL(upstreamUrl);
  const client = upstream.protocol === 'https:' ? https : http;
  return new Promise<void>((resolve) => {
    let settled = false;
    const done = () => {
      if (!settled) {
        settled = true;
        resolve();
      }
    };
    const upstreamRequest = client.request({
      protocol: upstream.protocol,
      hostname: upstream.hostname,
      port: upstream.port,
      method: req.method,
      path: upstreamPath(ctx, upstream),
      headers: upstreamHeaders(req, acceptEncoding),
      agent: agents[upstream.protocol === 'https:' ? 'https:' : 'http:'],
    });
    upstreamRequest.on('response', (upstreamResponse) => {
      const status = upstreamResponse.statusCode ?? 502;
      const out = clientHeaders(upstreamResponse.headers, upstream, ctx.origin);
      res.writeHead(status, out);
      onResponse(status);
      const sized = req.method === 'GET' && (status === 200 || status === 206) && out['content-length'] !== undefined;
      // A blob download has a Content-Length: its bytes go straight to the client's socket once the
      // headers are out, which spares the response object's bookkeeping per chunk (a third of the
      // proxy's CPU per pulled byte, measured). res.socket is set only while this response owns it.
      // (Blob downloads from a plain-HTTP upstream take the leaner relay of blob-relay.ts first.)
      if (sized && res.socket) {
        res.flushHeaders();
        pipeIntoSocket(upstreamResponse, res.socket)
          .then(
            () => res.end(),
            () => {
              upstreamResponse.destroy();
              res.destroy();
            },
          )
          .finally(done);
        return;
      }
      pipeline(upstreamResponse, res, (error) => {
        if (error) res.destroy();
        done();
      });
    });
    // Which side failed first: the upstream (answer 503) or the client (abort quietly).
    let upstreamError: Error | undefined;
    upstreamRequest.once('error', (error) => (upstreamError = error));
    pipeline(req, upstreamRequest, (error) => {
      if (!error) return;
      if (!res.headersSent && error === upstreamError) {
        console.error('Registry upstream request failed:', error.message);
        send(res, new RegistryError('UNAVAILABLE', 503, 'the registry behind Berth is not answering'));
      } else {
        res.destroy();
      }
      done();
    });
    res.on('close', done);
  });
}

async function serveRepository(ctx: Context, caller: Caller, route: Exclude<RegistryRoute, { kind: 'base' | 'catalog' }>) {
  const method = ctx.req.method ?? 'GET';
  const need = requirement(method, route);
  if (!need) throw new RegistryError('UNSUPPORTED', 405, `${method} is not supported here`);
  const scope: ResourceAccess = { type: 'repository', name: route.name, actions: need.actions };
  const challenge = (error?: 'insufficient_scope') => bearerChallenge(ctx.origin, ctx.service, scope, error);
  if (caller.presented === 'none') throw unauthorized(challenge());

  const access = await repositoryAccess(caller.principal, route.name);
  const tokenAllows = !caller.jwtAccess || grants(caller.jwtAccess, 'repository', route.name, need.action);
  if (!atLeast(access.level, need.level) || !tokenAllows) {
    // An anonymous caller, or one whose token simply did not ask for this action, may get more
    // by signing in or asking again; a signed-in caller who lacks the access is refused.
    if (!caller.principal || atLeast(access.level, need.level)) {
      throw unauthorized(challenge(caller.presented === 'bearer' ? 'insufficient_scope' : undefined), 'authentication required', [scope]);
    }
    if (access.level === null && need.action === 'pull') {
      throw new RegistryError('NAME_UNKNOWN', 404, 'repository name not known to registry', {}, { name: route.name });
    }
    throw new RegistryError('DENIED', 403, 'requested access to the resource is denied', {}, [scope]);
  }
  const upstreamUrl = config.registryUpstreamUrl;
  if (!upstreamUrl) {
    throw new RegistryError('UNAVAILABLE', 503, 'no registry is configured behind Berth: set REGISTRY_UPSTREAM_URL');
  }

  let repositoryId = access.repositoryId;
  if (!repositoryId && access.create && need.action === 'push') repositoryId = await access.create();

  let query = ctx.query;
  if (route.kind === 'upload' && method === 'POST' && query.includes('from=')) query = await checkedMount(ctx, caller, query);

  // Next.js compresses compressible responses (manifests are +json); registry bodies pass untouched,
  // so the header is taken off the request its compression middleware reads and sent upstream instead.
  const acceptEncoding = ctx.req.headers['accept-encoding'];
  delete ctx.req.headers['accept-encoding'];

  // Blob downloads take a bare TCP relay when they can (see lib/registry/blob-relay.ts).
  const upstream = new URL(upstreamUrl);
  if (route.kind === 'blob' && canRelayRaw(ctx.req, upstream)) {
    const target = {
      upstream,
      path: upstreamPath({ ...ctx, query }, upstream),
      headers: upstreamHeaders(ctx.req, acceptEncoding),
      responseHeaders: (headers: IncomingHttpHeaders) => clientHeaders(headers, upstream, ctx.origin),
    };
    if (await relayRaw(ctx.res, target)) return;
  }

  await forward({ ...ctx, query }, upstreamUrl, acceptEncoding, (status) => {
    if (!repositoryId || route.kind !== 'manifest') return;
    const count = method === 'GET' && status === 200 ? countPull : method === 'PUT' && status === 201 ? countPush : null;
    count?.(repositoryId).catch((error) => console.error('Could not count a registry pull or push:', error));
  });
}

/** A cross-repository mount reads the source repository: without pull there, it becomes a plain upload. */
async function checkedMount(ctx: Context, caller: Caller, query: string): Promise<string> {
  const params = new URLSearchParams(query);
  const from = params.get('from');
  if (!from) return query;
  const access = await repositoryAccess(caller.principal, from);
  const allowed = atLeast(access.level, 'read-only') && (!caller.jwtAccess || grants(caller.jwtAccess, 'repository', from, 'pull'));
  if (allowed) return query;
  params.delete('from');
  params.delete('mount');
  return params.toString();
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
export async function handleRegistryRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
  const headers = headerSource(req.headers);
  const origin = publicOrigin(headers);
  const service = registryService(headers);
  try {
    const parts = splitUrl(req.url ?? '/');
    if (!parts) throw new RegistryError('NAME_UNKNOWN', 404, 'not a registry path');
    const ctx: Context = { req, res, origin, service, ...parts };
    const caller = await identify(ctx);
    const route = parseRegistryPath(parts.rest.replace(/%3a/gi, ':'));
    if (!route) throw new RegistryError('NAME_UNKNOWN', 404, 'not a registry path');
    if (route.kind === 'base') {
      // Answered here, upstream or not, so that `docker login` works against any Berth.
      if (caller.presented === 'none') throw unauthorized(bearerChallenge(origin, service));
      sendJson(res, 200, {});
      return;
    }
    if (route.kind === 'catalog') return await serveCatalog(ctx, caller);
    await serveRepository(ctx, caller, route);
  } catch (error) {
    if (error instanceof RegistryError) return send(res, error);
    console.error('Registry proxy error:', error);
    send(res, new RegistryError('UNKNOWN', 500, 'an internal error occurred'));
  }
}
