// SPEC 10, "Faults answer honestly": with the database unreachable, every route answers 503
// UNAVAILABLE with Retry-After (never a 500), and recovers without a restart once it is back.
//
// PostgreSQL only. The file makes a database of its own and puts a TCP proxy in front of the server
// that it can cut: the app's one client (db/index.ts, from DATABASE_URL) goes through the proxy, so
// its modules are imported only after DATABASE_URL names it. e2e/faults.spec.ts does the same to a
// whole running server, pages included.
import { randomBytes } from 'node:crypto';
import net from 'node:net';
import path from 'node:path';
import { drizzle } from 'drizzle-orm/postgres-js';
import { migrate } from 'drizzle-orm/postgres-js/migrator';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { CuttableProxy } from '../support/cuttable-proxy';
import { request } from '../support/next-request';

const onPostgres = !!process.env.DATABASE_URL;
const server = new URL(process.env.TEST_POSTGRES_URL || 'postgres://postgres@127.0.0.1:5432/test');
const database = `berth_test_${Date.now()}_${randomBytes(4).toString('hex')}`;
const urlOn = (db: string, port = server.port || '5432', host = server.hostname) => {
  const url = new URL(server);
  Object.assign(url, { hostname: host, port, pathname: `/${db}` });
  return url.toString();
};

// The sign-in action's request (next/headers works only inside a Next request).
vi.mock('next/headers', () => import('../support/next-request'));

const proxy = new CuttableProxy({ host: server.hostname, port: Number(server.port || 5432) });
const previousUrl = process.env.DATABASE_URL;

// The app's modules, loaded once DATABASE_URL names the proxy.
let app: Awaited<ReturnType<typeof load>>;
async function load() {
  const [http, users, tokenSupport, repos, tokens, accounts, token, health, login, secrets, errors, dbModule] = await Promise.all([
    import('../support/http'),
    import('../support/users'),
    import('../support/tokens'),
    import('@/app/api/v0/repositories/route'),
    import('@/app/api/v0/api_tokens/route'),
    import('@/app/enzi/v0/accounts/route'),
    import('@/app/auth/token/route'),
    import('@/app/api/health/route'),
    import('@/app/(auth)/login/actions'),
    import('@/lib/auth/secrets'),
    import('@/lib/errors'),
    import('@/db'),
  ]);
  return { support: { ...http, ...users, ...tokenSupport }, repos, tokens, accounts, token, health, login, secrets, errors, dbModule };
}

const maintenance = () => postgres(urlOn('postgres'), { max: 1, onnotice: () => {} });

beforeAll(async () => {
  if (!onPostgres) return;
  const sql = maintenance();
  try {
    await sql.unsafe(`create database "${database}"`);
  } finally {
    await sql.end();
  }
  const direct = postgres(urlOn(database), { max: 1, onnotice: () => {} });
  try {
    await migrate(drizzle(direct), { migrationsFolder: path.join(__dirname, '..', '..', 'db', 'migrations') });
  } finally {
    await direct.end();
  }
  await proxy.listen();
  process.env.DATABASE_URL = urlOn(database, String(proxy.port), '127.0.0.1');
  app = await load();
}, 60_000);

afterAll(async () => {
  if (!onPostgres) return;
  await app?.dbModule.closeDb();
  await proxy.close();
  process.env.DATABASE_URL = previousUrl;
  const sql = maintenance();
  try {
    await sql.unsafe(`drop database if exists "${database}" with (force)`);
  } finally {
    await sql.end();
  }
}, 60_000);

/** A 503 UNAVAILABLE in the error envelope (MSR's and the registry's are one shape), with Retry-After. */
async function expectUnavailable(response: Response, label: string) {
  const text = await response.text();
  expect(response.status, `${label}: ${text}`).toBe(503);
  expect(Number(response.headers.get('retry-after')), label).toBeGreaterThan(0);
  expect(JSON.parse(text), label).toEqual({ errors: [{ code: 'UNAVAILABLE', message: expect.stringContaining('database') }] });
}

