import { describe, expect, it } from 'vitest';
import { unlockAccount } from '@/lib/accounts/accounts';
import { changeOwnPassword } from '@/lib/accounts/password';
import { verifyCredentials } from '@/lib/auth/credentials';
import { enzi } from '../support/accounts-api';
import { basic, expectError, expectJson } from '../support/http';
import { createToken, tokenSignIn } from '../support/tokens';
import { tokenApi } from '../support/tokens-api';
import { createUser, passwordAuth, signIn, type TestUser } from '../support/users';

const IP = '192.0.2.10';

async function failPasswords(user: TestUser, times: number) {
  const results = [];
  for (let i = 0; i < times; i++) results.push(await verifyCredentials(user.name, `wrong-${i}-password`, IP));
  return results;
}

describe('password lockout', () => {
  it('locks password sign-in after 5 failures in a row, even with the right password', async () => {
    const user = await createUser();
    const results = await failPasswords(user, 5);
    expect(results.slice(0, 4).map((r) => !r.ok && r.reason)).toEqual(['invalid', 'invalid', 'invalid', 'invalid']);
    expect(results[4]).toEqual({ ok: false, reason: 'locked' });
    expect(await verifyCredentials(user.name, user.password, IP)).toEqual({ ok: false, reason: 'locked' });
    // The API's Basic auth goes through the same check.
    const response = await tokenApi.list(passwordAuth(user));
    const error = await expectError(response, 401, 'NOT_AUTHENTICATED');
    expect(error.message).toMatch(/locked/i);
  });

  it('counts only failures in a row: a successful sign-in starts the count again', async () => {
    const user = await createUser();
    await failPasswords(user, 4);
    expect((await verifyCredentials(user.name, user.password, IP)).ok).toBe(true);
    await failPasswords(user, 4);
    expect((await verifyCredentials(user.name, user.password, IP)).ok).toBe(true);
  });

  it('never locks access tokens', async () => {
    const user = await createUser();
    const { token } = await createToken(user);
    await failPasswords(user, 5);
    expect(await verifyCredentials(user.name, user.password, IP)).toEqual({ ok: false, reason: 'locked' });
    expect((await verifyCredentials(user.name, token, IP)).ok).toBe(true);
    const response = await tokenApi.list(basic(user.name, token));
    await expectJson(response);
  });

  it('is cleared at once by an administrator through unlockAccount', async () => {
    const user = await createUser();
    const admin = await createUser({ admin: true });
    await failPasswords(user, 5);
    await unlockAccount(await signIn(admin), user.name);
    expect((await verifyCredentials(user.name, user.password, IP)).ok).toBe(true);
  });

  it('can be cleared through POST /enzi/v0/accounts/{name}/unlock by an admin only', async () => {
    const user = await createUser();
    const other = await createUser();
    const admin = await createUser({ admin: true });
    await failPasswords(user, 5);

    const denied = await enzi.unlock(passwordAuth(other), user.name);
    await expectError(denied, 403, 'NOT_AUTHORIZED');
    expect(await verifyCredentials(user.name, user.password, IP)).toEqual({ ok: false, reason: 'locked' });

    const unknown = await enzi.unlock(passwordAuth(admin), `${user.name}-x`);
    await expectError(unknown, 404, 'NO_SUCH_ACCOUNT');

    const response = await enzi.unlock(passwordAuth(admin), user.name);
    expect(response.ok).toBe(true);
    expect((await verifyCredentials(user.name, user.password, IP)).ok).toBe(true);
  });

  it('refuses unlockAccount to a non-admin', async () => {
    const user = await createUser();
    const other = await createUser();
    await failPasswords(user, 5);
    await expect(unlockAccount(await signIn(other), user.name)).rejects.toMatchObject({ code: 'NOT_AUTHORIZED', status: 403 });
    expect(await verifyCredentials(user.name, user.password, IP)).toEqual({ ok: false, reason: 'locked' });
  });

  it('ends when the user sets a new password with a temporary token from an admin', async () => {
    const user = await createUser();
    const admin = await createUser({ admin: true });
    await failPasswords(user, 5);
    const temporary = await createToken(user, { by: admin, temporary: true });
    await changeOwnPassword(await tokenSignIn(user, temporary.token, IP), { newPassword: 'a-brand-new-password' });
    expect((await verifyCredentials(user.name, 'a-brand-new-password', IP)).ok).toBe(true);
    expect(await verifyCredentials(user.name, user.password, IP)).toEqual({ ok: false, reason: 'invalid' });
  });

  it('covers the current-password check of a password change, which works again once unlocked', async () => {
    const user = await createUser();
    const admin = await createUser({ admin: true });
    const principal = await signIn(user);
    await failPasswords(user, 5);
    await expect(changeOwnPassword(principal, { currentPassword: user.password, newPassword: 'another-new-password' })).rejects.toMatchObject({ status: 400 });
    await unlockAccount(await signIn(admin), user.name);
    await changeOwnPassword(principal, { currentPassword: user.password, newPassword: 'another-new-password' });
    expect((await verifyCredentials(user.name, 'another-new-password', IP)).ok).toBe(true);
  });
});
