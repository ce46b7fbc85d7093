// SPEC 10, "Faults answer honestly", on a whole running server: Berth's production server (the
// build the webServer made) on a PostgreSQL database of its own, reached through a TCP proxy that
// the test cuts while requests keep coming. Every answer during the cut is 503 with Retry-After
// (the error envelope on the APIs, a page for people, a form error on the sign-in form), none is
// ever a 500, and the same server answers 200 again once the database is back: no restart.
import { randomBytes } from 'node:crypto';
import postgres from 'postgres';
import { CuttableProxy } from '../test/support/cuttable-proxy';
import { basicAuth, expect, submitSignIn, test, uniqueName } from './fixtures';
import { startServer, stopServer, type ServerProcess } from './server-process';

const POSTGRES_URL = new URL(process.env.E2E_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432');
const ADMIN = { name: 'admin', password: `faults-${randomBytes(12).toString('base64url')}` };
const database = `berth_e2e_faults_${process.pid}_${Date.now().toString(36)}`;

test.describe.configure({ mode: 'default' });

const proxy = new CuttableProxy({ host: POSTGRES_URL.hostname, port: Number(POSTGRES_URL.port || 5432) });
let server: ServerProcess | undefined;
let base = '';

const maintenance = () => postgres(new URL('/postgres', POSTGRES_URL).toString(), { max: 1, onnotice: () => {} });

test.beforeAll(async () => {
  test.setTimeout(180_000);
  const postgresAdmin = maintenance();
  try {
    await postgresAdmin.unsafe(`create database "${database}"`);
  } finally {
    await postgresAdmin.end();
  }
  await proxy.listen();
  const url = new URL(`/${database}`, POSTGRES_URL);
  Object.assign(url, { hostname: '127.0.0.1', port: String(proxy.port) });
  server = await startServer({
    name: 'faults',
    env: { DATABASE_URL: url.toString(), ADMIN_USERNAME: ADMIN.name, ADMIN_PASSWORD: ADMIN.password, RATE_LIMIT_IP_FAILURES: '1000' },
  });
  base = server.url;
});

test.afterAll(async () => {
  test.setTimeout(60_000);
  try {
    if (server) await stopServer(server, { graceMs: 5_000 });
    await proxy.close();
  } finally {
    const postgresAdmin = maintenance();
    try {
      await postgresAdmin.unsafe(`drop database if exists "${database}" with (force)`);
    } finally {
      await postgresAdmin.end();
    }
  }
});

type Answer = { label: string; status: number; retryAfter: string | null; type: string; body: string; sentAt: number; answeredAt: number };

test('with the database cut, every route answers 503 with Retry-After, never a 500, and 200 again once it is back', async ({ page }) => {
  test.setTimeout(180_000);
  const user = { name: uniqueName('faults'), password: `pw-${randomBytes(9).toString('base64url')}` };
  const created = await fetch(`${base}/enzi/v0/accounts`, {
    method: 'POST',
    headers: { ...basicAuth(ADMIN.name, ADMIN.password), 'content-type': 'application/json' },
    body: JSON.stringify({ ...user, isAdmin: false }),
  });
  expect(created.status, await created.text()).toBe(201);
  const issued = await fetch(`${base}/api/v0/api_tokens`, { method: 'POST', headers: { ...basicAuth(user.name, user.password), 'content-type': 'application/json' }, body: '{}' });
  const { token } = (await issued.json()) as { token: string };

  // A browser session, for the pages.
  await page.goto(`${base}/login`);
  await submitSignIn(page, user.name, user.password);
  await expect(page).toHaveURL(`${base}/repositories`);
  const cookie = (await page.context().cookies(base)).map((c) => `${c.name}=${c.value}`).join('; ');

  const routes: [string, string, RequestInit][] = [
    ['API v0 with a password', '/api/v0/repositories', { headers: basicAuth(user.name, user.password) }],
    ['API v0 with a token', '/api/v0/api_tokens', { headers: { Authorization: `Bearer ${token}` } }],
    ['eNZi', '/enzi/v0/accounts', { headers: basicAuth(ADMIN.name, ADMIN.password) }],
    ['the token service', `/auth/token?service=berth&scope=repository:${user.name}/app:pull`, { headers: basicAuth(user.name, token) }],
    ['the health check', '/api/health', {}],
    ['the repositories page', '/repositories', { headers: { cookie } }],
    ['the organizations page', '/organizations', { headers: { cookie } }],
    ['the profile page', `/users/${user.name}/profile`, { headers: { cookie } }],
  ];
  const answers: Answer[] = [];
  const ask = async ([label, route, init]: (typeof routes)[number]) => {
    const sentAt = Date.now();
    const response = await fetch(`${base}${route}`, { ...init, redirect: 'manual' });
    answers.push({
      label,
      status: response.status,
      retryAfter: response.headers.get('retry-after'),
      type: response.headers.get('content-type') ?? '',
      body: await response.text(),
      sentAt,
      answeredAt: Date.now(),
    });
  };
  // Requests keep coming, a round of every route at a time, from before the cut until after it.
  let running = true;
  const loop = (async () => {
    while (running) await Promise.all(routes.map(ask));
  })();
  const roundsSince = (t: number) => answers.filter((a) => a.sentAt >= t).length / routes.length;

  await expect.poll(() => roundsSince(0), { timeout: 30_000 }).toBeGreaterThanOrEqual(2);
  const cutAt = Date.now();
  proxy.cut();
  await expect.poll(() => roundsSince(cutAt), { timeout: 60_000 }).toBeGreaterThanOrEqual(3);

  // The sign-in form, while the database is away: it says so, and nobody is signed in.
  const signInPage = await page.context().browser()!.newPage();
  await signInPage.goto(`${base}/login`);
  await submitSignIn(signInPage, user.name, user.password);
  await expect(signInPage.getByRole('main').getByRole('alert')).toContainText('Berth cannot reach its database; try again in a moment');
  await expect(signInPage).toHaveURL(`${base}/login`);
  await signInPage.close();

  const restoredAt = Date.now();
  await proxy.restore();
  // Back without a restart: every route answers as before, within a few seconds.
  const lastTwoRoundsFine = () => {
    const since = answers.filter((a) => a.sentAt >= restoredAt).slice(-routes.length * 2);
    return since.length === routes.length * 2 && since.every((a) => a.status === 200);
  };
  await expect.poll(lastTwoRoundsFine, { timeout: 60_000 }).toBe(true);
  running = false;
  await loop;
  expect(server!.child.exitCode, 'the server kept running').toBeNull();

  const describe = (a: Answer) => `${a.label}: ${a.status} ${a.type} ${a.body.slice(0, 200)}`;
  for (const answer of answers) expect(answer.status, describe(answer)).not.toBe(500);
  const duringCut = answers.filter((a) => a.sentAt >= cutAt && a.answeredAt < restoredAt);
  expect(duringCut.length).toBeGreaterThanOrEqual(routes.length * 3);
  for (const answer of duringCut) {
    expect(answer.status, describe(answer)).toBe(503);
    expect(Number(answer.retryAfter), describe(answer)).toBeGreaterThan(0);
    if (answer.label === 'the health check') expect(JSON.parse(answer.body)).toMatchObject({ status: 'error', database: 'down' });
    else if (answer.label.endsWith('page')) expect(answer.body, describe(answer)).toContain('Berth cannot reach its database');
    else expect(JSON.parse(answer.body), describe(answer)).toEqual({ errors: [{ code: 'UNAVAILABLE', message: expect.stringContaining('database') }] });
  }
  // And the browser's session works again as it did.
  await page.goto(`${base}/repositories`);
  await expect(page.getByRole('heading', { name: 'Repositories' })).toBeVisible();
});
