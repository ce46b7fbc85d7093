// SPEC 8 and issue 5: two Berth processes on one PostgreSQL database act as one. Failed passwords
// count towards one limit wherever they arrive, and a token turned off on one instance is refused
// by the other within its second of cache (decisions 006 and 007).
import { randomBytes } from 'node:crypto';
import type { APIRequestContext, APIResponse } from '@playwright/test';
import { basicAuth, expect, expectApiError, test, uniqueName, type Account } from './fixtures';
import { InstanceGroup, type Instance } from './instances';

const USER_FAILURES = 4;

// Client addresses as the instances see them: both trust X-Forwarded-For (TRUST_PROXY=1).
const from = (ip: string) => ({ 'X-Forwarded-For': ip });
const ATTACKER = from('203.0.113.1');
const CI_RUNNER = from('203.0.113.2');
const ADMIN_DESK = from('203.0.113.9');

// One pair of servers for the file's tests, so they run in one worker.
test.describe.configure({ mode: 'default' });

const group = new InstanceGroup('instances', { RATE_LIMIT_USER_FAILURES: String(USER_FAILURES), LOCKOUT_THRESHOLD: '100' });
const { admin: ADMIN, instances } = group;

test.beforeAll(async () => {
  test.setTimeout(180_000);
  await group.createDatabase();
  // Free ports, found as late as can be (E2E_INSTANCE_A_PORT and _B_PORT choose them instead).
  // One after the other: the first applies the migrations before the second starts.
  await group.start('a', process.env.E2E_INSTANCE_A_PORT ? Number(process.env.E2E_INSTANCE_A_PORT) : undefined);
  await group.start('b', process.env.E2E_INSTANCE_B_PORT ? Number(process.env.E2E_INSTANCE_B_PORT) : undefined);
});

test.afterAll(async () => {
  test.setTimeout(60_000);
  await group.close();
});

async function expectTooManyRequests(response: APIResponse) {
  const retryAfter = Number(response.headers()['retry-after']);
  await expectApiError(response, 429, 'TOO_MANY_REQUESTS');
  expect(Number.isInteger(retryAfter) && retryAfter > 0 && retryAfter <= 5 * 60, `Retry-After: ${retryAfter}`).toBe(true);
}

async function createUser(request: APIRequestContext, instance: Instance) {
  const user = { name: uniqueName('rl'), password: `pw-${randomBytes(12).toString('base64url')}` };
  const created = await request.post(`${instance.url}/enzi/v0/accounts`, {
    headers: { ...basicAuth(ADMIN.name, ADMIN.password), ...ADMIN_DESK },
    data: { ...user, isAdmin: false },
  });
  expect(created.status(), await created.text()).toBe(201);
  return user;
}

async function createToken(request: APIRequestContext, instance: Instance, user: Account) {
  const issued = await request.post(`${instance.url}/api/v0/api_tokens`, {
    headers: { ...basicAuth(user.name, user.password), ...CI_RUNNER },
    data: { tokenLabel: 'ci' },
  });
  expect(issued.status(), await issued.text()).toBe(200);
  return (await issued.json()) as { token: string; hashedToken: string };
}

const repositories = (request: APIRequestContext, instance: Instance, name: string, secret: string, ip: Record<string, string>) =>
  request.get(`${instance.url}/api/v0/repositories`, { headers: { ...basicAuth(name, secret), ...ip } });

test('failed passwords count towards one limit across both instances, which spares the token elsewhere', async ({ request }) => {
  const [a, b] = instances;
  const user = await createUser(request, a);
  const { token } = await createToken(request, b, user);
  const as = (instance: Instance, secret: string, ip: Record<string, string>) => repositories(request, instance, user.name, secret, ip);

  await test.step(`${USER_FAILURES} wrong passwords, alternately on A and B, reach the per-username limit`, async () => {
    for (let failure = 1; failure <= USER_FAILURES; failure++) {
      const instance = failure % 2 ? a : b;
      await expectApiError(await as(instance, `wrong-password-${failure}`, ATTACKER), 401, 'NOT_AUTHENTICATED');
      // Each instance has seen only half of them; one short of the limit, the password still works.
      if (failure === USER_FAILURES - 1) expect((await as(b, user.password, ATTACKER)).status()).toBe(200);
    }
  });

  await test.step('the next attempt is refused on either instance, even with the right password', async () => {
    await expectTooManyRequests(await as(a, user.password, ATTACKER));
    await expectTooManyRequests(await as(b, user.password, ATTACKER));
    // The per-username limit stops the password from every address, and on the token service too.
    await expectTooManyRequests(await as(a, user.password, CI_RUNNER));
    const registry = await request.get(`${b.url}/auth/token`, { headers: { ...basicAuth(user.name, user.password), ...CI_RUNNER } });
    expect(registry.status()).toBe(429);
    expect(Number(registry.headers()['retry-after'])).toBeGreaterThan(0);
  });

  await test.step("the user's token still works from another address, on both instances", async () => {
    expect((await as(a, token, CI_RUNNER)).status()).toBe(200);
    expect((await as(b, token, CI_RUNNER)).status()).toBe(200);
    const bearer = await request.get(`${a.url}/api/v0/repositories`, { headers: { Authorization: `Bearer ${token}`, ...CI_RUNNER } });
    expect(bearer.status()).toBe(200);
    // From the address that failed, the token is held back too (decision 007).
    await expectTooManyRequests(await as(b, token, ATTACKER));
  });
});

test('a token turned off on A is refused on B within about a second', async ({ request }) => {
  const [a, b] = instances;
  const user = await createUser(request, a);
  const { token, hashedToken } = await createToken(request, a, user);
  // B accepts the token, so its one-second cache holds it when A turns it off.
  expect((await repositories(request, b, user.name, token, CI_RUNNER)).status()).toBe(200);
  const off = await request.patch(`${a.url}/api/v0/api_tokens/${hashedToken}`, {
    headers: { ...basicAuth(ADMIN.name, ADMIN.password), ...ADMIN_DESK },
    data: { isActive: false },
  });
  expect(off.status(), await off.text()).toBe(200);
  expect((await repositories(request, a, user.name, token, CI_RUNNER)).status()).toBe(401);
  await expect.poll(async () => (await repositories(request, b, user.name, token, CI_RUNNER)).status(), { timeout: 3_000, intervals: [100] }).toBe(401);
});
