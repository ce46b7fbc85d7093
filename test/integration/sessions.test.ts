import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { db } from '@/db';
import { accessTokens } from '@/db/schema';
import { changeOwnPassword } from '@/lib/accounts/password';
import { principalFromSession, sessionClaims, verifyCredentials } from '@/lib/auth/credentials';
import { type Principal } from '@/lib/auth/principal';
import { updateAccount } from '@/lib/accounts/queries';
import { deleteTokens, updateToken } from '@/lib/access-tokens/queries';
import { SESSION_COOKIE } from '@/lib/auth/session-cookie';
import { hashToken } from '@/lib/access-tokens/format';
import { expectError, expectJson } from '../support/http';
import { createToken, tokenSignIn } from '../support/tokens';
import { tokenApi } from '../support/tokens-api';
import { createUser, sessionCookieValue, signIn } from '../support/users';

const IP = '192.0.2.20';

const resume = (principal: Principal) => principalFromSession(sessionClaims(principal));

describe('sessions are re-checked at every request', () => {
  it('resume a password session and a token session', async () => {
    const user = await createUser();
    const byPassword = await resume(await signIn(user));
    expect(byPassword?.user.id).toBe(user.account.id);
    expect(byPassword?.credential).toEqual({ kind: 'password' });

    const { token } = await createToken(user, { scope: 'read-write' });
    const started = await tokenSignIn(user, token, IP);
    const byToken = await resume(started);
    expect(byToken?.user.id).toBe(user.account.id);
    expect(byToken?.credential).toEqual(started.credential);
    expect(byToken?.scope).toBe('read-write');
  });

  it('end when the token that started them is deactivated', async () => {
    const user = await createUser();
    const { token } = await createToken(user);
    const claims = sessionClaims(await tokenSignIn(user, token, IP));
    await updateToken(hashToken(token), user.account.id, { isActive: false });
    expect(await principalFromSession(claims)).toBeNull();
  });

  it('end when the token that started them is deleted', async () => {
    const user = await createUser();
    const { token } = await createToken(user);
    const claims = sessionClaims(await tokenSignIn(user, token, IP));
    await deleteTokens([hashToken(token)], user.account.id);
    expect(await principalFromSession(claims)).toBeNull();
  });

  it('end when the token that started them expires', async () => {
    const user = await createUser();
    const { token } = await createToken(user, { expiresAt: new Date(Date.now() + 3_600_000) });
    const claims = sessionClaims(await tokenSignIn(user, token, IP));
    expect(await principalFromSession(claims)).not.toBeNull();
    await db.update(accessTokens).set({ expiresAt: new Date(Date.now() - 1000) }).where(eq(accessTokens.hashedToken, hashToken(token)));
    expect(await principalFromSession(claims)).toBeNull();
  });

  it('end, password or token, when the user is deactivated', async () => {
    const user = await createUser();
    const { token } = await createToken(user);
    const passwordClaims = sessionClaims(await signIn(user));
    const tokenClaims = sessionClaims(await tokenSignIn(user, token, IP));
    await updateAccount(user.account.id, { isActive: false });
    expect(await principalFromSession(passwordClaims)).toBeNull();
    expect(await principalFromSession(tokenClaims)).toBeNull();
  });

  it('end, password or token, when the password changes; the token itself keeps working', async () => {
    const user = await createUser();
    const { token } = await createToken(user);
    const principal = await signIn(user);
    const passwordClaims = sessionClaims(principal);
    const tokenClaims = sessionClaims(await tokenSignIn(user, token, IP));
    await changeOwnPassword(principal, { currentPassword: user.password, newPassword: 'the-next-password' });
    expect(await principalFromSession(passwordClaims)).toBeNull();
    expect(await principalFromSession(tokenClaims)).toBeNull();
    // A new session with the new password works; the access token stays valid for API clients.
    expect(await resume(await signIn({ name: user.name, password: 'the-next-password' }))).not.toBeNull();
    expect((await verifyCredentials(user.name, token, IP)).ok).toBe(true);
  });

  it('do not resume for another user’s token', async () => {
    const user = await createUser();
    const other = await createUser();
    const { token } = await createToken(other);
    const otherToken = await tokenSignIn(other, token, IP);
    const forged = { ...sessionClaims(await signIn(user)), cred: sessionClaims(otherToken).cred };
    expect(await principalFromSession(forged)).toBeNull();
  });
});

describe('the session cookie on the API', () => {
  const cookieFor = async (principal: Principal) => `${SESSION_COOKIE}=${await sessionCookieValue(principal)}`;

  it('authenticates reads, and stops at once when the user is deactivated', async () => {
    const user = await createUser();
    const cookie = await cookieFor(await signIn(user));
    await expectJson(await tokenApi.list(undefined, '', { cookie }));
    await updateAccount(user.account.id, { isActive: false });
    await expectError(await tokenApi.list(undefined, '', { cookie }), 401, 'NOT_AUTHENTICATED');
  });

  it('refuses an unsafe request from another origin and accepts one from the same origin', async () => {
    const user = await createUser();
    const cookie = await cookieFor(await signIn(user));
    const foreign = await tokenApi.create(undefined, { headers: { cookie, origin: 'https://evil.example' }, body: { tokenLabel: 'csrf' } });
    await expectError(foreign, 403, 'NOT_AUTHORIZED');
    const noOrigin = await tokenApi.create(undefined, { headers: { cookie }, body: { tokenLabel: 'csrf' } });
    await expectError(noOrigin, 403, 'NOT_AUTHORIZED');
    const listed = await expectJson<unknown[]>(await tokenApi.list(undefined, '', { cookie }));
    expect(listed).toEqual([]);

    const same = await tokenApi.create(undefined, {
      headers: { cookie, host: 'berth.example', origin: 'http://berth.example' },
      body: { tokenLabel: 'same origin' },
    });
    expect((await expectJson<{ tokenLabel: string }>(same)).tokenLabel).toBe('same origin');
  });

  it('ignores a cookie that was not signed by the server', async () => {
    await expectError(await tokenApi.list(undefined, '', { cookie: `${SESSION_COOKIE}=forged.value.here` }), 401, 'NOT_AUTHENTICATED');
  });
});
