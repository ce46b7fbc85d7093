// An image pushed and pulled through Berth with skopeo, and who may do what with it (SPEC 6).
import fs from 'node:fs';
import path from 'node:path';
import type { APIRequestContext } from '@playwright/test';
import { BASE_URL } from './env';
import { basicAuth, expect, test, type Account } from './fixtures';
import { buildOciImage, ociManifestDigest, requireTool, run, tempDir } from './registry-support';

const HOST = new URL(BASE_URL).host;

test.beforeAll(() => requireTool('skopeo', 'skopeo'));

async function tokenFor(request: APIRequestContext, as: Account) {
  const response = await request.post('/api/v0/api_tokens', { headers: basicAuth(as.name, as.password), data: {} });
  expect(response.status(), await response.text()).toBe(200);
  return ((await response.json()) as { token: string }).token;
}

type RepositoryJson = { namespace: string; name: string; visibility: string; pulls: number; pushes: number };

async function repositoriesOf(request: APIRequestContext, as: Account): Promise<RepositoryJson[]> {
  const response = await request.get('/api/v0/repositories', { headers: basicAuth(as.name, as.password), params: { pageSize: 100 } });
  expect(response.status()).toBe(200);
  return ((await response.json()) as { repositories: RepositoryJson[] }).repositories;
}

const push = (layout: string, reference: string, creds: string) =>
  run('skopeo', ['copy', '--retry-times', '0', '--dest-tls-verify=false', '--dest-creds', creds, `oci:${layout}:1`, `docker://${HOST}/${reference}`]);

async function pull(reference: string, creds: string | null) {
  const out = path.join(tempDir('berth-pull-'), 'layout');
  const auth = creds ? ['--src-creds', creds] : ['--src-no-creds'];
  const result = await run('skopeo', ['copy', '--retry-times', '0', '--src-tls-verify=false', ...auth, `docker://${HOST}/${reference}`, `oci:${out}:1`]);
  const digest = fs.existsSync(path.join(out, 'index.json')) ? ociManifestDigest(out, '1') : undefined;
  return { ...result, digest };
}

test('skopeo pushes an image through Berth and pulls it back; access follows the repository', async ({ api, user, request }) => {
  const token = await tokenFor(request, user);
  const image = buildOciImage('1', 3);
  const repository = `${user.name}/app`;
  const ownRepositories = async (as: Account) => (await repositoriesOf(request, as)).filter((r) => r.namespace === user.name);
  expect(await ownRepositories(user)).toEqual([]);

  // The first push creates the (private) repository.
  const pushed = await push(image.layout, `${repository}:1`, `${user.name}:${token}`);
  expect(pushed.code, pushed.stderr).toBe(0);

  // An outsider gets nothing from the private repository, neither the image nor its existence.
  const outsider = await api.createUser({ prefix: 'outsider' });
  const outsiderPull = await pull(`${repository}:1`, `${outsider.name}:${await tokenFor(request, outsider)}`);
  expect(outsiderPull.code).not.toBe(0);
  expect(outsiderPull.digest).toBeUndefined();
  const outsiderGet = await request.get(`/v2/${repository}/manifests/1`, { headers: basicAuth(outsider.name, outsider.password) });
  expect(outsiderGet.status()).toBe(404);
  expect((await outsiderGet.json()).errors[0].code).toBe('NAME_UNKNOWN');
  const anonymousPull = await pull(`${repository}:1`, null);
  expect(anonymousPull.code).not.toBe(0);

  // The owner pulls the same manifest back.
  const pulled = await pull(`${repository}:1`, `${user.name}:${token}`);
  expect(pulled.code, pulled.stderr).toBe(0);
  expect(pulled.digest).toBe(image.manifestDigest);

  // One skopeo copy each way: one manifest PUT (a push) and one manifest GET (a pull).
  const [created] = await ownRepositories(user);
  expect(created).toMatchObject({ namespace: user.name, name: 'app', visibility: 'private', pushes: 1, pulls: 1 });
  expect(await ownRepositories(outsider)).toEqual([]);

  // Public: every user has read-only access; a read-only user may pull and is refused a push.
  const publish = await request.patch(`/api/v0/repositories/${repository}`, {
    headers: basicAuth(user.name, user.password),
    data: { visibility: 'public' },
  });
  expect(publish.status(), await publish.text()).toBe(200);
  const readerCreds = `${outsider.name}:${await tokenFor(request, outsider)}`;
  const readerPull = await pull(`${repository}:1`, readerCreds);
  expect(readerPull.code, readerPull.stderr).toBe(0);
  expect(readerPull.digest).toBe(image.manifestDigest);

  const readerPush = await push(image.layout, `${repository}:2`, readerCreds);
  expect(readerPush.code).not.toBe(0);
  expect(readerPush.stderr).toMatch(/denied/i);
  const upload = await request.post(`/v2/${repository}/blobs/uploads/`, { headers: basicAuth(outsider.name, outsider.password) });
  expect(upload.status()).toBe(403);
  expect((await upload.json()).errors[0].code).toBe('DENIED');

  // Anonymous clients pull public repositories.
  const anonymous = await pull(`${repository}:1`, null);
  expect(anonymous.code, anonymous.stderr).toBe(0);
  expect(anonymous.digest).toBe(image.manifestDigest);
});

test('a push into a namespace the user does not administer is refused and creates nothing', async ({ api, user, request }) => {
  const other = await api.createUser({ prefix: 'owner' });
  const image = buildOciImage('1', 2);
  const result = await push(image.layout, `${other.name}/app:1`, `${user.name}:${await tokenFor(request, user)}`);
  expect(result.code).not.toBe(0);
  expect(result.stderr).toMatch(/denied/i);
  // Other tests' public repositories are visible to everyone; none may appear in this namespace.
  expect((await repositoriesOf(request, other)).filter((r) => r.namespace === other.name)).toEqual([]);
});
