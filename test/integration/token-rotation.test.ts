// SPEC 12, rotation with an overlap: both secrets work during the grace period, the old one stops at its
// end everywhere (API, sign-in, token service, JWTs minted from it, sessions it began), a later use is
// audited, a second rotation ends the older grace, and bad input changes nothing.
import { describe, expect, it } from 'vitest';
import { tokenHint } from '@/lib/access-tokens/format';
import { authenticateSecret } from '@/lib/auth/authenticate';
import { basic, bearer, expectError, expectJson } from '../support/http';
import { useRegistryServer } from '../support/registry';
import { apiStatus, auditEvents, cookieStatus, endGrace, registryJwt, rotate, rotated, sessionCookie, tokenServiceFor, withJwt } from '../support/rotation';
import { createToken, storedToken } from '../support/tokens';
import { tokenApi, tokenCount, type NewApiToken } from '../support/tokens-api';
import { createUser, passwordAuth, type TestUser } from '../support/users';

const registry = useRegistryServer();

const webSignIn = async (user: TestUser, secret: string) =>
  (await authenticateSecret({ username: user.name, secret }, { ip: '127.0.0.1', userAgent: 'vitest' }, 'web')).ok;

/** Every way a secret is used, for one user: API Basic and Bearer, web sign-in, the token service. */
async function everywhere(user: TestUser, secret: string) {
  return {
    basic: await apiStatus(user, secret),
    bearer: (await tokenApi.list(bearer(secret))).status,
    signIn: await webSignIn(user, secret),
    tokenService: (await tokenServiceFor(user, secret)).status,
  };
}
const WORKS = { basic: 200, bearer: 200, signIn: true, tokenService: 200 };
const REFUSED = { basic: 401, bearer: 401, signIn: false, tokenService: 401 };

async function reuseEvents(admin: TestUser, tokenId: string) {
  const events = await auditEvents(passwordAuth(admin), '?action=token.reuse_after_rotation&pageSize=100');
  return events.filter((e) => e.details.tokenId === tokenId);
}

