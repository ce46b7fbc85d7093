import { describe, expect, it } from 'vitest';
import { verifyCredentials } from '@/lib/auth/credentials';
import { ACCOUNT_KEYS, allAccounts, enzi, type AccountJson, type AccountList } from '../support/accounts-api';
import { basic, bearer, expectError, expectJson } from '../support/http';
import { createOrg } from '../support/orgs';
import { createToken } from '../support/tokens';
import { tokenApi } from '../support/tokens-api';
import { createUser, passwordAuth, uniqueName } from '../support/users';

async function expectNoAccount(authorization: string, name: string) {
  await expectError(await enzi.getAccount(authorization, name), 404, 'NO_SUCH_ACCOUNT');
}

describe('POST /enzi/v0/accounts', () => {
  it('lets a system admin create a user who can then sign in', async () => {
    const admin = await createUser({ admin: true });
    const name = uniqueName('new');
    const created = await expectJson<AccountJson>(await enzi.createAccount(passwordAuth(admin), { name, password: 'first-password', fullName: 'New Person' }), 201);
    expect(Object.keys(created).sort()).toEqual(ACCOUNT_KEYS);
    expect(created).toMatchObject({ name, fullName: 'New Person', isOrg: false, isAdmin: false, isActive: true });
    expect(await expectJson(await enzi.getAccount(passwordAuth(admin), name))).toEqual(created);
    expect((await verifyCredentials(name, 'first-password', '::1')).ok).toBe(true);
  });

  it('creates admins, inactive users and organizations as asked', async () => {
    const admin = await createUser({ admin: true });
    const adminName = uniqueName('adm');
    const inactiveName = uniqueName('off');
    const orgName = uniqueName('org');
    expect(await expectJson(await enzi.createAccount(passwordAuth(admin), { name: adminName, password: 'admin-password', isAdmin: true }), 201)).toMatchObject({
      isAdmin: true,
    });
    expect(await expectJson(await enzi.createAccount(passwordAuth(admin), { name: inactiveName, password: 'idle-password', isActive: false }), 201)).toMatchObject({
      isActive: false,
    });
    expect(await expectJson(await enzi.createAccount(passwordAuth(admin), { name: orgName, isOrg: true }), 201)).toMatchObject({ isOrg: true, isAdmin: false });
    expect((await verifyCredentials(inactiveName, 'idle-password', '::1')).ok).toBe(false);
  });

  it('refuses a regular user and an admin’s read-only token, and creates nothing', async () => {
    const user = await createUser();
    const admin = await createUser({ admin: true });
    const readOnly = await createToken(admin, { scope: 'read-only' });
    const name = uniqueName('nope');
    await expectError(await enzi.createAccount(passwordAuth(user), { name, password: 'some-password' }), 403, 'NOT_AUTHORIZED');
    await expectError(await enzi.createAccount(bearer(readOnly.token), { name, password: 'some-password' }), 403, 'NOT_AUTHORIZED');
    await expectNoAccount(passwordAuth(admin), name);
  });

  it('refuses a name already taken by a user or an organization', async () => {
    const admin = await createUser({ admin: true });
    const user = await createUser();
    const org = await createOrg();
    await expectError(await enzi.createAccount(passwordAuth(admin), { name: user.name, password: 'some-password' }), 400, 'INVALID_PARAMETERS');
    await expectError(await enzi.createAccount(passwordAuth(admin), { name: org.name, password: 'some-password' }), 400, 'INVALID_PARAMETERS');
    // The existing user is untouched: their password still works.
    expect((await verifyCredentials(user.name, user.password, '::1')).ok).toBe(true);
  });

  it('refuses invalid names and bodies, and creates nothing', async () => {
    const admin = await createUser({ admin: true });
    const base = uniqueName('bad');
    const badNames = [`${base}-Upper`, `${base}/slash`, `${base}${'x'.repeat(300)}`, 'a', `-${base}`, `${base}-`, `${base} space`, '', `${base}..x`];
    for (const name of badNames) {
      await expectError(await enzi.createAccount(passwordAuth(admin), { name, password: 'some-password' }), 400, 'INVALID_PARAMETERS');
    }
    const valid = uniqueName('good');
    const cases: [unknown, string][] = [
      [{ name: valid }, 'INVALID_PARAMETERS'],
      [{ name: valid, password: 'short' }, 'INVALID_PARAMETERS'],
      [{ name: valid, isOrg: true, password: 'some-password' }, 'INVALID_PARAMETERS'],
      [{ name: valid, isOrg: true, isAdmin: true }, 'INVALID_PARAMETERS'],
      [{ name: valid, password: 'some-password', role: 'root' }, 'INVALID_PARAMETERS'],
      [{ name: valid, password: 'some-password', isAdmin: 'yes' }, 'INVALID_PARAMETERS'],
      [`{"name": "${valid}"`, 'INVALID_JSON'],
    ];
    for (const [body, code] of cases) await expectError(await enzi.createAccount(passwordAuth(admin), body), 400, code);
    await expectNoAccount(passwordAuth(admin), valid);
    await expectNoAccount(passwordAuth(admin), `${base}-upper`);
  });
});

