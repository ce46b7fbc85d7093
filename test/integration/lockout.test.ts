import { describe, expect, it } from 'vitest';
import { POST as unlock } from '@/app/enzi/v0/accounts/[name]/unlock/route';
import { GET as listTokens } from '@/app/api/v0/api_tokens/route';
import { unlockAccount } from '@/lib/accounts/accounts';
import { changeOwnPassword } from '@/lib/accounts/password';
import { verifyCredentials } from '@/lib/auth/credentials';
import { basic, call, expectError, expectJson } from '../support/http';
import { createToken } from '../support/tokens';
import { createUser, signIn, type TestUser } from '../support/users';

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
    const response = await call(listTokens, 'GET', '/api/v0/api_tokens', { auth: basic(user.name, user.password) });
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
    const response = await call(listTokens, 'GET', '/api/v0/api_tokens', { auth: basic(user.name, token) });
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

    const path = `/enzi/v0/accounts/${user.name}/unlock`;
    const denied = await call(unlock, 'POST', path, { auth: basic(other.name, other.password), params: { name: user.name } });
    await expectError(denied, 403, 'NOT_AUTHORIZED');
    expect(await verifyCredentials(user.name, user.password, IP)).toEqual({ ok: false, reason: 'locked' });

    const unknown = await call(unlock, 'POST', `/enzi/v0/accounts/${user.name}-x/unlock`, {
      auth: basic(admin.name, admin.password),
      params: { name: `${user.name}-x` },
    });
    await expectError(unknown, 404, 'NO_SUCH_ACCOUNT');

    const response = await call(unlock, 'POST', path, { auth: basic(admin.name, admin.password), params: { name: user.name } });
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
    const result = await verifyCredentials(user.name, temporary.token, IP);
    if (!result.ok) throw new Error('the temporary token was refused');

    await changeOwnPassword(result.principal, { newPassword: 'a-brand-new-password' });
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
