// `docker login` against Berth with the real docker CLI (client-side login: no daemon needed).
import type { APIRequestContext } from '@playwright/test';
import { BASE_URL } from './env';
import { basicAuth, expect, test, type Account } from './fixtures';
import { dockerLogin, requireTool } from './registry-support';

const HOST = new URL(BASE_URL).host;

test.beforeAll(() => requireTool('docker', 'docker.io (the docker CLI)'));

async function tokenFor(request: APIRequestContext, as: Account, body: Record<string, unknown> = {}) {
  const response = await request.post('/api/v0/api_tokens', { headers: basicAuth(as.name, as.password), data: body });
  expect(response.status(), await response.text()).toBe(200);
  return (await response.json()) as { token: string; hashedToken: string };
}

test('docker login succeeds with the password and with an active access token', async ({ user, request }) => {
  const withPassword = await dockerLogin(HOST, user.name, user.password);
  expect(withPassword.code, withPassword.stderr).toBe(0);
  expect(withPassword.stdout).toContain('Login Succeeded');

  const { token } = await tokenFor(request, user, { tokenLabel: 'docker' });
  const withToken = await dockerLogin(HOST, user.name, token);
  expect(withToken.code, withToken.stderr).toBe(0);
  expect(withToken.stdout).toContain('Login Succeeded');
});

test('docker login fails with a wrong password', async ({ user }) => {
  const result = await dockerLogin(HOST, user.name, `${user.password}-wrong`);
  expect(result.code).not.toBe(0);
  expect(result.stderr).toMatch(/unauthorized/i);
});

test('docker login fails with a deactivated or a deleted token', async ({ api, user, request }) => {
  const deactivated = await tokenFor(request, user);
  await api.setTokenActive(user, deactivated.hashedToken, false);
  const withDeactivated = await dockerLogin(HOST, user.name, deactivated.token);
  expect(withDeactivated.code).not.toBe(0);
  expect(withDeactivated.stderr).toMatch(/unauthorized/i);

  const deleted = await tokenFor(request, user);
  const removal = await request.delete(`/api/v0/api_tokens/${deleted.hashedToken}`, { headers: basicAuth(user.name, user.password) });
  expect(removal.status()).toBe(200);
  const withDeleted = await dockerLogin(HOST, user.name, deleted.token);
  expect(withDeleted.code).not.toBe(0);
  expect(withDeleted.stderr).toMatch(/unauthorized/i);
});

test('docker login fails with an expired token', async ({ user, request }) => {
  const expiresAt = Date.now() + 2_000;
  const expiring = await tokenFor(request, user, { expiresAt: new Date(expiresAt).toISOString() });
  // Wait on the condition (the expiry has passed; the server shares this machine's clock), without
  // spending failed attempts that the rate limit counts.
  await expect.poll(() => Date.now() > expiresAt, { timeout: 10_000 }).toBe(true);
  const result = await dockerLogin(HOST, user.name, expiring.token);
  expect(result.code).not.toBe(0);
  expect(result.stderr).toMatch(/unauthorized/i);
});

test("docker login fails with another user's token", async ({ api, user, request }) => {
  const other = await api.createUser({ prefix: 'other' });
  const { token } = await tokenFor(request, other);
  const result = await dockerLogin(HOST, user.name, token);
  expect(result.code).not.toBe(0);
  expect(result.stderr).toMatch(/unauthorized/i);
  // The same token works for its owner.
  const owner = await dockerLogin(HOST, other.name, token);
  expect(owner.code, owner.stderr).toBe(0);
});