describe('GET /enzi/v0/accounts', () => {
  it('filters users, organizations, admins and active state', async () => {
    const admin = await createUser({ admin: true });
    const active = await createUser();
    const inactive = await createUser({ active: false });
    const org = await createOrg();
    const names = (rows: AccountJson[]) => rows.map((a) => a.name);

    const all = await allAccounts(passwordAuth(admin), 'all');
    expect(names(all)).toEqual(expect.arrayContaining([admin.name, active.name, inactive.name, org.name]));

    const users = await allAccounts(passwordAuth(admin), 'users');
    expect(users.every((a) => !a.isOrg)).toBe(true);
    expect(names(users)).toEqual(expect.arrayContaining([admin.name, active.name, inactive.name]));
    expect(names(users)).not.toContain(org.name);

    const orgs = await allAccounts(passwordAuth(admin), 'orgs');
    expect(orgs.every((a) => a.isOrg)).toBe(true);
    expect(names(orgs)).toContain(org.name);

    const admins = await allAccounts(passwordAuth(admin), 'admins');
    expect(admins.every((a) => a.isAdmin && !a.isOrg)).toBe(true);
    expect(names(admins)).toContain(admin.name);
    expect(names(admins)).not.toContain(active.name);

    const nonAdmins = await allAccounts(passwordAuth(admin), 'non-admins');
    expect(nonAdmins.every((a) => !a.isAdmin && !a.isOrg)).toBe(true);
    expect(names(nonAdmins)).toEqual(expect.arrayContaining([active.name, inactive.name]));

    const activeUsers = await allAccounts(passwordAuth(admin), 'active-users');
    expect(activeUsers.every((a) => a.isActive && !a.isOrg)).toBe(true);
    expect(names(activeUsers)).toContain(active.name);
    expect(names(activeUsers)).not.toContain(inactive.name);

    const inactiveUsers = await allAccounts(passwordAuth(admin), 'inactive-users');
    expect(inactiveUsers.every((a) => !a.isActive && !a.isOrg)).toBe(true);
    expect(names(inactiveUsers)).toContain(inactive.name);
    expect(names(inactiveUsers)).not.toContain(active.name);
  });

  it('pages by name with limit and start', async () => {
    const admin = await createUser({ admin: true });
    for (let i = 0; i < 3; i++) await createUser();
    const first = await expectJson<AccountList>(await enzi.accounts(passwordAuth(admin), '?limit=2'));
    expect(first.accounts).toHaveLength(2);
    expect(first.nextPageStart).not.toBe('');
    const second = await expectJson<AccountList>(
      await enzi.accounts(passwordAuth(admin), `?limit=2&start=${first.nextPageStart}`),
    );
    const seen = [...first.accounts, ...second.accounts].map((a) => a.name);
    expect(new Set(seen).size).toBe(seen.length);
    // Other tests may add accounts meanwhile; the two pages still come in the full list's order.
    const all = (await allAccounts(passwordAuth(admin), 'all')).map((a) => a.name);
    const positions = seen.map((name) => all.indexOf(name));
    expect(positions.every((p, i) => p >= 0 && (i === 0 || p > positions[i - 1]))).toBe(true);
  });

  it('refuses an unknown filter', async () => {
    const admin = await createUser({ admin: true });
    await expectError(await enzi.accounts(passwordAuth(admin), '?filter=everyone'), 400, 'INVALID_PARAMETERS');
  });

  it('answers NO_SUCH_ACCOUNT for an unknown name', async () => {
    const user = await createUser();
    await expectNoAccount(passwordAuth(user), `${user.name}-nobody`);
  });
});

