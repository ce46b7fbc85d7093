// Request smuggling and encoded mounts against the real registry (SPEC 10, issue 8). The registry
// behind Berth has no authentication of its own, so anything smuggled past the proxy would be done;
// these specs prove, with the victim's image as the witness, that nothing is.
import type { APIRequestContext } from '@playwright/test';
import { BASE_URL } from './env';
import { basicAuth, expect, test, type Account } from './fixtures';
import { chunked, head, rawExchange } from './registry-raw';
import { buildOciImage, requireTool, run } from './registry-support';

const HOST = new URL(BASE_URL).host;
const OCI_MANIFEST = 'application/vnd.oci.image.manifest.v1+json';

test.beforeAll(() => requireTool('skopeo', 'skopeo'));

async function tokenFor(request: APIRequestContext, as: Account) {
  const response = await request.post('/api/v0/api_tokens', { headers: basicAuth(as.name, as.password), data: {} });
  expect(response.status(), await response.text()).toBe(200);
  return ((await response.json()) as { token: string }).token;
}

/** The victim's private image, pushed with skopeo: its manifest digest and the digest of a layer. */
async function victimImage(request: APIRequestContext, victim: Account) {
  const image = buildOciImage('1', 2);
  const token = await tokenFor(request, victim);
  const pushed = await run('skopeo', ['copy', '--retry-times', '0', '--dest-tls-verify=false', '--dest-creds', `${victim.name}:${token}`, `oci:${image.layout}:1`, `docker://${HOST}/${victim.name}/app:1`]);
  expect(pushed.code, pushed.stderr).toBe(0);
  const manifest = await request.get(`/v2/${victim.name}/app/manifests/1`, { headers: { ...basicAuth(victim.name, token), Accept: OCI_MANIFEST } });
  expect(manifest.status()).toBe(200);
  const layer = ((await manifest.json()) as { layers: { digest: string }[] }).layers[0].digest;
  return { manifestDigest: image.manifestDigest, layer, token };
}

test('a body smuggled in a GET never reaches the registry: the victim keeps its manifest', async ({ api, request, user }) => {
  const victim = await api.createUser({ prefix: 'victim' });
  const { manifestDigest, token: victimToken } = await victimImage(request, victim);
  const auth = `Authorization: Basic ${Buffer.from(`${user.name}:${await tokenFor(request, user)}`).toString('base64')}`;
  const smuggled = head(`DELETE /v2/${victim.name}/app/manifests/${manifestDigest} HTTP/1.1`, 'Host: registry');

  const chunkedGet = head(`GET /v2/${user.name}/app/tags/list HTTP/1.1`, `Host: ${HOST}`, auth, 'Transfer-Encoding: chunked') + chunked(smuggled);
  const lengthGet = head(`GET /v2/${user.name}/app/tags/list HTTP/1.1`, `Host: ${HOST}`, auth, `Content-Length: ${smuggled.length}`) + smuggled;
  for (const payload of [chunkedGet, lengthGet]) {
    const { answers, closed } = await rawExchange(payload, 2, auth);
    expect(answers.map((a) => a.status)).toEqual([400]);
    expect(JSON.parse(answers[0].body).errors[0].code).toBe('UNSUPPORTED');
    expect(closed).toBe(true);
  }

  const still = await request.head(`/v2/${victim.name}/app/manifests/${manifestDigest}`, {
    headers: { ...basicAuth(victim.name, victimToken), Accept: OCI_MANIFEST },
  });
  expect(still.status()).toBe(200);
});

test("a mount from another user's private repository stays a plain upload, however `from` is encoded", async ({ api, request, user }) => {
  const victim = await api.createUser({ prefix: 'victim' });
  const { layer } = await victimImage(request, victim);
  const token = await tokenFor(request, user);
  const auth = basicAuth(user.name, token);
  for (const from of [`fr%6fm=${victim.name}/app`, `from=${victim.name}%2Fapp`, `%66rom=${victim.name}%2fapp`]) {
    const started = await request.post(`/v2/${user.name}/app/blobs/uploads/?mount=${layer}&${from}`, { headers: { ...auth, 'Content-Length': '0' } });
    // 201 would be a mount: the layer copied out of the private repository.
    expect(started.status(), from).toBe(202);
  }
  const copied = await request.head(`/v2/${user.name}/app/blobs/${layer}`, { headers: auth });
  expect(copied.status()).toBe(404);

  // A form body could carry the mount where the registry reads it first: refused before it goes up.
  const form = `mount=${encodeURIComponent(layer)}&from=${encodeURIComponent(`${victim.name}/app`)}`;
  const formStart = await request.post(`/v2/${user.name}/app/blobs/uploads/?digest=${layer}`, {
    headers: { ...auth, 'Content-Type': 'application/x-www-form-urlencoded' },
    data: form,
  });
  expect(formStart.status()).toBe(400);
  expect((await request.head(`/v2/${user.name}/app/blobs/${layer}`, { headers: auth })).status()).toBe(404);
});
