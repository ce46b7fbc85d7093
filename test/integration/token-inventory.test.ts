// SPEC 12, "Credentials inventory": the filters of GET /api/v0/api_tokens across every user, bulk
// deactivation and the CSV export, and their bad input.
import { describe, expect, it } from 'vitest';
import { GET as exportRoute } from '@/app/(console)/credentials/export/route';
import { deactivateAccessTokens } from '@/lib/access-tokens/inventory';
import { listAudit } from '@/lib/audit/events';
import { call, expectError, expectJson, readPage, walkPages, withStart } from '../support/http';
import { createToken, insertTokenRow, storedToken } from '../support/tokens';
import { apiTokensOf, tokenApi } from '../support/tokens-api';
import { createUser, passwordAuth, signIn, type TestUser } from '../support/users';
import { hashToken } from '@/lib/access-tokens/format';

const DAY = 86_400_000;
const ago = (days: number) => new Date(Date.now() - days * DAY);

/** A user with one token of each kind the filters tell apart, and the hashes by name. */
async function world() {
  const admin = await createUser({ admin: true });
  const user = await createUser();
  const secrets = {
    fresh: (await createToken(user, { scope: 'read-only' })).token,
    neverUsedOld: await insertTokenRow(user, { createdAt: ago(120) }),
    usedLongAgo: await insertTokenRow(user, { createdAt: ago(200), lastUsed: ago(100) }),
    usedRecently: await insertTokenRow(user, { createdAt: ago(200), lastUsed: ago(10) }),
    expiringSoon: await insertTokenRow(user, { expiresAt: new Date(Date.now() + 3 * DAY), lastUsed: ago(1) }),
    byAdmin: (await createToken(user, { by: admin })).token,
    temporary: (await createToken(user, { by: admin, temporary: true })).token,
  };
  const hashes = Object.fromEntries(Object.entries(secrets).map(([k, v]) => [k, hashToken(v)])) as Record<keyof typeof secrets, string>;
  const name = Object.fromEntries(Object.entries(hashes).map(([k, v]) => [v, k]));
  /** The names of the user's tokens a filtered list answers, across pages of two. */
  const listed = async (query: string, as: TestUser = admin) => {
    const pages = await walkPages((start) => tokenApi.list(passwordAuth(as), withStart(`?pageSize=2&username=${user.name}&${query}`, start)).then((r) => readPage(r, apiTokensOf)));
    return pages.flatMap((p) => p.rows.map((t) => name[t.hashedToken])).sort();
  };
  return { admin, user, secrets, hashes, listed };
}

describe('inventory filters on GET /api/v0/api_tokens', () => {
  it('stale, neverUsed, expiringWithinDays, createdBy, scope and temporary each narrow the list, and combine', async () => {
    const { admin, listed } = await world();
    expect(await listed('stale=90')).toEqual(['neverUsedOld', 'usedLongAgo']);
    expect(await listed('stale=5')).toEqual(['neverUsedOld', 'usedLongAgo', 'usedRecently']);
    expect(await listed('neverUsed=true')).toEqual(['byAdmin', 'fresh', 'neverUsedOld', 'temporary']);
    expect(await listed('neverUsed=false')).toEqual(['expiringSoon', 'usedLongAgo', 'usedRecently']);
    expect(await listed('expiringWithinDays=7')).toEqual(['expiringSoon', 'temporary']);
    expect(await listed(`createdBy=${admin.name}`)).toEqual(['byAdmin', 'temporary']);
    expect(await listed('scope=read-only')).toEqual(['fresh']);
    expect(await listed('temporary=true')).toEqual(['temporary']);
    expect(await listed('temporary=false&neverUsed=true&scope=admin')).toEqual(['byAdmin', 'neverUsedOld']);
  });

  it('across every user for an admin; count=true counts the filtered list; a user filters only their own', async () => {
    const { admin, user } = await world();
    const other = await createUser();
    await createToken(other, { by: admin });
    const everyone = await expectJson(await tokenApi.list(passwordAuth(admin), `?createdBy=${admin.name}&count=true&pageSize=100`));
    expect(apiTokensOf(everyone).map((t) => t.username).sort()).toEqual([user.name, user.name, other.name].sort());
    const counted = await tokenApi.list(passwordAuth(admin), `?createdBy=${admin.name}&count=true`);
    expect(counted.headers.get('x-resource-count')).toBe('3');
    const own = apiTokensOf(await expectJson(await tokenApi.list(passwordAuth(other), `?createdBy=${admin.name}`)));
    expect(own.map((t) => t.username)).toEqual([other.name]);
  });

  it('an unknown filter value is a 400 with the envelope', async () => {
    const { admin } = await world();
    const bad = ['stale=abc', 'stale=0', 'stale=-1', 'stale=99999', 'neverUsed=yes', 'neverUsed=', 'expiringWithinDays=1.5', 'scope=root', 'createdBy=Not%20A%20Name', 'temporary=1'];
    for (const query of bad) {
      const response = await tokenApi.list(passwordAuth(admin), `?${query}`);
      expect(response.status, query).toBe(400);
      await expectError(response, 400, 'INVALID_PARAMETERS');
    }
  });
});