describe.skipIf(!onPostgres)('with the database unreachable', () => {
  it('the session secret, first read while the database is away, is read again once it is back', async () => {
    await proxy.refuse();
    const error = await app.secrets.getAuthSecret().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(app.errors.isDatabaseUnavailable(error)).toBe(true);
    await proxy.restore();
    expect(await app.secrets.getAuthSecret()).toMatch(/^[\w-]{20,}$/);
  });

  type Fixtures = Awaited<ReturnType<typeof fixtures>>;
  async function fixtures() {
    const { createUser, createToken, basic } = app.support;
    const [admin, user] = await Promise.all([createUser({ admin: true, prefix: 'down-admin' }), createUser({ prefix: 'down-user' })]);
    const { token } = await createToken(user);
    const cookie = `next-auth.session-token=${await app.support.sessionCookieValue(await app.support.signIn(user))}`;
    return { admin, user, token, cookie, password: basic(user.name, user.password), tokenBasic: basic(user.name, token), adminBasic: basic(admin.name, admin.password) };
  }

  /** One request to each kind of route; `check` judges each answer. */
  async function everyRoute(f: Fixtures, check: (response: Response, label: string, kind: 'api' | 'health' | 'oauth') => Promise<void>) {
    const { call, send, BASE } = app.support;
    const api: [string, () => Promise<Response>][] = [
      ['API v0 with a password', () => call(app.repos.GET, 'GET', '/api/v0/repositories', { auth: f.password })],
      ['API v0 with a token', () => call(app.repos.GET, 'GET', '/api/v0/repositories', { auth: f.tokenBasic })],
      ['API v0 with Bearer', () => call(app.tokens.GET, 'GET', '/api/v0/api_tokens', { auth: `Bearer ${f.token}` })],
      ['API v0 with the session cookie', () => call(app.repos.GET, 'GET', '/api/v0/repositories', { headers: { cookie: f.cookie } })],
      ['eNZi list', () => call(app.accounts.GET, 'GET', '/enzi/v0/accounts', { auth: f.adminBasic })],
      ['eNZi create', () => call(app.accounts.POST, 'POST', '/enzi/v0/accounts', { auth: f.adminBasic, body: { name: app.support.uniqueName('new'), password: 'a-good-password' } })],
      ['token service with Basic', () => send(app.token.GET, new Request(new URL(`/auth/token?service=berth&scope=repository:${f.user.name}/app:pull`, BASE), { headers: { authorization: f.password } }))],
      ['token service anonymously, for a repository', () => send(app.token.GET, new Request(new URL(`/auth/token?service=berth&scope=repository:${f.user.name}/app:pull`, BASE)))],
    ];
    for (const [label, send] of api) await check(await send(), label, 'api');
    await check(await send(app.health.GET, new Request(new URL('/api/health', BASE))), '/api/health', 'health');
    const form = new URLSearchParams({ grant_type: 'password', username: f.user.name, password: f.user.password, service: 'berth' });
    const oauth = new Request(new URL('/auth/token', BASE), { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: form });
    await check(await send(app.token.POST, oauth), 'token service, OAuth2 password grant', 'oauth');
  }

  async function signIn(f: Fixtures) {
    const form = new FormData();
    form.set('username', f.user.name);
    form.set('password', f.user.password);
    request.session = undefined;
    try {
      return { state: await app.login.signIn({}, form) };
    } catch (error) {
      const digest = (error as { digest?: unknown }).digest;
      if (typeof digest === 'string' && digest.startsWith('NEXT_REDIRECT;')) return { redirect: digest.split(';')[2] };
      throw error;
    }
  }

  it.each(['cut', 'refused'] as const)(
    'every route answers 503 UNAVAILABLE with Retry-After while connections are %s, and 200 again once they are back',
    async (how) => {
      const f = await fixtures();
      const ok = async (response: Response, label: string) => expect(response.status, `${label}: ${await response.clone().text()}`).toBeLessThan(300);
      await everyRoute(f, ok);

      if (how === 'cut') proxy.cut();
      else await proxy.refuse();
      await everyRoute(f, async (response, label, kind) => {
        if (kind === 'api') return expectUnavailable(response, label);
        expect(response.status, label).toBe(503);
        expect(Number(response.headers.get('retry-after')), label).toBeGreaterThan(0);
        const body = await response.json();
        if (kind === 'health') expect(body).toEqual({ status: 'error', database: 'down', registry: expect.any(String) });
        else expect(body).toEqual({ error: 'temporarily_unavailable', error_description: expect.stringContaining('database') });
      });
      // The sign-in form says so, with the username kept; no 500 page, no session.
      expect(await signIn(f)).toEqual({ state: { error: 'Berth cannot reach its database; try again in a moment', values: { username: f.user.name } } });
      expect(request.session).toBeUndefined();

      // Back: the same modules and the same client, no restart; postgres.js connects again by itself.
      await proxy.restore();
      await everyRoute(f, ok);
      expect(await signIn(f)).toEqual({ redirect: '/repositories' });
    },
    60_000,
  );
});

