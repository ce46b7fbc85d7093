// Upstream connections are shared fairly (SPEC 10, issue 8): one user's 270 slow chunked uploads
// (more than the 256 sockets the proxy once had in all) hold at most that user's share of the pool,
// while another user's manifest GET and upload start go through. The pool has the production
// defaults (REGISTRY_MAX_UPSTREAM_CONNECTIONS 512, REGISTRY_MAX_CONNECTIONS_PER_CLIENT 32); only the
// wait for a connection is shortened, so the refused uploads are answered sooner.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { config } from '@/lib/config';
import { registryHealth } from '@/lib/registry/health';
import { UpstreamPool } from '@/lib/registry/upstream-pool';
import { basic } from '../support/http';
import { head, rawExchange, startProxy, startUpstream, tricklingUpload, type RecordingUpstream } from '../support/registry-proxy';
import { createRepository } from '../support/repositories';
import { createToken } from '../support/tokens';
import { createUser, type TestUser } from '../support/users';

const SLOW_UPLOADS = 270;
const QUEUE_MS = 3000;

let upstream: RecordingUpstream;
let pool: UpstreamPool;
let port: number;
let heavy: TestUser;
let other: TestUser;
let heavyAuth: string;
let otherAuth: string;

beforeAll(async () => {
  upstream = await startUpstream();
  pool = new UpstreamPool({ ...config.registryPool, queueMs: QUEUE_MS });
  port = await startProxy({ upstreamUrl: upstream.url, pool });
  heavy = await createUser({ prefix: 'heavy' });
  other = await createUser({ prefix: 'other' });
  await createRepository(heavy.account, 'repo');
  await createRepository(other.account, 'repo');
  heavyAuth = `Authorization: ${basic(heavy.name, (await createToken(heavy)).token)}`;
  otherAuth = `Authorization: ${basic(other.name, (await createToken(other)).token)}`;
});

const uploads: ReturnType<typeof tricklingUpload>[] = [];
afterAll(() => {
  for (const upload of uploads) upload.socket.destroy();
});

describe('fair shares of the upstream connections', () => {
  it(
    `${SLOW_UPLOADS} trickling uploads of one user leave another user's pull and upload start untouched`,
    async () => {
      expect(config.registryPool).toMatchObject({ connections: 512, perClient: 32 });
      const patch = (i: number) =>
        head(`PATCH /v2/${heavy.name}/repo/blobs/uploads/u-${i}?_state=x HTTP/1.1`, 'Host: berth', heavyAuth, 'Transfer-Encoding: chunked');
      for (let i = 0; i < SLOW_UPLOADS; i++) uploads.push(tricklingUpload(port, patch(i), 1000));

      // The user's share is running upstream; the rest wait for a connection of that share.
      await vi.waitFor(() => expect(upstream.runningByNamespace.get(heavy.name)).toBe(32), { timeout: 30_000, interval: 50 });
      await vi.waitFor(() => expect(pool.state()).toMatchObject({ running: 32, waiting: SLOW_UPLOADS - 32, saturated: false }), {
        timeout: 30_000,
        interval: 50,
      });

      const started = Date.now();
      const pull = await rawExchange(port, head(`GET /v2/${other.name}/repo/manifests/latest HTTP/1.1`, 'Host: berth', otherAuth));
      const pullMs = Date.now() - started;
      const start = await rawExchange(port, head(`POST /v2/${other.name}/repo/blobs/uploads/ HTTP/1.1`, 'Host: berth', otherAuth, 'Content-Length: 0'));
      const bothMs = Date.now() - started;
      expect(pull.responses.map((r) => r.status)).toEqual([200]);
      expect(start.responses.map((r) => r.status)).toEqual([202]);
      // Health reports the registry as answering and the pool as not saturated: one user at its cap is not degradation.
      expect(await registryHealth(upstream.url, pool.state())).toBe('ok');

      // The uploads beyond the share get 503 TOOMANYREQUESTS with Retry-After once the wait is over.
      // (Which ones are beyond it depends on the order their credentials were checked in.)
      const answered = (upload: (typeof uploads)[number]) => upload.sofar.responses.length > 0 || upload.sofar.closed;
      await vi.waitFor(() => expect(uploads.filter(answered)).toHaveLength(SLOW_UPLOADS - 32), { timeout: QUEUE_MS + 30_000, interval: 100 });
      const refused = uploads.filter(answered);
      for (const { responses } of await Promise.all(refused.map((u) => u.result))) {
        expect(responses.map((r) => r.status)).toEqual([503]);
        expect(JSON.parse(responses[0].body).errors[0].code).toBe('TOOMANYREQUESTS');
        expect(responses[0].headers['retry-after']).toBe(String(QUEUE_MS / 1000));
      }
      expect(upstream.peakByNamespace.get(heavy.name)).toBe(32);

      // The admitted ones are still streaming, and complete with every byte they sent.
      const admitted = uploads.filter((u) => !answered(u));
      for (const upload of admitted) upload.finish();
      const done = await Promise.all(admitted.map((u) => u.result));
      expect(done.map((d) => d.responses[0]?.status)).toEqual(admitted.map(() => 202));
      const bodies = new Map(upstream.requests.filter((r) => r.url.startsWith(`/v2/${heavy.name}/`)).map((r) => [r.url.split('?')[0], r.body.toString()]));
      for (const upload of admitted) {
        expect(bodies.get(`/v2/${heavy.name}/repo/blobs/uploads/u-${uploads.indexOf(upload)}`)).toBe(upload.sent());
      }
      await vi.waitFor(() => expect(pool.state()).toMatchObject({ running: 0, waiting: 0 }), { timeout: 10_000 });

      console.log(
        `fairness: ${SLOW_UPLOADS} trickling uploads of one user, 32 upstream; another user's manifest GET took ${pullMs} ms, ` +
          `GET and upload start ${bothMs} ms; ${refused.length} uploads refused with 503 after ${QUEUE_MS} ms`,
      );
    },
    90_000,
  );

  it('a saturated pool shows in health as degraded, and a freed connection makes it ok again', async () => {
    const small = new UpstreamPool({ connections: 2, perClient: 2, queueMs: 1000 });
    const leases = [await small.acquire('a'), await small.acquire('b')];
    expect(await registryHealth(upstream.url, small.state())).toBe('degraded');
    leases[0].release();
    expect(await registryHealth(upstream.url, small.state())).toBe('ok');
    expect(await registryHealth('http://127.0.0.1:9', small.state())).toBe('down');
    expect(await registryHealth(undefined, small.state())).toBe('unconfigured');
  });
});
