import { describe, expect, it } from 'vitest';
import { DELETE as deleteOne, GET as getOne, PATCH as patchOne } from '@/app/api/v0/api_tokens/[hashedToken]/route';
import { GET as list, POST as create } from '@/app/api/v0/api_tokens/route';
import type { ApiToken } from '@/lib/access-tokens/lifecycle';
import { verifyCredentials } from '@/lib/auth/credentials';
import { hashToken } from '@/lib/access-tokens/format';
import { allPages, basic, bearer, call, expectError, expectJson } from '../support/http';
import { createOrg } from '../support/orgs';
import { corrupt, createToken } from '../support/tokens';
import { createUser, type TestUser } from '../support/users';

type NewApiToken = ApiToken & { token: string };

const API_TOKEN_KEYS = [
  'createdAt',
  'creatorUa',
  'expiresAt',
  'generatedBy',
  'hashedToken',
  'isActive',
  'lastUsed',
  'lastUsedIp',
  'scope',
  'temporary',
  'tokenLabel',
  'username',
];
const UA = 'berth-tests/1.0';

const auth = (user: TestUser) => basic(user.name, user.password);

const post = (authorization: string | undefined, opts: { body?: unknown; query?: string } = {}) =>
  call(create, 'POST', `/api/v0/api_tokens${opts.query ?? ''}`, {
    auth: authorization,
    body: opts.body,
    headers: { 'user-agent': UA },
  });

const getList = (authorization: string, query = '') => call(list, 'GET', `/api/v0/api_tokens${query}`, { auth: authorization });

const one = (method: 'GET' | 'PATCH' | 'DELETE', authorization: string, hashedToken: string, body?: unknown, headers?: Record<string, string>) => {
  const handler = { GET: getOne, PATCH: patchOne, DELETE: deleteOne }[method];
  return call(handler, method, `/api/v0/api_tokens/${hashedToken}`, { auth: authorization, body, headers, params: { hashedToken } });
};

/** Every token the caller can list, across pages. */
const listAll = (authorization: string, query = '') =>
  allPages<ApiToken>(
    (pageStart) => getList(authorization, `?pageSize=100${query}${pageStart ? `&pageStart=${pageStart}` : ''}`),
    (body) => body as ApiToken[],
  );

async function countOf(authorization: string, username: string): Promise<number> {
  const response = await getList(authorization, `?username=${username}&count=true`);
  await expectJson(response);
  return Number(response.headers.get('x-resource-count'));
}

/** The token as its owner's password session sees it, for before/after comparisons. */
const snapshot = async (owner: TestUser, hashedToken: string) => expectJson<ApiToken>(await one('GET', auth(owner), hashedToken));