describe.skipIf(!onPostgres)('real postgres.js errors', () => {
  const client = (port: number, extra: postgres.Options<Record<string, never>> = {}) =>
    postgres(urlOn(database, String(port), '127.0.0.1'), { max: 1, onnotice: () => {}, ...extra });
  const failure = (query: Promise<unknown>) =>
    query.then(
      () => {
        throw new Error('the query succeeded');
      },
      (e: unknown) => e,
    );

  it('refused, cut, ended and timed-out connections are the database unreachable', async () => {
    const closed = net.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const nobody = (closed.address() as net.AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const refused = client(nobody);
    expect(app.errors.isDatabaseUnavailable(await failure(refused`select 1`))).toBe(true);
    await refused.end();

    const cut = client(proxy.port);
    expect((await cut`select 1 as one`)[0].one).toBe(1);
    proxy.cut();
    const lost = await failure(cut`select 1`);
    expect(app.errors.isDatabaseUnavailable(lost), String(lost)).toBe(true);
    await proxy.restore();
    // The same client, no new one: postgres.js opens a connection again by itself.
    expect((await cut`select 2 as two`)[0].two).toBe(2);
    await cut.end();
    expect(app.errors.isDatabaseUnavailable(await failure(cut`select 1`))).toBe(true);

    proxy.mode = 'silent';
    const unanswered = client(proxy.port, { connect_timeout: 1 });
    const timedOut = await failure(unanswered`select 1`);
    expect((timedOut as { code?: string }).code).toBe('CONNECT_TIMEOUT');
    expect(app.errors.isDatabaseUnavailable(timedOut)).toBe(true);
    await proxy.restore();
    await unanswered.end({ timeout: 0 });
    proxy.cut();
    await proxy.restore();
  });

  it('a backend terminated by an administrator (57P01) is the database unreachable', async () => {
    // No type fetch at connect: a backend ended during postgres.js's own first query rejects a promise nobody holds.
    const victim = postgres(urlOn(database), { max: 1, onnotice: () => {}, fetch_types: false, connection: { application_name: 'berth-faults-victim' } });
    const killer = postgres(urlOn(database), { max: 1, onnotice: () => {} });
    try {
      const sleeping = failure(victim`select pg_sleep(60)`);
      // Wait for the query to be running, then end its backend as `pg_terminate_backend` does.
      await expect
        .poll(async () => (await killer`select count(*)::int as n from pg_stat_activity where application_name = 'berth-faults-victim' and state = 'active' and query like '%pg_sleep%'`)[0].n, { timeout: 10_000 })
        .toBe(1);
      await killer`select pg_terminate_backend(pid) from pg_stat_activity where application_name = 'berth-faults-victim'`;
      const error = await sleeping;
      // The server says 57P01 and closes; postgres.js, its query still waiting, names the close.
      expect(['57P01', 'CONNECTION_CLOSED']).toContain((error as { code?: string }).code);
      expect(app.errors.isDatabaseUnavailable(error)).toBe(true);
      // And the victim's client carries on with a new connection (its next query may still hear of the old one).
      const next = () => victim`select 3 as three`.then((rows) => rows[0].three as number, (e: unknown) => (app.errors.isDatabaseUnavailable(e) ? 'unavailable' : e));
      await expect.poll(next, { timeout: 10_000 }).toBe(3);
    } finally {
      await Promise.all([victim.end({ timeout: 0 }), killer.end()]);
    }
  });

  it('a query the server refused is not', async () => {
    const sql = client(proxy.port);
    try {
      for (const text of ['select * from no_such_table', 'select 1/0', "insert into accounts (id, name) values ('00000000-0000-0000-0000-000000000000', null)"]) {
        expect(app.errors.isDatabaseUnavailable(await failure(sql.unsafe(text))), text).toBe(false);
      }
    } finally {
      await sql.end();
    }
  });
});
