import { describe, expect, it } from 'vitest';
import type { ApiToken } from '@/lib/access-tokens/lifecycle';
import { verifyCredentials } from '@/lib/auth/credentials';
import { basic, bearer, expectError, expectJson } from '../support/http';
import { createToken } from '../support/tokens';
import { API_TOKEN_KEYS, tokenApi } from '../support/tokens-api';
import { createUser, passwordAuth, type TestUser } from '../support/users';

/** The token as its owner's password session sees it, for before/after comparisons. */
const snapshot = async (owner: TestUser, hashedToken: string) => expectJson<ApiToken>(await tokenApi.one('GET', passwordAuth(owner), hashedToken));

describe('/api/v0/api_tokens/{hashedToken}', () => {
  it('shows a token to its owner, with the last use and the client IP', async () => {
    const user = await createUser();
    const created = await createToken(user);
    const response = await tokenApi.one('GET', bearer(created.token), created.hashedToken, undefined, { 'x-berth-client-ip': '203.0.113.50' });
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
    const shown = await expectJson<ApiToken>(await tokenApi.one('GET', bearer(created.token), created.hashedToken, undefined, { 'x-berth-client-ip': forged }));
    expect(shown.lastUsedIp).toBe(forged.slice(0, 64));
  });

  it('answers NO_SUCH_API_TOKEN for another user’s token and leaves it alone', async () => {
    const owner = await createUser();
    const other = await createUser();
    const created = await createToken(owner);
    const before = await snapshot(owner, created.hashedToken);
    await expectError(await tokenApi.one('GET', passwordAuth(other), created.hashedToken), 404, 'NO_SUCH_API_TOKEN');
    await expectError(await tokenApi.one('PATCH', passwordAuth(other), created.hashedToken, { isActive: false }), 404, 'NO_SUCH_API_TOKEN');
    await expectError(await tokenApi.one('DELETE', passwordAuth(other), created.hashedToken), 404, 'NO_SUCH_API_TOKEN');
    expect(await snapshot(owner, created.hashedToken)).toEqual(before);
    expect((await verifyCredentials(owner.name, created.token, '::1')).ok).toBe(true);
  });

  it('answers NO_SUCH_API_TOKEN for unknown and malformed ids', async () => {
    const user = await createUser();
    await expectError(await tokenApi.one('GET', passwordAuth(user), 'f'.repeat(64)), 404, 'NO_SUCH_API_TOKEN');
    await expectError(await tokenApi.one('PATCH', passwordAuth(user), 'f'.repeat(64), { tokenLabel: 'x' }), 404, 'NO_SUCH_API_TOKEN');
    await expectError(await tokenApi.one('DELETE', passwordAuth(user), 'f'.repeat(64)), 404, 'NO_SUCH_API_TOKEN');
    await expectError(await tokenApi.one('GET', passwordAuth(user), 'not-a-hash'), 404, 'NO_SUCH_API_TOKEN');
  });

  it('lets a system admin read, change and delete any user’s token', async () => {
    const user = await createUser();
    const admin = await createUser({ admin: true });
    const created = await createToken(user);
    expect((await expectJson<ApiToken>(await tokenApi.one('GET', passwordAuth(admin), created.hashedToken))).username).toBe(user.name);
    const patched = await expectJson<ApiToken>(await tokenApi.one('PATCH', passwordAuth(admin), created.hashedToken, { tokenLabel: 'by admin' }));
    expect(patched.tokenLabel).toBe('by admin');
    expect((await tokenApi.one('DELETE', passwordAuth(admin), created.hashedToken)).status).toBe(200);
    expect((await verifyCredentials(user.name, created.token, '::1')).ok).toBe(false);
  });

  it('renames a token; an empty patch changes nothing', async () => {
    const user = await createUser();
    const created = await createToken(user, { tokenLabel: 'old' });
    const renamed = await expectJson<ApiToken>(await tokenApi.one('PATCH', passwordAuth(user), created.hashedToken, { tokenLabel: '  new name  ' }));
    expect(renamed.tokenLabel).toBe('new name');
    expect(await expectJson(await tokenApi.one('PATCH', passwordAuth(user), created.hashedToken, {}))).toEqual(renamed);
  });

  it('deactivates a token, which is refused at once, and reactivates it', async () => {
    const user = await createUser();
    const created = await createToken(user);
    await expectJson(await tokenApi.list(bearer(created.token)));

    const off = await expectJson<ApiToken>(await tokenApi.one('PATCH', passwordAuth(user), created.hashedToken, { isActive: false }));
    expect(off.isActive).toBe(false);
    await expectError(await tokenApi.list(bearer(created.token)), 401, 'NOT_AUTHENTICATED');
    await expectError(await tokenApi.list(basic(user.name, created.token)), 401, 'NOT_AUTHENTICATED');
    expect((await snapshot(user, created.hashedToken)).isActive).toBe(false);

    const on = await expectJson<ApiToken>(await tokenApi.one('PATCH', passwordAuth(user), created.hashedToken, { isActive: true }));
    expect(on.isActive).toBe(true);
    await expectJson(await tokenApi.list(bearer(created.token)));
  });

  it('deletes a token, which is refused at once and gone', async () => {
    const user = await createUser();
    const created = await createToken(user);
    const kept = await createToken(user);
    const response = await tokenApi.one('DELETE', passwordAuth(user), created.hashedToken);
    expect(response.status).toBe(200);
    await expectError(await tokenApi.list(bearer(created.token)), 401, 'NOT_AUTHENTICATED');
    await expectError(await tokenApi.one('GET', passwordAuth(user), created.hashedToken), 404, 'NO_SUCH_API_TOKEN');
    await expectError(await tokenApi.one('DELETE', passwordAuth(user), created.hashedToken), 404, 'NO_SUCH_API_TOKEN');
    const listed = await expectJson<ApiToken[]>(await tokenApi.list(passwordAuth(user)));
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
    for (const [body, code] of cases) await expectError(await tokenApi.one('PATCH', passwordAuth(user), created.hashedToken, body), 400, code);
    expect(await snapshot(user, created.hashedToken)).toEqual(before);
  });

  it('refuses a read-only token changing or deleting tokens, itself included', async () => {
    const user = await createUser();
    const readOnly = await createToken(user, { scope: 'read-only' });
    const target = await createToken(user);
    // A first use records its last use, so the comparisons below see only what the refusals did.
    await expectJson(await tokenApi.list(bearer(readOnly.token)));
    for (const hashed of [readOnly.hashedToken, target.hashedToken]) {
      const before = await snapshot(user, hashed);
      await expectError(await tokenApi.one('PATCH', bearer(readOnly.token), hashed, { isActive: false }), 403, 'NOT_AUTHORIZED');
      await expectError(await tokenApi.one('DELETE', bearer(readOnly.token), hashed), 403, 'NOT_AUTHORIZED');
      expect(await snapshot(user, hashed)).toEqual(before);
    }
  });

  it('does not give an admin’s read-only token another user’s tokens', async () => {
    const user = await createUser();
    const admin = await createUser({ admin: true });
    const created = await createToken(user);
    const adminReadOnly = await createToken(admin, { scope: 'read-only' });
    await expectError(await tokenApi.one('GET', bearer(adminReadOnly.token), created.hashedToken), 404, 'NO_SUCH_API_TOKEN');
    await expectError(await tokenApi.list(bearer(adminReadOnly.token), `?username=${user.name}`), 403, 'NOT_AUTHORIZED');
  });
});