describe('POST /api/v0/api_tokens', () => {
  it('creates a token for the caller and shows its secret in this answer only', async () => {
    const user = await createUser();
    const expiresAt = new Date(Date.now() + 7 * 86_400_000).toISOString();
    const response = await post(auth(user), { body: { tokenLabel: 'ci pipeline', scope: 'read-write', expiresAt } });
    const created = await expectJson<NewApiToken>(response);
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(Object.keys(created).sort()).toEqual([...API_TOKEN_KEYS, 'token'].sort());
    expect(created.token).toMatch(/^brt_[0-9A-Za-z]{42}$/);
    expect(created).toMatchObject({
      hashedToken: hashToken(created.token),
      tokenLabel: 'ci pipeline',
      isActive: true,
      lastUsed: null,
      lastUsedIp: null,
      generatedBy: user.name,
      creatorUa: UA,
      username: user.name,
      scope: 'read-write',
      expiresAt,
    });
    expect(Number.isNaN(Date.parse(created.createdAt))).toBe(false);

    // The new token works at once, and no later answer carries the secret.
    const listed = await expectJson<ApiToken[]>(await getList(bearer(created.token)));
    expect(listed.map((t) => t.hashedToken)).toEqual([created.hashedToken]);
    expect(Object.keys(listed[0]).sort()).toEqual(API_TOKEN_KEYS);
    const fetched = await expectJson<ApiToken>(await one('GET', auth(user), created.hashedToken));
    expect(fetched).not.toHaveProperty('token');
    const patched = await expectJson<ApiToken>(await one('PATCH', auth(user), created.hashedToken, { tokenLabel: 'renamed' }));
    expect(patched).not.toHaveProperty('token');
    expect(JSON.stringify([listed, fetched, patched])).not.toContain(created.token);
  });

  it('defaults to no label, full scope and no expiry, with or without a body', async () => {
    const user = await createUser();
    for (const body of [undefined, {}]) {
      const created = await expectJson<NewApiToken>(await post(auth(user), { body }));
      expect(created).toMatchObject({ tokenLabel: '', scope: 'admin', expiresAt: null, isActive: true });
    }
  });

  it('accepts a 100-character label and a date-only expiry', async () => {
    const user = await createUser();
    const tomorrow = new Date(Date.now() + 2 * 86_400_000).toISOString().slice(0, 10);
    const created = await expectJson<NewApiToken>(await post(auth(user), { body: { tokenLabel: 'x'.repeat(100), expiresAt: tomorrow } }));
    expect(created.tokenLabel).toBe('x'.repeat(100));
    expect(created.expiresAt).toBe(new Date(tomorrow).toISOString());
  });

  it('lets a system admin create a token for any user, the admin included', async () => {
    const user = await createUser();
    const admin = await createUser({ admin: true });
    const forUser = await expectJson<NewApiToken>(await post(auth(admin), { query: `?username=${user.name}`, body: { tokenLabel: 'handed over' } }));
    expect(forUser).toMatchObject({ username: user.name, generatedBy: admin.name, tokenLabel: 'handed over' });
    expect((await verifyCredentials(user.name, forUser.token, '::1')).ok).toBe(true);
    expect((await verifyCredentials(admin.name, forUser.token, '::1')).ok).toBe(false);

    const forSelf = await expectJson<NewApiToken>(await post(auth(admin), { query: `?username=${admin.name}` }));
    expect(forSelf).toMatchObject({ username: admin.name, generatedBy: admin.name });
  });

  it('refuses a regular user creating a token for someone else', async () => {
    const user = await createUser();
    const other = await createUser();
    const admin = await createUser({ admin: true });
    await expectError(await post(auth(user), { query: `?username=${other.name}` }), 403, 'NOT_AUTHORIZED');
    expect(await countOf(auth(admin), other.name)).toBe(0);
    expect(await countOf(auth(admin), user.name)).toBe(0);
  });

  it('answers NO_SUCH_USER for an unknown user or an organization', async () => {
    const admin = await createUser({ admin: true });
    const org = await createOrg();
    await expectError(await post(auth(admin), { query: `?username=${admin.name}-nobody` }), 404, 'NO_SUCH_USER');
    await expectError(await post(auth(admin), { query: `?username=${org.name}` }), 404, 'NO_SUCH_USER');
    await expectError(await post(auth(admin), { query: '?username=Not%2FAName' }), 400, 'INVALID_PARAMETERS');
  });

  it('refuses malformed requests and creates nothing', async () => {
    const user = await createUser();
    const inPast = new Date(Date.now() - 60_000).toISOString();
    const cases: [unknown, string][] = [
      ['{"tokenLabel": ', 'INVALID_JSON'],
      ['not json', 'INVALID_JSON'],
      [{ tokenLabel: 'x', isAdmin: true }, 'INVALID_PARAMETERS'],
      [{ token: 'brt_mine' }, 'INVALID_PARAMETERS'],
      [{ tokenLabel: 'x'.repeat(10_000) }, 'INVALID_PARAMETERS'],
      [{ tokenLabel: 'x'.repeat(101) }, 'INVALID_PARAMETERS'],
      [{ tokenLabel: 'line\nbreak' }, 'INVALID_PARAMETERS'],
      [{ tokenLabel: 42 }, 'INVALID_PARAMETERS'],
      [{ scope: 'root' }, 'INVALID_PARAMETERS'],
      [{ expiresAt: inPast }, 'INVALID_PARAMETERS'],
      [{ expiresAt: 'tomorrow' }, 'INVALID_PARAMETERS'],
      [[], 'INVALID_PARAMETERS'],
      ['null', 'INVALID_PARAMETERS'],
    ];
    for (const [body, code] of cases) await expectError(await post(auth(user), { body }), 400, code);
    expect(await countOf(auth(user), user.name)).toBe(0);
  });

  it('refuses a missing or wrong credential with 401', async () => {
    const user = await createUser();
    const { token } = await createToken(user);
    await expectError(await post(undefined), 401, 'NOT_AUTHENTICATED');
    await expectError(await post(bearer(corrupt(token))), 401, 'NOT_AUTHENTICATED');
    await expectError(await post(basic(user.name, corrupt(token))), 401, 'NOT_AUTHENTICATED');
    await expectError(await post(basic(user.name, 'wrong-password')), 401, 'NOT_AUTHENTICATED');
    expect(await countOf(auth(user), user.name)).toBe(1);
  });

  it('refuses a read-only or read-write token: only a full-scope credential manages tokens', async () => {
    const user = await createUser();
    const admin = await createUser({ admin: true });
    const readOnly = await createToken(user, { scope: 'read-only' });
    const readWrite = await createToken(user, { scope: 'read-write' });
    const adminReadOnly = await createToken(admin, { scope: 'read-only' });
    await expectError(await post(bearer(readOnly.token)), 403, 'NOT_AUTHORIZED');
    await expectError(await post(basic(user.name, readWrite.token)), 403, 'NOT_AUTHORIZED');
    await expectError(await post(bearer(adminReadOnly.token), { query: `?username=${user.name}` }), 403, 'NOT_AUTHORIZED');
    expect(await countOf(auth(user), user.name)).toBe(2);
  });
});

