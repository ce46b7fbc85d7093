// An upload that takes longer than Node's former 300 s request limit, at a low rate that never
// leaves the body idle for the 60 s idle timeout (SPEC 10: no total time limit on /v2 uploads).
// It takes six minutes, so it runs only with E2E_LONG_UPLOAD=1; the same mechanism with lowered
// limits runs in every `npm test` (test/integration/registry-proxy-timeouts.test.ts).
import { createHash } from 'node:crypto';
import http from 'node:http';
import { Readable } from 'node:stream';
import { BASE_URL } from './env';
import { basicAuth, expect, test } from './fixtures';

const SECONDS = Number(process.env.E2E_LONG_UPLOAD_SECONDS ?? 330);
const EVERY_MS = 10_000;
const CHUNK_BYTES = 1024;

test.skip(!process.env.E2E_LONG_UPLOAD, 'set E2E_LONG_UPLOAD=1 to run the six-minute upload');
test.describe.configure({ timeout: (SECONDS + 180) * 1000 });

test(`a PATCH that streams for ${SECONDS} s at 1 KiB every 10 s completes`, async ({ request, user }) => {
  const created = await request.post('/api/v0/api_tokens', { headers: basicAuth(user.name, user.password), data: {} });
  const auth = basicAuth(user.name, ((await created.json()) as { token: string }).token);
  const start = await request.post(`/v2/${user.name}/long/blobs/uploads/`, { headers: { ...auth, 'Content-Length': '0' } });
  expect(start.status()).toBe(202);
  const location = new URL(start.headers().location, BASE_URL);

  const hash = createHash('sha256');
  let size = 0;
  const deadline = Date.now() + SECONDS * 1000;
  const body = new Readable({
    read() {
      if (Date.now() >= deadline) return void this.push(null);
      setTimeout(() => {
        const chunk = Buffer.alloc(CHUNK_BYTES, size % 251);
        hash.update(chunk);
        size += chunk.length;
        this.push(chunk);
      }, size === 0 ? 0 : EVERY_MS);
    },
  });
  const started = Date.now();
  const patched = await new Promise<{ status: number; location?: string; text: string }>((resolve, reject) => {
    const req = http.request(location, { method: 'PATCH', headers: { ...auth, 'Content-Type': 'application/octet-stream' } }, (res) => {
      let text = '';
      res.on('data', (c: Buffer) => (text += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, location: res.headers.location, text }));
    });
    req.on('error', reject);
    body.pipe(req);
  });
  const seconds = (Date.now() - started) / 1000;
  expect(patched.status, patched.text).toBe(202);
  expect(seconds).toBeGreaterThan(300);

  const digest = `sha256:${hash.digest('hex')}`;
  const end = new URL(patched.location!, BASE_URL);
  end.searchParams.set('digest', digest);
  const closed = await request.put(end.toString(), { headers: { ...auth, 'Content-Length': '0' } });
  expect(closed.status(), await closed.text()).toBe(201);
  const blob = await request.head(`/v2/${user.name}/long/blobs/${digest}`, { headers: auth });
  expect(blob.status()).toBe(200);
  expect(Number(blob.headers()['content-length'])).toBe(size);
  console.log(`long upload: ${size} bytes in ${seconds.toFixed(0)} s through one PATCH, then completed`);
});
