// Fair shares of the registry connections on the running server, with its default limits
// (REGISTRY_MAX_UPSTREAM_CONNECTIONS 512, REGISTRY_MAX_CONNECTIONS_PER_CLIENT 32, a 10 s wait):
// one user trickles 270 chunked PATCH uploads into the real registry, one byte every 5 s, as in the
// security review; another user's manifest GET and upload start must still be answered.
import type { APIRequestContext } from '@playwright/test';
import { BASE_URL } from './env';
import { basicAuth, expect, test, type Account } from './fixtures';
import { head, rawConnection } from './registry-raw';
import { buildOciImage, requireTool, run } from './registry-support';

const HOST = new URL(BASE_URL).host;
const SLOW_UPLOADS = 270;
const SHARE = 32;

test.describe.configure({ timeout: 180_000 });
test.beforeAll(() => requireTool('skopeo', 'skopeo'));

async function tokenFor(request: APIRequestContext, as: Account) {
  const response = await request.post('/api/v0/api_tokens', { headers: basicAuth(as.name, as.password), data: {} });
  expect(response.status(), await response.text()).toBe(200);
  return ((await response.json()) as { token: string }).token;
}

test(`${SLOW_UPLOADS} trickling uploads of one user leave another user's pull and upload start answered`, async ({ api, request, user }) => {
  const other = await api.createUser({ prefix: 'other' });
  const otherToken = await tokenFor(request, other);
  const image = buildOciImage('1', 1);
  const pushed = await run('skopeo', ['copy', '--retry-times', '0', '--dest-tls-verify=false', '--dest-creds', `${other.name}:${otherToken}`, `oci:${image.layout}:1`, `docker://${HOST}/${other.name}/app:1`]);
  expect(pushed.code, pushed.stderr).toBe(0);

  const token = await tokenFor(request, user);
  const auth = basicAuth(user.name, token);
  // One real upload session per trickling PATCH.
  const locations: string[] = [];
  while (locations.length < SLOW_UPLOADS) {
    const batch = await Promise.all(
      Array.from({ length: Math.min(30, SLOW_UPLOADS - locations.length) }, () =>
        request.post(`/v2/${user.name}/slow/blobs/uploads/`, { headers: { ...auth, 'Content-Length': '0' } }),
      ),
    );
    for (const started of batch) {
      expect(started.status()).toBe(202);
      const location = new URL(started.headers().location, BASE_URL);
      locations.push(location.pathname + location.search);
    }
  }

  const authorization = `Authorization: ${auth.Authorization}`;
  const uploads = locations.map((path) => {
    const connection = rawConnection(1, authorization);
    void connection.send(head(`PATCH ${path} HTTP/1.1`, `Host: ${HOST}`, authorization, 'Content-Type: application/octet-stream', 'Transfer-Encoding: chunked') + '1\r\na\r\n');
    return connection;
  });
  const trickle = setInterval(() => {
    for (const upload of uploads) if (upload.got.length === 0) void upload.send('1\r\na\r\n');
  }, 5000);
  try {
    // While they trickle (the first ones are upstream, the rest wait for the user's share):
    await new Promise((resolve) => setTimeout(resolve, 2000));
    const otherAuth = basicAuth(other.name, otherToken);
    let started = Date.now();
    const pull = await request.get(`/v2/${other.name}/app/manifests/1`, { headers: { ...otherAuth, Accept: 'application/vnd.oci.image.manifest.v1+json' } });
    const pullMs = Date.now() - started;
    expect(pull.status()).toBe(200);
    started = Date.now();
    const start = await request.post(`/v2/${other.name}/app/blobs/uploads/`, { headers: { ...otherAuth, 'Content-Length': '0' } });
    const startMs = Date.now() - started;
    expect(start.status()).toBe(202);
    const health = await request.get('/api/health');
    expect(await health.json()).toMatchObject({ status: 'ok', registry: 'ok' });

    // Beyond the user's share: 503 TOOMANYREQUESTS with Retry-After once the wait is over. (Which
    // uploads those are depends on the order their credentials were checked in.)
    started = Date.now();
    await expect.poll(() => uploads.filter((u) => u.got.length > 0).length, { timeout: 40_000 }).toBe(SLOW_UPLOADS - SHARE);
    const refusedMs = Date.now() - started;
    const refused = uploads.filter((u) => u.got.length > 0);
    for (const { answers } of await Promise.all(refused.map((u) => u.answers))) {
      expect(answers.map((a) => a.status)).toEqual([503]);
      expect(JSON.parse(answers[0].body).errors[0].code).toBe('TOOMANYREQUESTS');
      expect(answers[0].headers['retry-after']).toBe('10');
    }
    // The user's share is still uploading, and completes.
    const admitted = uploads.filter((u) => u.got.length === 0);
    clearInterval(trickle);
    for (const upload of admitted) await upload.send('0\r\n\r\n');
    const done = await Promise.all(admitted.map((u) => u.answers));
    expect(done.map(({ answers }) => answers[0]?.status)).toEqual(admitted.map(() => 202));
    console.log(
      `fairness (e2e): ${SLOW_UPLOADS} trickling uploads of one user; another user's manifest GET took ${pullMs} ms and ` +
        `upload start ${startMs} ms; ${refused.length} uploads refused with 503 (the last ${refusedMs} ms after the pull)`,
    );
  } finally {
    clearInterval(trickle);
    for (const upload of uploads) upload.socket.destroy();
  }
});