describe('GET /api/v0/api_tokens', () => {
  it('lists the caller’s own tokens, newest first, without secrets', async () => {
    const user = await createUser();
    const other = await createUser();
    const first = await createToken(user, { tokenLabel: 'first' });
    const second = await createToken(user, { tokenLabel: 'second' });
    await createToken(other);
    const listed = await expectJson<ApiToken[]>(await getList(auth(user)));
    expect(listed.map((t) => t.hashedToken)).toEqual([second.hashedToken, first.hashedToken]);
    for (const t of listed) {
      expect(Object.keys(t).sort()).toEqual(API_TOKEN_KEYS);
      expect(t.username).toBe(user.name);
    }
    expect(await expectJson(await getList(auth(user), `?username=${user.name}`))).toEqual(listed);
  });

  it('shows a system admin every user’s tokens without a username, and one user’s with it', async () => {
    const a = await createUser();
    const b = await createUser();
    const admin = await createUser({ admin: true });
    const ta = await createToken(a);
    const tb = await createToken(b);
    const everyone = (await listAll(auth(admin))).map((t) => t.hashedToken);
    expect(everyone).toEqual(expect.arrayContaining([ta.hashedToken, tb.hashedToken]));
    expect(new Set(everyone).size).toBe(everyone.length);

    const onlyA = await expectJson<ApiToken[]>(await getList(auth(admin), `?username=${a.name}`));
    expect(onlyA.map((t) => t.hashedToken)).toEqual([ta.hashedToken]);
  });

  it('refuses a regular user another user’s list', async () => {
    const user = await createUser();
    const other = await createUser();
    await createToken(other);
    await expectError(await getList(auth(user), `?username=${other.name}`), 403, 'NOT_AUTHORIZED');
  });

  it('pages with pageSize and pageStart, counting on request', async () => {
    const user = await createUser();
    const made: string[] = [];
    for (let i = 0; i < 5; i++) made.push((await createToken(user, { tokenLabel: `t${i}` })).hashedToken);

    const pages: ApiToken[][] = [];
    let pageStart: string | null = null;
    const nexts: (string | null)[] = [];
    do {
      const response = await getList(auth(user), `?pageSize=2&count=true${pageStart ? `&pageStart=${pageStart}` : ''}`);
      pages.push(await expectJson<ApiToken[]>(response));
      expect(response.headers.get('x-resource-count')).toBe('5');
      pageStart = response.headers.get('x-next-page-start');
      nexts.push(pageStart);
    } while (pageStart && pages.length < 10);

    expect(pages.map((p) => p.length)).toEqual([2, 2, 1]);
    expect(nexts.map((n) => n !== null)).toEqual([true, true, false]);
    for (const n of nexts.slice(0, 2)) expect(n).toMatch(/^[A-Za-z0-9_-]+$/);
    const seen = pages.flat().map((t) => t.hashedToken);
    expect(seen).toEqual([...made].reverse());

    const plain = await getList(auth(user), '?pageSize=5');
    expect(await expectJson<ApiToken[]>(plain)).toHaveLength(5);
    expect(plain.headers.get('x-next-page-start')).toBeNull();
    expect(plain.headers.get('x-resource-count')).toBeNull();
  });

  it('refuses bad paging parameters', async () => {
    const user = await createUser();
    for (const query of ['?pageSize=0', '?pageSize=101', '?pageSize=ten', '?pageStart=not-a-cursor', '?count=maybe']) {
      await expectError(await getList(auth(user), query), 400, 'INVALID_PARAMETERS');
    }
  });
});

