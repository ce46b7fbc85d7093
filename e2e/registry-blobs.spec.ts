// 256 MiB blobs through the proxy, chunked and monolithic, with the server's memory measured.
import { BASE_URL, PORT } from './env';
import { basicAuth, expect, test } from './fixtures';
import { listeningPid } from './own-servers';
import { httpDigest, PatternBlob, pushBlobChunked, pushBlobMonolithic, rssMiB } from './registry-support';

const BLOB_MIB = 256;
// Generous: streaming keeps growth to a few MiB, buffering a blob would add at least its size.
const RSS_GROWTH_BOUND_MIB = 256;

test.describe.configure({ timeout: 300_000 });

test('a 256 MiB blob streams through the proxy both ways, chunked and monolithic', async ({ request, user }) => {
  const created = await request.post('/api/v0/api_tokens', { headers: basicAuth(user.name, user.password), data: {} });
  const { token } = (await created.json()) as { token: string };
  const auth = basicAuth(user.name, token);
  const server = listeningPid(PORT);
  const before = rssMiB(server);
  let peak = before;
  const sampler = setInterval(() => (peak = Math.max(peak, rssMiB(server))), 100);

  try {
    for (const [flow, push] of [
      ['monolithic PUT', (blob: PatternBlob) => pushBlobMonolithic(BASE_URL, `${user.name}/big`, blob, auth)],
      ['chunked PATCH', (blob: PatternBlob) => pushBlobChunked(BASE_URL, `${user.name}/big`, blob, auth, 64)],
    ] as const) {
      const blob = new PatternBlob(BLOB_MIB);
      const started = Date.now();
      const pushed = await push(blob);
      const pushSeconds = (Date.now() - started) / 1000;
      expect(pushed.status, `${flow}: ${pushed.body}`).toBe(201);
      expect(pushed.headers['docker-content-digest']).toBe(blob.digest);

      const head = await request.head(`/v2/${user.name}/big/blobs/${blob.digest}`, { headers: auth });
      expect(head.status()).toBe(200);
      expect(Number(head.headers()['content-length'])).toBe(blob.size);

      const pullStarted = Date.now();
      const pulled = await httpDigest(`${BASE_URL}/v2/${user.name}/big/blobs/${blob.digest}`, auth);
      const pullSeconds = (Date.now() - pullStarted) / 1000;
      expect(pulled).toEqual({ status: 200, digest: blob.digest, bytes: blob.size });

      const ranged = await request.get(`/v2/${user.name}/big/blobs/${blob.digest}`, { headers: { ...auth, Range: 'bytes=10-19' } });
      expect(ranged.status()).toBe(206);
      expect((await ranged.body()).length).toBe(10);
      console.log(
        `${flow}: ${BLOB_MIB} MiB pushed in ${pushSeconds.toFixed(1)} s, pulled in ${pullSeconds.toFixed(1)} s; server RSS ${rssMiB(server)} MiB`,
      );
    }
  } finally {
    clearInterval(sampler);
  }
  const after = rssMiB(server);
  console.log(`Berth server RSS: ${before} MiB before, ${peak} MiB peak, ${after} MiB after (growth ${(peak - before).toFixed(1)} MiB)`);
  expect(peak - before).toBeLessThan(RSS_GROWTH_BOUND_MIB);
});

test('a push without push access streams nothing upstream', async ({ request, api, user }) => {
  const other = await api.createUser({ prefix: 'other' });
  const blob = new PatternBlob(1);
  const refused = await pushBlobMonolithic(BASE_URL, `${other.name}/big`, blob, basicAuth(user.name, user.password));
  expect(refused.status).toBe(403);
  expect(JSON.parse(refused.body).errors[0].code).toBe('DENIED');
  const missing = await request.head(`/v2/${other.name}/big/blobs/${blob.digest}`, { headers: basicAuth(other.name, other.password) });
  expect(missing.status()).toBe(404);
});
