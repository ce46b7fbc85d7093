// The world of the proxy framing tests (SPEC 10, "One client request is one upstream request"): a
// recording upstream, the real proxy handler in front of it, and what each test sends.
import { beforeAll, expect } from 'vitest';
import { UpstreamPool } from '@/lib/registry/upstream-pool';
import { basic } from './http';
import { chunked, head, rawExchange, startProxy, startUpstream, type RawExchange, type RecordingUpstream, type UpstreamRequest } from './registry-proxy';
import { createRepository } from './repositories';
import { createToken } from './tokens';
import { createUser, type TestUser } from './users';

export const DIGEST = `sha256:${'a'.repeat(64)}`;
export const OCI_MANIFEST = 'application/vnd.oci.image.manifest.v1+json';

export let upstream: RecordingUpstream;
export let pool: UpstreamPool;
export let port: number;
export let me: TestUser;
export let victim: TestUser;
export let auth: string;
let sentinels = 0;

/** A recording upstream, the proxy in front of it, and two users with a repository each, for the file. */
export function useFramingProxy() {
  beforeAll(async () => {
    upstream = await startUpstream();
    pool = new UpstreamPool({ connections: 64, perClient: 64, queueMs: 5000 });
    port = await startProxy({ upstreamUrl: upstream.url, pool });
    me = await createUser({ prefix: 'me' });
    victim = await createUser({ prefix: 'victim' });
    await createRepository(me.account, 'repo');
    await createRepository(victim.account, 'repo');
    auth = `Authorization: ${basic(me.name, (await createToken(me)).token)}`;
  });
}

/**
 * Runs one exchange, then a sentinel GET through the proxy: the upstream requests recorded in
 * between are what the exchange caused (a request smuggled onto a kept-alive upstream connection
 * would sit before the sentinel on it). Also checks the upstream's own parser refused nothing.
 */
export async function throughProxy(
  exchange: () => Promise<RawExchange>,
  opts: { cutOff?: boolean } = {},
): Promise<{ client: RawExchange; seen: UpstreamRequest[] }> {
  const before = upstream.requests.length;
  const parseErrors = upstream.parseErrors.length;
  const client = await exchange();
  const tag = `sentinel-${++sentinels}`;
  const sentinel = await rawExchange(port, head(`GET /v2/${me.name}/repo/tags/list?${tag}= HTTP/1.1`, 'Host: berth', auth));
  expect(sentinel.responses.map((r) => r.status)).toEqual([200]);
  const recorded = upstream.requests.slice(before);
  const at = recorded.findIndex((r) => r.url.includes(tag));
  expect(at, 'the sentinel reached the upstream').toBeGreaterThanOrEqual(0);
  expect(recorded.slice(at + 1), 'nothing reached the upstream after the sentinel').toEqual([]);
  // A request cut off mid-body leaves the upstream's parser at an unexpected end, and nothing else.
  const errors = upstream.parseErrors.slice(parseErrors).filter((code) => !(opts.cutOff && code === 'HPE_INVALID_EOF_STATE'));
  expect(errors, 'the upstream could parse every byte it got').toEqual([]);
  return { client, seen: recorded.slice(0, at) };
}

/** A 400 in the registry's envelope (a HEAD gets its headers), on a connection the proxy then closes. */
export function expectRefusedFraming(client: RawExchange, opts: { code?: string; head?: boolean } = {}) {
  expect(client.responses.map((r) => r.status)).toEqual([400]);
  if (!opts.head) expect(JSON.parse(client.responses[0].body)).toEqual({ errors: [{ code: opts.code ?? 'UNSUPPORTED', message: expect.any(String) }] });
  expect(client.responses[0].headers['content-type']).toMatch(/^application\/json/);
  expect(client.responses[0].headers['docker-distribution-api-version']).toBe('registry/2.0');
  expect(client.responses[0].headers.connection).toBe('close');
  expect(client.closed).toBe(true);
}

export type Route = { name: string; method: string; path: () => string; takesBody: boolean; headers?: string[] };

export const ROUTES: Route[] = [
  { name: 'tags list GET', method: 'GET', path: () => `/v2/${me.name}/repo/tags/list`, takesBody: false },
  { name: 'manifest GET', method: 'GET', path: () => `/v2/${me.name}/repo/manifests/latest`, takesBody: false },
  { name: 'manifest HEAD', method: 'HEAD', path: () => `/v2/${me.name}/repo/manifests/latest`, takesBody: false },
  { name: 'blob GET (raw relay)', method: 'GET', path: () => `/v2/${me.name}/repo/blobs/${DIGEST}`, takesBody: false },
  { name: 'blob HEAD', method: 'HEAD', path: () => `/v2/${me.name}/repo/blobs/${DIGEST}`, takesBody: false },
  { name: 'manifest DELETE', method: 'DELETE', path: () => `/v2/${me.name}/repo/manifests/${DIGEST}`, takesBody: false },
  { name: 'upload start POST', method: 'POST', path: () => `/v2/${me.name}/repo/blobs/uploads/`, takesBody: false },
  { name: 'upload status GET', method: 'GET', path: () => `/v2/${me.name}/repo/blobs/uploads/u-1?_state=x`, takesBody: false },
  { name: 'upload cancel DELETE', method: 'DELETE', path: () => `/v2/${me.name}/repo/blobs/uploads/u-1?_state=x`, takesBody: false },
  { name: 'monolithic upload POST with digest', method: 'POST', path: () => `/v2/${me.name}/repo/blobs/uploads/?digest=${DIGEST}`, takesBody: true },
  { name: 'upload chunk PATCH', method: 'PATCH', path: () => `/v2/${me.name}/repo/blobs/uploads/u-1?_state=x`, takesBody: true },
  { name: 'upload end PUT', method: 'PUT', path: () => `/v2/${me.name}/repo/blobs/uploads/u-1?_state=x&digest=${DIGEST}`, takesBody: true },
  { name: 'manifest PUT', method: 'PUT', path: () => `/v2/${me.name}/repo/manifests/latest`, takesBody: true, headers: [`Content-Type: ${OCI_MANIFEST}`] },
];

export type Framing = { name: string; headers: string[]; body: string | Buffer; sent: string };

export const FRAMINGS: Framing[] = [
  { name: 'no length', headers: [], body: '', sent: '' },
  { name: 'Content-Length: 0', headers: ['Content-Length: 0'], body: '', sent: '' },
  { name: 'Content-Length', headers: ['Content-Length: 5'], body: 'hello', sent: 'hello' },
  { name: 'chunked', headers: ['Transfer-Encoding: chunked'], body: chunked(['hel', 'lo']), sent: 'hello' },
  { name: 'chunked, empty', headers: ['Transfer-Encoding: chunked'], body: chunked([]), sent: '' },
];

export const request = (route: Route, framing: Framing, extra: string[] = []) =>
  Buffer.concat([
    Buffer.from(head(`${route.method} ${route.path()} HTTP/1.1`, 'Host: berth', auth, ...(route.headers ?? []), ...framing.headers, ...extra)),
    Buffer.from(framing.body),
  ]);

export { chunked, head, rawExchange };