describe('bulk deactivation', () => {
  it('an admin deactivates several users’ tokens at once, each audited; already inactive ones and unknown ids are skipped', async () => {
    const { admin, user, hashes, listed } = await world();
    const principal = await signIn(admin);
    const other = await createUser();
    const theirs = await createToken(other);
    const changed = await deactivateAccessTokens(principal, [hashes.neverUsedOld, hashes.usedLongAgo, theirs.hashedToken, 'f'.repeat(64), 'not-a-hash']);
    expect(changed).toBe(3);
    expect(await deactivateAccessTokens(principal, [hashes.neverUsedOld])).toBe(0);
    for (const hash of [hashes.neverUsedOld, hashes.usedLongAgo]) {
      expect((await expectJson<{ isActive: boolean }>(await tokenApi.one('GET', passwordAuth(user), hash))).isActive).toBe(false);
    }
    expect((await expectJson<{ isActive: boolean }>(await tokenApi.one('GET', passwordAuth(user), hashes.fresh))).isActive).toBe(true);
    const events = await listAudit(principal, { actor: admin.name, action: 'token.deactivated' }, { limit: 10 });
    expect(events).toHaveLength(3);
    expect(await listed('stale=90')).toEqual(['neverUsedOld', 'usedLongAgo']);
  });

  it('a user who is no system admin deactivates nothing, not even their own tokens this way', async () => {
    const { user, secrets, hashes } = await world();
    await expect(deactivateAccessTokens(await signIn(user), [hashes.fresh])).rejects.toMatchObject({ status: 403 });
    expect((await storedToken(secrets.fresh)).isActive).toBe(true);
  });
});

describe('CSV export', () => {
  it('the filtered list, one row per token, no secret, formulas defused; admins only; bad filters 400', async () => {
    const { admin, user, hashes } = await world();
    await tokenApi.one('PATCH', passwordAuth(user), hashes.fresh, { tokenLabel: '=HYPERLINK("x")' });
    const response = await call(exportRoute, 'GET', `/credentials/export?neverUsed=true`, { auth: passwordAuth(admin) });
    const text = await response.text();
    expect(response.status, text).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    const lines = text.trim().split('\r\n');
    expect(lines[0]).toBe('username,tokenLabel,hint,hashedToken,status,scope,temporary,generatedBy,createdAt,lastUsed,lastUsedIp,expiresAt');
    const mine = lines.filter((l) => l.startsWith(`"${user.name}"`));
    expect(mine).toHaveLength(4);
    expect(text).toContain(`"'=HYPERLINK(""x"")"`);
    expect(text).not.toMatch(/brt_[0-9A-Za-z]{42}/);
    expect(mine.some((l) => l.includes(hashes.usedLongAgo))).toBe(false);
    await expectError(await call(exportRoute, 'GET', '/credentials/export', { auth: passwordAuth(user) }), 403, 'NOT_AUTHORIZED');
    await expectError(await call(exportRoute, 'GET', '/credentials/export?stale=x', { auth: passwordAuth(admin) }), 400, 'INVALID_PARAMETERS');
    await expectError(await call(exportRoute, 'GET', '/credentials/export?color=red', { auth: passwordAuth(admin) }), 400, 'INVALID_PARAMETERS');
  });
});