describe('rotating an access token', () => {
  it('keeps the token and answers the new secret once; the old one works until the grace period ends, everywhere', async () => {
    const admin = await createUser({ admin: true });
    const user = await createUser();
    const old = await createToken(user, { tokenLabel: 'ci', scope: 'read-write' });
    const cookie = await sessionCookie(user, old.token);
    const jwt = await registryJwt(user, old.token);

    const next = await rotated(passwordAuth(user), old.hashedToken, 1);
    expect(next.token).toMatch(/^brt_/);
    expect(next.token).not.toBe(old.token);
    expect(next.hashedToken).not.toBe(old.hashedToken);
    expect(next).toMatchObject({ tokenLabel: 'ci', scope: 'read-write', username: user.name, isActive: true, expiresAt: null, repositories: [] });
    expect(Date.parse(next.rotatingUntil ?? '')).toBeGreaterThan(Date.now());
    // The same token (one row, its history kept) under a new hash; the old hash answers 404, and no answer but the rotation's carries the secret.
    expect(await tokenCount(passwordAuth(user), user.name)).toBe(1);
    await expectError(await tokenApi.one('GET', passwordAuth(user), old.hashedToken), 404, 'NO_SUCH_API_TOKEN');
    const shown = await expectJson<Record<string, unknown>>(await tokenApi.one('GET', passwordAuth(user), next.hashedToken));
    expect(shown.token).toBeUndefined();
    expect(shown.rotatingUntil).toBe(next.rotatingUntil);

    expect(await everywhere(user, old.token)).toEqual(WORKS);
    expect(await everywhere(user, next.token)).toEqual(WORKS);
    expect([await cookieStatus(cookie), await withJwt(registry.url, jwt)]).toEqual([200, 200]);
    const newCookie = await sessionCookie(user, next.token);
    const newJwt = await registryJwt(user, next.token);

    await endGrace((await storedToken(next.token)).id);
    expect(await everywhere(user, old.token)).toEqual(REFUSED);
    expect([await cookieStatus(cookie), await withJwt(registry.url, jwt)]).toEqual([401, 401]);
    expect(await everywhere(user, next.token)).toEqual(WORKS);
    expect([await cookieStatus(newCookie), await withJwt(registry.url, newJwt)]).toEqual([200, 200]);

    const reuses = await reuseEvents(admin, (await storedToken(next.token)).id);
    // Basic, Bearer, the sign-in form and the token service each presented the old secret once.
    expect(reuses.length).toBe(4);
    expect(reuses[0]).toMatchObject({ actor: user.name, targetType: 'token', target: tokenHint(next.token) });
    expect(reuses.map((e) => e.credential)).toEqual(Array(4).fill(tokenHint(old.token)));
  });

  it('with no grace period the old secret stops at once', async () => {
    const user = await createUser();
    const old = await createToken(user);
    const next = await rotated(passwordAuth(user), old.hashedToken, 0);
    expect(next.rotatingUntil).toBeNull();
    expect(await everywhere(user, old.token)).toEqual(REFUSED);
    expect(await everywhere(user, next.token)).toEqual(WORKS);
  });

  it('defaults to a grace period of 24 hours', async () => {
    const user = await createUser();
    const old = await createToken(user);
    const next = await rotated(passwordAuth(user), old.hashedToken);
    const hours = (Date.parse(next.rotatingUntil ?? '') - Date.now()) / 3_600_000;
    expect(hours).toBeGreaterThan(23);
    expect(hours).toBeLessThanOrEqual(24);
  });

  it('rotating again during a grace period ends the older grace at once', async () => {
    const admin = await createUser({ admin: true });
    const user = await createUser();
    const first = await createToken(user);
    const firstJwt = await registryJwt(user, first.token);
    const second = await rotated(passwordAuth(user), first.hashedToken, 168);
    const secondJwt = await registryJwt(user, second.token);
    const third = await rotated(bearer(second.token), second.hashedToken, 24);

    expect(await everywhere(user, first.token)).toEqual(REFUSED);
    expect(await withJwt(registry.url, firstJwt)).toBe(401);
    expect(await everywhere(user, second.token)).toEqual(WORKS);
    expect(await withJwt(registry.url, secondJwt)).toBe(200);
    expect(await everywhere(user, third.token)).toEqual(WORKS);
    expect((await reuseEvents(admin, (await storedToken(third.token)).id)).length).toBe(4);
  });

  it('a system admin rotates a user’s token; another user, a read-only or restricted token, or an inactive token cannot', async () => {
    const admin = await createUser({ admin: true });
    const user = await createUser();
    const other = await createUser();
    const token = await createToken(user);
    await expectError(await rotate(passwordAuth(other), token.hashedToken), 404, 'NO_SUCH_API_TOKEN');
    const readOnly = await createToken(user, { scope: 'read-only' });
    await expectError(await rotate(bearer(readOnly.token), token.hashedToken), 403, 'NOT_AUTHORIZED');
    const restricted = await expectJson<NewApiToken>(await tokenApi.create(passwordAuth(user), { body: { repositories: [`${user.name}/*`] } }));
    await expectError(await rotate(bearer(restricted.token), token.hashedToken), 403, 'NOT_AUTHORIZED');
    expect(await apiStatus(user, token.token)).toBe(200);

    const byAdmin = await rotated(passwordAuth(admin), token.hashedToken, 0);
    expect(byAdmin.username).toBe(user.name);
    await expectJson(await tokenApi.one('PATCH', passwordAuth(user), byAdmin.hashedToken, { isActive: false }));
    await expectError(await rotate(passwordAuth(user), byAdmin.hashedToken), 400, 'INVALID_PARAMETERS');
  });

  it('bad input: 400 with the envelope, and the token unchanged', async () => {
    const user = await createUser();
    const token = await createToken(user);
    for (const body of [{ gracePeriodHours: 169 }, { gracePeriodHours: -1 }, { gracePeriodHours: 1.5 }, { gracePeriodHours: '24' }, { gracePeriodHours: null }, { grace: 1 }, [1]]) {
      await expectError(await rotate(passwordAuth(user), token.hashedToken, body), 400, 'INVALID_PARAMETERS');
    }
    await expectError(await rotate(passwordAuth(user), token.hashedToken, '{"gracePeriodHours":'), 400, 'INVALID_JSON');
    const row = await storedToken(token.token);
    expect(row).toMatchObject({ hashedToken: token.hashedToken, secretGeneration: 1, rotatingUntil: null });
    expect(await apiStatus(user, token.token)).toBe(200);
    await expectError(await rotate(basic(user.name, 'wrong'), token.hashedToken, { gracePeriodHours: 1 }), 401, 'NOT_AUTHENTICATED');
  });
});