describe('PATCH /enzi/v0/accounts/{name}', () => {
  it('lets an admin deactivate a user: every credential of theirs is refused at once', async () => {
    const admin = await createUser({ admin: true });
    const user = await createUser();
    const first = await createToken(user);
    const second = await createToken(user, { by: admin, scope: 'read-only' });
    await expectJson(await tokenApi.list(bearer(first.token)));

    const off = await expectJson<AccountJson>(await enzi.patchAccount(passwordAuth(admin), user.name, { isActive: false }));
    expect(off.isActive).toBe(false);
    for (const authorization of [bearer(first.token), bearer(second.token), basic(user.name, first.token), passwordAuth(user)]) {
      await expectError(await tokenApi.list(authorization), 401, 'NOT_AUTHENTICATED');
    }

    // Reactivation gives the same tokens back: deactivation does not delete them.
    expect((await expectJson<AccountJson>(await enzi.patchAccount(passwordAuth(admin), user.name, { isActive: true }))).isActive).toBe(true);
    await expectJson(await tokenApi.list(bearer(first.token)));
  });

  it('refuses a regular user changing isAdmin or isActive, even their own', async () => {
    const user = await createUser();
    const other = await createUser();
    await expectError(await enzi.patchAccount(passwordAuth(user), user.name, { isAdmin: true }), 403, 'NOT_AUTHORIZED');
    await expectError(await enzi.patchAccount(passwordAuth(user), user.name, { isActive: false }), 403, 'NOT_AUTHORIZED');
    await expectError(await enzi.patchAccount(passwordAuth(user), other.name, { isActive: false }), 403, 'NOT_AUTHORIZED');
    await expectError(await enzi.patchAccount(passwordAuth(user), other.name, { fullName: 'Renamed' }), 403, 'NOT_AUTHORIZED');
    expect(await expectJson(await enzi.getAccount(passwordAuth(user), user.name))).toMatchObject({ isAdmin: false, isActive: true });
    expect(await expectJson(await enzi.getAccount(passwordAuth(user), other.name))).toMatchObject({ isActive: true, fullName: '' });
  });

  it('lets a user change their own full name', async () => {
    const user = await createUser();
    expect(await expectJson(await enzi.patchAccount(passwordAuth(user), user.name, { fullName: 'Ada Lovelace' }))).toMatchObject({ fullName: 'Ada Lovelace' });
  });

  it('answers an empty patch with the account unchanged', async () => {
    const user = await createUser();
    await enzi.patchAccount(passwordAuth(user), user.name, { fullName: 'Grace Hopper' });
    expect(await expectJson(await enzi.patchAccount(passwordAuth(user), user.name, {}))).toMatchObject({ name: user.name, fullName: 'Grace Hopper', isActive: true });
  });

  it('refuses an admin removing their own admin rights or deactivating themself', async () => {
    const admin = await createUser({ admin: true });
    await expectError(await enzi.patchAccount(passwordAuth(admin), admin.name, { isAdmin: false }), 400, 'INVALID_PARAMETERS');
    await expectError(await enzi.patchAccount(passwordAuth(admin), admin.name, { isActive: false }), 400, 'INVALID_PARAMETERS');
    expect(await expectJson(await enzi.getAccount(passwordAuth(admin), admin.name))).toMatchObject({ isAdmin: true, isActive: true });
  });

  it('changes what a user’s existing tokens may do as soon as their admin rights change', async () => {
    const admin = await createUser({ admin: true });
    const user = await createUser();
    const other = await createUser();
    const { token } = await createToken(user);
    const othersTokens = () => tokenApi.list(bearer(token), `?username=${other.name}`);

    await expectError(await othersTokens(), 403, 'NOT_AUTHORIZED');
    await expectJson(await enzi.patchAccount(passwordAuth(admin), user.name, { isAdmin: true }));
    await expectJson(await othersTokens());
    await expectJson(await enzi.patchAccount(passwordAuth(admin), user.name, { isAdmin: false }));
    await expectError(await othersTokens(), 403, 'NOT_AUTHORIZED');
  });

  it('refuses malformed patches and unknown accounts', async () => {
    const admin = await createUser({ admin: true });
    const user = await createUser();
    await expectError(await enzi.patchAccount(passwordAuth(admin), user.name, { name: 'renamed' }), 400, 'INVALID_PARAMETERS');
    await expectError(await enzi.patchAccount(passwordAuth(admin), user.name, { isActive: 'false' }), 400, 'INVALID_PARAMETERS');
    await expectError(await enzi.patchAccount(passwordAuth(admin), user.name, '{"isActive": '), 400, 'INVALID_JSON');
    await expectError(await enzi.patchAccount(passwordAuth(admin), `${user.name}-nobody`, { fullName: 'x' }), 404, 'NO_SUCH_ACCOUNT');
    expect(await expectJson(await enzi.getAccount(passwordAuth(admin), user.name))).toMatchObject({ name: user.name, isActive: true, isAdmin: false });
  });
});
