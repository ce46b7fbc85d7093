import { describe, expect, it } from 'vitest';
import { hashToken } from '@/lib/access-tokens/format';
import type { ApiToken } from '@/lib/access-tokens/lifecycle';
import { verifyCredentials } from '@/lib/auth/credentials';
import { basic, bearer, expectError, expectJson, readPage, walkPages, withStart } from '../support/http';
import { createOrg } from '../support/orgs';
import { corrupt, createToken } from '../support/tokens';
import { allTokens, API_TOKEN_KEYS, apiTokensOf, tokenApi, tokenCount, type NewApiToken } from '../support/tokens-api';
import { createUser, passwordAuth } from '../support/users';

const UA = 'berth-tests/1.0';

const post = (authorization: string | undefined, opts: { body?: unknown; query?: string } = {}) =>
  tokenApi.create(authorization, { ...opts, headers: { 'user-agent': UA } });

describe('POST /api/v0/api_tokens', () => {
  it('creates a token for the caller and shows its secret in this answer only', async () => {
    const user = await createUser();
    const expiresAt = new Date(Date.now() + 7 * 86_400_000).toISOString();
    const response = await post(passwordAuth(user), { body: { tokenLabel: 'ci pipeline', scope: 'read-write', expiresAt } });
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
    const listed = await expectJson<ApiToken[]>(await tokenApi.list(bearer(created.token)));
    expect(listed.map((t) => t.hashedToken)).toEqual([created.hashedToken]);
    expect(Object.keys(listed[0]).sort()).toEqual(API_TOKEN_KEYS);
    const fetched = await expectJson<ApiToken>(await tokenApi.one('GET', passwordAuth(user), created.hashedToken));
    expect(fetched).not.toHaveProperty('token');
    const patched = await expectJson<ApiToken>(await tokenApi.one('PATCH', passwordAuth(user), created.hashedToken, { tokenLabel: 'renamed' }));
    expect(patched).not.toHaveProperty('token');
    expect(JSON.stringify([listed, fetched, patched])).not.toContain(created.token);
  });

  it('defaults to no label, full scope and no expiry, with or without a body', async () => {
    const user = await createUser();
    for (const body of [undefined, {}]) {
      const created = await expectJson<NewApiToken>(await post(passwordAuth(user), { body }));
      expect(created).toMatchObject({ tokenLabel: '', scope: 'admin', expiresAt: null, isActive: true });
    }
  });

  it('accepts a 100-character label and a date-only expiry', async () => {
    const user = await createUser();
    const tomorrow = new Date(Date.now() + 2 * 86_400_000).toISOString().slice(0, 10);
    const created = await expectJson<NewApiToken>(await post(passwordAuth(user), { body: { tokenLabel: 'x'.repeat(100), expiresAt: tomorrow } }));
    expect(created.tokenLabel).toBe('x'.repeat(100));
    expect(created.expiresAt).toBe(new Date(tomorrow).toISOString());
  });

  it('lets a system admin create a token for any user, the admin included', async () => {
    const user = await createUser();
    const admin = await createUser({ admin: true });
    const forUser = await expectJson<NewApiToken>(await post(passwordAuth(admin), { query: `?username=${user.name}`, body: { tokenLabel: 'handed over' } }));
    expect(forUser).toMatchObject({ username: user.name, generatedBy: admin.name, tokenLabel: 'handed over' });
    expect((await verifyCredentials(user.name, forUser.token, '::1')).ok).toBe(true);
    expect((await verifyCredentials(admin.name, forUser.token, '::1')).ok).toBe(false);

    const forSelf = await expectJson<NewApiToken>(await post(passwordAuth(admin), { query: `?username=${admin.name}` }));
    expect(forSelf).toMatchObject({ username: admin.name, generatedBy: admin.name });
  });

  it('refuses a regular user creating a token for someone else', async () => {
    const user = await createUser();
    const other = await createUser();
    const admin = await createUser({ admin: true });
    await expectError(await post(passwordAuth(user), { query: `?username=${other.name}` }), 403, 'NOT_AUTHORIZED');
    expect(await tokenCount(passwordAuth(admin), other.name)).toBe(0);
    expect(await tokenCount(passwordAuth(admin), user.name)).toBe(0);
  });

  it('answers NO_SUCH_USER for an unknown user or an organization', async () => {
    const admin = await createUser({ admin: true });
    const org = await createOrg();
    await expectError(await post(passwordAuth(admin), { query: `?username=${admin.name}-nobody` }), 404, 'NO_SUCH_USER');
    await expectError(await post(passwordAuth(admin), { query: `?username=${org.name}` }), 404, 'NO_SUCH_USER');
    await expectError(await post(passwordAuth(admin), { query: '?username=Not%2FAName' }), 400, 'INVALID_PARAMETERS');
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
    for (const [body, code] of cases) await expectError(await post(passwordAuth(user), { body }), 400, code);
    expect(await tokenCount(passwordAuth(user), user.name)).toBe(0);
  });

  it('refuses a missing or wrong credential with 401', async () => {
    const user = await createUser();
    const { token } = await createToken(user);
    await expectError(await post(undefined), 401, 'NOT_AUTHENTICATED');
    await expectError(await post(bearer(corrupt(token))), 401, 'NOT_AUTHENTICATED');
    await expectError(await post(basic(user.name, corrupt(token))), 401, 'NOT_AUTHENTICATED');
    await expectError(await post(basic(user.name, 'wrong-password')), 401, 'NOT_AUTHENTICATED');
    expect(await tokenCount(passwordAuth(user), user.name)).toBe(1);
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
    expect(await tokenCount(passwordAuth(user), user.name)).toBe(2);
  });
});