describe('/api/v0/api_tokens/{hashedToken}', () => {
  it('shows a token to its owner, with the last use and the client IP', async () => {
    const user = await createUser();
    const created = await createToken(user);
    const response = await one('GET', bearer(created.token), created.hashedToken, undefined, { 'x-berth-client-ip': '203.0.113.50' });
    const shown = await expectJson<ApiToken>(response);
    expect(Object.keys(shown).sort()).toEqual(API_TOKEN_KEYS);
    expect(shown).toMatchObject({ hashedToken: created.hashedToken, username: user.name, lastUsedIp: '203.0.113.50' });
    expect(shown.lastUsed).not.toBeNull();
  });

  it('still authenticates when the client address is longer than the stored column', async () => {
    const user = await createUser();
    const created = await createToken(user);
    // With TRUST_PROXY the address comes from X-Forwarded-For, which the client writes.
    const forged = 'f'.repeat(100);
    const shown = await expectJson<ApiToken>(await one('GET', bearer(created.token), created.hashedToken, undefined, { 'x-berth-client-ip': forged }));
    expect(shown.lastUsedIp).toBe(forged.slice(0, 64));
  });

  it('answers NO_SUCH_API_TOKEN for another user’s token and leaves it alone', async () => {
    const owner = await createUser();
    const other = await createUser();
    const created = await createToken(owner);
    const before = await snapshot(owner, created.hashedToken);
    await expectError(await one('GET', auth(other), created.hashedToken), 404, 'NO_SUCH_API_TOKEN');
    await expectError(await one('PATCH', auth(other), created.hashedToken, { isActive: false }), 404, 'NO_SUCH_API_TOKEN');
    await expectError(await one('DELETE', auth(other), created.hashedToken), 404, 'NO_SUCH_API_TOKEN');
    expect(await snapshot(owner, created.hashedToken)).toEqual(before);
    expect((await verifyCredentials(owner.name, created.token, '::1')).ok).toBe(true);
  });

  it('answers NO_SUCH_API_TOKEN for unknown and malformed ids', async () => {
    const user = await createUser();
    await expectError(await one('GET', auth(user), 'f'.repeat(64)), 404, 'NO_SUCH_API_TOKEN');
    await expectError(await one('PATCH', auth(user), 'f'.repeat(64), { tokenLabel: 'x' }), 404, 'NO_SUCH_API_TOKEN');
    await expectError(await one('DELETE', auth(user), 'f'.repeat(64)), 404, 'NO_SUCH_API_TOKEN');
    await expectError(await one('GET', auth(user), 'not-a-hash'), 404, 'NO_SUCH_API_TOKEN');
  });

  it('lets a system admin read, change and delete any user’s token', async () => {
    const user = await createUser();
    const admin = await createUser({ admin: true });
    const created = await createToken(user);
    expect((await expectJson<ApiToken>(await one('GET', auth(admin), created.hashedToken))).username).toBe(user.name);
    const patched = await expectJson<ApiToken>(await one('PATCH', auth(admin), created.hashedToken, { tokenLabel: 'by admin' }));
    expect(patched.tokenLabel).toBe('by admin');
    expect((await one('DELETE', auth(admin), created.hashedToken)).status).toBe(200);
    expect((await verifyCredentials(user.name, created.token, '::1')).ok).toBe(false);
  });

  it('renames a token; an empty patch changes nothing', async () => {
    const user = await createUser();
    const created = await createToken(user, { tokenLabel: 'old' });
    const renamed = await expectJson<ApiToken>(await one('PATCH', auth(user), created.hashedToken, { tokenLabel: '  new name  ' }));
    expect(renamed.tokenLabel).toBe('new name');
    expect(await expectJson(await one('PATCH', auth(user), created.hashedToken, {}))).toEqual(renamed);
  });

  it('deactivates a token, which is refused at once, and reactivates it', async () => {
    const user = await createUser();
    const created = await createToken(user);
    await expectJson(await getList(bearer(created.token)));

    const off = await expectJson<ApiToken>(await one('PATCH', auth(user), created.hashedToken, { isActive: false }));
    expect(off.isActive).toBe(false);
    await expectError(await getList(bearer(created.token)), 401, 'NOT_AUTHENTICATED');
    await expectError(await getList(basic(user.name, created.token)), 401, 'NOT_AUTHENTICATED');
    expect((await snapshot(user, created.hashedToken)).isActive).toBe(false);

    const on = await expectJson<ApiToken>(await one('PATCH', auth(user), created.hashedToken, { isActive: true }));
    expect(on.isActive).toBe(true);
    await expectJson(await getList(bearer(created.token)));
  });

  it('deletes a token, which is refused at once and gone', async () => {
    const user = await createUser();
    const created = await createToken(user);
    const kept = await createToken(user);
    const response = await one('DELETE', auth(user), created.hashedToken);
    expect(response.status).toBe(200);
    await expectError(await getList(bearer(created.token)), 401, 'NOT_AUTHENTICATED');
    await expectError(await one('GET', auth(user), created.hashedToken), 404, 'NO_SUCH_API_TOKEN');
    await expectError(await one('DELETE', auth(user), created.hashedToken), 404, 'NO_SUCH_API_TOKEN');
    const listed = await expectJson<ApiToken[]>(await getList(auth(user)));
    expect(listed.map((t) => t.hashedToken)).toEqual([kept.hashedToken]);
  });

  it('refuses malformed patches and changes nothing', async () => {
    const user = await createUser();
    const created = await createToken(user, { tokenLabel: 'stable' });
    const before = await snapshot(user, created.hashedToken);
    const cases: [unknown, string][] = [
      ['{"isActive": fal', 'INVALID_JSON'],
      [{ scope: 'admin' }, 'INVALID_PARAMETERS'],
      [{ hashedToken: 'a'.repeat(64) }, 'INVALID_PARAMETERS'],
      [{ expiresAt: null }, 'INVALID_PARAMETERS'],
      [{ tokenLabel: 'x'.repeat(10_000) }, 'INVALID_PARAMETERS'],
      [{ tokenLabel: 'ok', isActive: 'no' }, 'INVALID_PARAMETERS'],
      [{ tokenLabel: 'bell\u0007' }, 'INVALID_PARAMETERS'],
    ];
    for (const [body, code] of cases) await expectError(await one('PATCH', auth(user), created.hashedToken, body), 400, code);
    expect(await snapshot(user, created.hashedToken)).toEqual(before);
  });

  it('refuses a read-only token changing or deleting tokens, itself included', async () => {
    const user = await createUser();
    const readOnly = await createToken(user, { scope: 'read-only' });
    const target = await createToken(user);
    // A first use records its last use, so the comparisons below see only what the refusals did.
    await expectJson(await getList(bearer(readOnly.token)));
    for (const hashed of [readOnly.hashedToken, target.hashedToken]) {
      const before = await snapshot(user, hashed);
      await expectError(await one('PATCH', bearer(readOnly.token), hashed, { isActive: false }), 403, 'NOT_AUTHORIZED');
      await expectError(await one('DELETE', bearer(readOnly.token), hashed), 403, 'NOT_AUTHORIZED');
      expect(await snapshot(user, hashed)).toEqual(before);
    }
  });

  it('does not give an admin’s read-only token another user’s tokens', async () => {
    const user = await createUser();
    const admin = await createUser({ admin: true });
    const created = await createToken(user);
    const adminReadOnly = await createToken(admin, { scope: 'read-only' });
    await expectError(await one('GET', bearer(adminReadOnly.token), created.hashedToken), 404, 'NO_SUCH_API_TOKEN');
    await expectError(await getList(bearer(adminReadOnly.token), `?username=${user.name}`), 403, 'NOT_AUTHORIZED');
  });
});
