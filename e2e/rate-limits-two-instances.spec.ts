// SPEC 8 and issue 5: two Berth processes on one PostgreSQL database act as one. Failed passwords
// count towards one limit wherever they arrive, and a token turned off on one instance is refused
// by the other within its second of cache (decisions 006 and 007).
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { APIRequestContext, APIResponse } from '@playwright/test';
import postgres from 'postgres';
import { freePortsSync, SERVER_ARGS } from './env';
import { basicAuth, expect, expectApiError, test, uniqueName, type Account } from './fixtures';
import { DATABASE_DUMPS_DIR, dumpDatabase, EXTRA_LOGS_DIR } from './leak-record';
import { expectOwnServer } from './own-servers';

const POSTGRES_URL = process.env.E2E_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432';
const ROOT = path.join(__dirname, '..');
const USER_FAILURES = 4;
const ADMIN = { name: 'admin', password: `instances-${randomBytes(12).toString('base64url')}` };

// Client addresses as the instances see them: both trust X-Forwarded-For (TRUST_PROXY=1).
const from = (ip: string) => ({ 'X-Forwarded-For': ip });
const ATTACKER = from('203.0.113.1');
const CI_RUNNER = from('203.0.113.2');
const ADMIN_DESK = from('203.0.113.9');

// One pair of servers for the file's tests, so they run in one worker.
test.describe.configure({ mode: 'default' });

type Instance = { name: string; port: number; url: string; child: ChildProcess; exit: Promise<unknown> };

const database = `berth_e2e_instances_${process.pid}_${Date.now().toString(36)}`;
const instances: Instance[] = [];
const maintenance = () => postgres(`${POSTGRES_URL}/postgres`, { max: 1, onnotice: () => {} });

async function waitForHealth(instance: Instance, log: string) {
  const deadline = Date.now() + 90_000;
  let exited = false;
  void instance.exit.then(() => (exited = true));
  while (Date.now() < deadline && !exited) {
    const healthy = await fetch(`${instance.url}/api/health`).then(
      (response) => response.ok,
      () => false,
    );
    if (healthy) return expectOwnServer(instance.port, instance.child.pid!, `Instance ${instance.name}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`Instance ${instance.name} did not become healthy:\n${fs.readFileSync(log, 'utf8').slice(-4000)}`);
}

/** Berth's production server (the build the webServer made) on the shared database. */
async function startInstance(name: string, port: number): Promise<Instance> {
  fs.mkdirSync(EXTRA_LOGS_DIR, { recursive: true });
  const log = path.join(EXTRA_LOGS_DIR, `instance-${name}-${port}.log`);
  const out = fs.openSync(log, 'a');
  const child = spawn(process.execPath, SERVER_ARGS, {
    cwd: ROOT,
    // Its own process group, so that stopping the group stops everything it started.
    detached: true,
    stdio: ['ignore', out, out],
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      NODE_ENV: 'production',
      PORT: String(port),
      DATABASE_URL: `${POSTGRES_URL}/${database}`,
      ADMIN_USERNAME: ADMIN.name,
      ADMIN_PASSWORD: ADMIN.password,
      TRUST_PROXY: '1',
      RATE_LIMIT_USER_FAILURES: String(USER_FAILURES),
      RATE_LIMIT_IP_FAILURES: '1000',
      LOCKOUT_THRESHOLD: '100',
    },
  });
  fs.closeSync(out);
  const exit = new Promise((resolve) => child.once('exit', resolve));
  const instance = { name, port, url: `http://127.0.0.1:${port}`, child, exit };
  instances.push(instance);
  await waitForHealth(instance, log);
  return instance;
}

async function stopInstance({ child, exit }: Instance) {
  if (child.exitCode !== null || child.signalCode !== null || !child.pid) return;
  process.kill(-child.pid, 'SIGTERM');
  const stopped = await Promise.race([exit.then(() => true), new Promise((resolve) => setTimeout(() => resolve(false), 5_000))]);
  if (!stopped) {
    process.kill(-child.pid, 'SIGKILL');
    await exit;
  }
}

test.beforeAll(async () => {
  test.setTimeout(180_000);
  const server = maintenance();
  try {
    await server.unsafe(`create database "${database}"`);
  } finally {
    await server.end();
  }
  // Free ports, found as late as can be (E2E_INSTANCE_A_PORT and _B_PORT choose them instead).
  const [portA, portB] = freePortsSync(2);
  // One after the other: the first applies the migrations before the second starts.
  await startInstance('a', Number(process.env.E2E_INSTANCE_A_PORT ?? portA));
  await startInstance('b', Number(process.env.E2E_INSTANCE_B_PORT ?? portB));
});

test.afterAll(async () => {
  test.setTimeout(60_000);
  try {
    await Promise.all(instances.map(stopInstance));
    // What the database held, for the leak check, before it goes.
    const db = postgres(`${POSTGRES_URL}/${database}`, { max: 1, onnotice: () => {} });
    try {
      const rows = await dumpDatabase((text) => db.unsafe(text));
      fs.mkdirSync(DATABASE_DUMPS_DIR, { recursive: true });
      fs.writeFileSync(path.join(DATABASE_DUMPS_DIR, `${database}.txt`), rows);
    } catch {
      // The database was never made; there is nothing to read.
    } finally {
      await db.end();
    }
  } finally {
    const server = maintenance();
    try {
      await server.unsafe(`drop database if exists "${database}" with (force)`);
    } finally {
      await server.end();
    }
  }
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