describe('GET /api/v0/api_tokens', () => {
  it('lists the caller’s own tokens, newest first, without secrets', async () => {
    const user = await createUser();
    const other = await createUser();
    const first = await createToken(user, { tokenLabel: 'first' });
    const second = await createToken(user, { tokenLabel: 'second' });
    await createToken(other);
    const listed = await expectJson<ApiToken[]>(await tokenApi.list(passwordAuth(user)));
    expect(listed.map((t) => t.hashedToken)).toEqual([second.hashedToken, first.hashedToken]);
    for (const t of listed) {
      expect(Object.keys(t).sort()).toEqual(API_TOKEN_KEYS);
      expect(t.username).toBe(user.name);
    }
    expect(await expectJson(await tokenApi.list(passwordAuth(user), `?username=${user.name}`))).toEqual(listed);
  });

  it('shows a system admin every user’s tokens without a username, and one user’s with it', async () => {
    const a = await createUser();
    const b = await createUser();
    const admin = await createUser({ admin: true });
    const ta = await createToken(a);
    const tb = await createToken(b);
    const everyone = (await allTokens(passwordAuth(admin))).map((t) => t.hashedToken);
    expect(everyone).toEqual(expect.arrayContaining([ta.hashedToken, tb.hashedToken]));
    expect(new Set(everyone).size).toBe(everyone.length);

    const onlyA = await expectJson<ApiToken[]>(await tokenApi.list(passwordAuth(admin), `?username=${a.name}`));
    expect(onlyA.map((t) => t.hashedToken)).toEqual([ta.hashedToken]);
  });

  it('refuses a regular user another user’s list', async () => {
    const user = await createUser();
    const other = await createUser();
    await createToken(other);
    await expectError(await tokenApi.list(passwordAuth(user), `?username=${other.name}`), 403, 'NOT_AUTHORIZED');
  });

  it('pages with pageSize and pageStart, counting on request', async () => {
    const user = await createUser();
    const made: string[] = [];
    for (let i = 0; i < 5; i++) made.push((await createToken(user, { tokenLabel: `t${i}` })).hashedToken);

    const pages = await walkPages(async (start) =>
      readPage(await tokenApi.list(passwordAuth(user), withStart('?pageSize=2&count=true', start)), apiTokensOf),
    );
    expect(pages.map((p) => p.rows.length)).toEqual([2, 2, 1]);
    expect(pages.map((p) => p.count)).toEqual(['5', '5', '5']);
    expect(pages.map((p) => p.next !== null)).toEqual([true, true, false]);
    for (const { next } of pages.slice(0, 2)) expect(next).toMatch(/^[A-Za-z0-9_-]+$/);
    const seen = pages.flatMap((p) => p.rows).map((t) => t.hashedToken);
    expect(seen).toEqual([...made].reverse());

    const plain = await tokenApi.list(passwordAuth(user), '?pageSize=5');
    expect(await expectJson<ApiToken[]>(plain)).toHaveLength(5);
    expect(plain.headers.get('x-next-page-start')).toBeNull();
    expect(plain.headers.get('x-resource-count')).toBeNull();
  });

  it('refuses bad paging parameters', async () => {
    const user = await createUser();
    for (const query of ['?pageSize=0', '?pageSize=101', '?pageSize=ten', '?pageStart=not-a-cursor', '?count=maybe']) {
      await expectError(await tokenApi.list(passwordAuth(user), query), 400, 'INVALID_PARAMETERS');
    }
  });
});
