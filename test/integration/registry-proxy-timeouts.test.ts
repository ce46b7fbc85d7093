// No total time limit on /v2 uploads, an idle timeout instead, and the other routes keep theirs
// (SPEC 10, issue 8). The server is set up by the same applyServerTimeouts as scripts/server.ts, with
// the limits lowered so that the test takes seconds: an upload that keeps sending outlives both the
// request limit and many idle windows; one that stops is cut off; elsewhere the request limit holds.
// (Five minutes and more at the production limits: e2e/registry-long-upload.spec.ts, run with
// E2E_LONG_UPLOAD=1.)
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { applyServerTimeouts } from '@/lib/registry/server-timeouts';
import { UpstreamPool } from '@/lib/registry/upstream-pool';
import { basic } from '../support/http';
import { head, openExchange, startProxy, startUpstream, tricklingUpload, type RecordingUpstream } from '../support/registry-proxy';
import { createRepository } from '../support/repositories';
import { createToken } from '../support/tokens';
import { createUser, type TestUser } from '../support/users';

const REQUEST_MS = 1500;
const IDLE_MS = 1500;
const HEADERS_MS = 1000;
const BYTE_EVERY_MS = 150;

let upstream: RecordingUpstream;
let port: number;
let plainPort: number;
let user: TestUser;
let auth: string;
let serverOptions: import('node:http').ServerOptions;

const otherRoute = (req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse) => {
  req.resume();
  req.on('end', () => res.end('read'));
};

beforeAll(async () => {
  upstream = await startUpstream();
  const pool = new UpstreamPool({ connections: 16, perClient: 16, queueMs: 1000 });
  const configure = (server: import('node:http').Server) => {
    applyServerTimeouts(server, { headersMs: HEADERS_MS, requestMs: REQUEST_MS, keepAliveMs: 5000 });
  };
  // Node checks header and request limits on this interval (30 s by default).
  serverOptions = { connectionsCheckingInterval: 100 };
  port = await startProxy({ upstreamUrl: upstream.url, pool, bodyIdleMs: IDLE_MS }, { configure, otherRoutes: otherRoute, serverOptions });
  // The same proxy behind a server with Node's own total request limit, as before.
  plainPort = await startProxy(
    { upstreamUrl: upstream.url, pool, bodyIdleMs: IDLE_MS },
    {
      configure: (server) => {
        // Node enforces its request limit only with a headers limit below it (as its defaults are).
        server.headersTimeout = HEADERS_MS;
        server.requestTimeout = REQUEST_MS;
      },
      serverOptions,
    },
  );
  user = await createUser({ prefix: 'slow' });
  await createRepository(user.account, 'repo');
  auth = `Authorization: ${basic(user.name, (await createToken(user)).token)}`;
});

const patchHead = (uuid: string) =>
  head(`PATCH /v2/${user.name}/repo/blobs/uploads/${uuid}?_state=x HTTP/1.1`, 'Host: berth', auth, 'Transfer-Encoding: chunked');

/** Waits until the upload has been sending for longer than `ms`, then ends it. */
async function sendFor(upload: ReturnType<typeof tricklingUpload>, ms: number) {
  const started = Date.now();
  await vi.waitFor(() => expect(Date.now() - started).toBeGreaterThan(ms), { timeout: ms + 10_000, interval: 100 });
  upload.finish();
  return upload.result;
}

describe('server timeouts', () => {
  it('a /v2 upload that keeps sending outlives the request limit and many idle windows', async () => {
    const upload = tricklingUpload(port, patchHead('long'), BYTE_EVERY_MS);
    const { responses } = await sendFor(upload, 3 * Math.max(REQUEST_MS, IDLE_MS));
    expect(responses.map((r) => r.status)).toEqual([202]);
    const seen = upstream.requests.filter((r) => r.url.includes('/uploads/long'));
    expect(seen.map((r) => r.body.toString())).toEqual([upload.sent()]);
    expect(upload.sent().length).toBeGreaterThan(10);
  }, 30_000);

  it('the same upload behind a server with Node\'s total request limit gets 408: why that limit is off', async () => {
    const upload = tricklingUpload(plainPort, patchHead('cut'), BYTE_EVERY_MS, { untilClosed: true });
    const { responses, closed } = await upload.result;
    upload.stop();
    expect(responses.map((r) => r.status)).toEqual([408]);
    expect(closed).toBe(true);
  }, 30_000);

  it('outside /v2 a request still sending after the request limit gets 408 and is closed', async () => {
    const upload = tricklingUpload(port, head('POST /api/v0/anything HTTP/1.1', 'Host: berth', 'Transfer-Encoding: chunked'), BYTE_EVERY_MS, {
      untilClosed: true,
    });
    const { responses, closed } = await upload.result;
    upload.stop();
    expect(responses.map((r) => r.status)).toEqual([408]);
    expect(closed).toBe(true);
  }, 30_000);

  it('outside /v2 a request received in time is answered as usual', async () => {
    const exchange = openExchange(port);
    exchange.socket.on('connect', () => exchange.socket.write(head('POST /api/v0/anything HTTP/1.1', 'Host: berth', 'Content-Length: 2') + 'ok'));
    const { responses } = await exchange.result;
    expect(responses.map((r) => [r.status, r.body])).toEqual([[200, 'read']]);
  });

  it('a /v2 upload that stops sending is cut off after the idle timeout, on both sides', async () => {
    const aborted = upstream.aborted.length;
    const upload = tricklingUpload(port, patchHead('stalled'), BYTE_EVERY_MS, { untilClosed: true });
    await vi.waitFor(() => expect(upload.sent().length).toBeGreaterThan(3), { timeout: 10_000, interval: 50 });
    upload.stop();
    const { responses, closed } = await upload.result;
    expect(responses.map((r) => r.status)).toEqual([408]);
    expect(JSON.parse(responses[0].body).errors[0].code).toBe('BLOB_UPLOAD_INVALID');
    expect(closed).toBe(true);
    await vi.waitFor(() => expect(upstream.aborted.length).toBe(aborted + 1), { timeout: 10_000 });
    expect(upstream.aborted.at(-1)?.url).toContain('/uploads/stalled');
    expect(upstream.requests.filter((r) => r.url.includes('/uploads/stalled'))).toEqual([]);
  }, 30_000);

  it('a manifest PUT that stops sending is cut off too', async () => {
    const exchange = openExchange(port, { expect: 2 });
    const put = head(`PUT /v2/${user.name}/repo/manifests/stalled HTTP/1.1`, 'Host: berth', auth, 'Content-Type: application/vnd.oci.image.manifest.v1+json', 'Content-Length: 100');
    exchange.socket.on('connect', () => exchange.socket.write(`${put}{"schemaVersion":`));
    const { responses, closed } = await exchange.result;
    expect(responses.map((r) => [r.status, JSON.parse(r.body).errors[0].code])).toEqual([[408, 'MANIFEST_INVALID']]);
    expect(closed).toBe(true);
    expect(upstream.requests.filter((r) => r.url.includes('/manifests/stalled'))).toEqual([]);
  }, 30_000);

  it('headers that never end get 408 on /v2 as everywhere: nothing upstream', async () => {
    const before = upstream.started;
    const exchange = openExchange(port, { expect: 2 });
    exchange.socket.on('connect', () => exchange.socket.write(`GET /v2/${user.name}/repo/tags/list HTTP/1.1\r\nHost: berth\r\n${auth}\r\n`));
    const { responses, closed } = await exchange.result;
    expect(responses.map((r) => r.status)).toEqual([408]);
    expect(closed).toBe(true);
    expect(upstream.started).toBe(before);
  }, 30_000);
});
