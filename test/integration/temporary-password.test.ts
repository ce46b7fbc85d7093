import { describe, expect, it } from 'vitest';
import { changeOwnPassword } from '@/lib/accounts/password';
import { verifyCredentials } from '@/lib/auth/credentials';
import { createToken, tokenSignIn } from '../support/tokens';
import { createUser, signIn, type TestUser } from '../support/users';

const IP = '192.0.2.30';
const NEW_PASSWORD = 'a-fresh-password-1';

async function expectPasswordUnchanged(user: TestUser) {
  expect((await verifyCredentials(user.name, user.password, IP)).ok).toBe(true);
  expect((await verifyCredentials(user.name, NEW_PASSWORD, IP)).ok).toBe(false);
}

describe('setting a new password without the old one', () => {
  it('works in a session started with a token an admin made for the user', async () => {
    const user = await createUser();
    const admin = await createUser({ admin: true });
    const temporary = await createToken(user, { by: admin, temporary: true });
    expect(temporary.generatedBy).toBe(admin.name);
    expect(temporary.temporary).toBe(true);
    const session = await tokenSignIn(user, temporary.token, IP);
    await changeOwnPassword(session, { newPassword: NEW_PASSWORD });
    expect((await verifyCredentials(user.name, NEW_PASSWORD, IP)).ok).toBe(true);
    expect((await verifyCredentials(user.name, user.password, IP)).ok).toBe(false);
    // Setting the password spent it.
    expect((await verifyCredentials(user.name, temporary.token, IP)).ok).toBe(false);
  });

  it('is refused with a token an admin made that was not marked temporary', async () => {
    const user = await createUser();
    const admin = await createUser({ admin: true });
    const handed = await createToken(user, { by: admin });
    await expect(changeOwnPassword(await tokenSignIn(user, handed.token, IP), { newPassword: NEW_PASSWORD })).rejects.toMatchObject({ status: 400 });
    await expectPasswordUnchanged(user);
  });

  it('cannot be made by a user for themself, nor live longer than 24 hours', async () => {
    const user = await createUser();
    const admin = await createUser({ admin: true });
    await expect(createToken(user, { temporary: true })).rejects.toMatchObject({ status: 400 });
    await expect(createToken(user, { by: admin, temporary: true, expiresAt: new Date(Date.now() + 25 * 3_600_000) })).rejects.toMatchObject({ status: 400 });
    const made = await createToken(user, { by: admin, temporary: true });
    const expires = new Date(made.expiresAt ?? 0).getTime();
    expect(expires).toBeGreaterThan(Date.now() + 23 * 3_600_000);
    expect(expires).toBeLessThanOrEqual(Date.now() + 24 * 3_600_000);
  });

  it('is refused in a password session', async () => {
    const user = await createUser();
    await expect(changeOwnPassword(await signIn(user), { newPassword: NEW_PASSWORD })).rejects.toMatchObject({
      status: 400,
      code: 'INVALID_PARAMETERS',
    });
    await expectPasswordUnchanged(user);
  });

  it('is refused with a token the user made themself', async () => {
    const user = await createUser();
    const own = await createToken(user);
    await expect(changeOwnPassword(await tokenSignIn(user, own.token, IP), { newPassword: NEW_PASSWORD })).rejects.toMatchObject({
      status: 400,
    });
    await expectPasswordUnchanged(user);
  });

  it('is refused to an admin with a token they made for themself', async () => {
    const admin = await createUser({ admin: true });
    const own = await createToken(admin, { by: admin });
    await expect(changeOwnPassword(await tokenSignIn(admin, own.token, IP), { newPassword: NEW_PASSWORD })).rejects.toMatchObject({
      status: 400,
    });
    await expectPasswordUnchanged(admin);
  });

  it('is refused with an admin-made token whose scope is below admin', async () => {
    const user = await createUser();
    const admin = await createUser({ admin: true });
    const readOnly = await createToken(user, { by: admin, scope: 'read-only', temporary: true });
    await expect(changeOwnPassword(await tokenSignIn(user, readOnly.token, IP), { newPassword: NEW_PASSWORD })).rejects.toMatchObject({
      status: 403,
      code: 'NOT_AUTHORIZED',
    });
    await expectPasswordUnchanged(user);
  });
});

describe('setting a new password with the old one', () => {
  it('works with the right current password', async () => {
    const user = await createUser();
    await changeOwnPassword(await signIn(user), { currentPassword: user.password, newPassword: NEW_PASSWORD });
    expect((await verifyCredentials(user.name, NEW_PASSWORD, IP)).ok).toBe(true);
    expect((await verifyCredentials(user.name, user.password, IP)).ok).toBe(false);
  });

  it('is refused with a wrong current password', async () => {
    const user = await createUser();
    await expect(
      changeOwnPassword(await signIn(user), { currentPassword: `${user.password}-not`, newPassword: NEW_PASSWORD }),
    ).rejects.toMatchObject({ status: 400, code: 'INVALID_PARAMETERS' });
    await expectPasswordUnchanged(user);
  });
});
