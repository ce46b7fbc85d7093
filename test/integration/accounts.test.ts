import { describe, expect, it } from 'vitest';
import { GET as getAccount, PATCH as patchAccount } from '@/app/enzi/v0/accounts/[name]/route';
import { GET as listAccounts, POST as createAccount } from '@/app/enzi/v0/accounts/route';
import { GET as listTokens } from '@/app/api/v0/api_tokens/route';
import { verifyCredentials } from '@/lib/auth/credentials';
import { basic, bearer, call, expectError, expectJson } from '../support/http';
import { createOrg } from '../support/orgs';
import { createToken } from '../support/tokens';
import { createUser, uniqueName, type TestUser } from '../support/users';

type AccountJson = {
  id: string;
  name: string;
  fullName: string;
  isOrg: boolean;
  isAdmin: boolean;
  isActive: boolean;
  membersCount: number;
  teamsCount: number;
};
type AccountList = { accounts: AccountJson[]; nextPageStart: string };

const ACCOUNT_KEYS = ['fullName', 'id', 'isActive', 'isAdmin', 'isOrg', 'membersCount', 'name', 'teamsCount'];
const auth = (user: TestUser) => basic(user.name, user.password);

const post = (authorization: string, body: unknown) => call(createAccount, 'POST', '/enzi/v0/accounts', { auth: authorization, body });
const getOne = (authorization: string, name: string) =>
  call(getAccount, 'GET', `/enzi/v0/accounts/${encodeURIComponent(name)}`, { auth: authorization, params: { name } });
const patch = (authorization: string, name: string, body: unknown) =>
  call(patchAccount, 'PATCH', `/enzi/v0/accounts/${name}`, { auth: authorization, body, params: { name } });

/** Every account a filter selects, following eNZi's `nextPageStart`. */
async function listAll(authorization: string, filter: string): Promise<AccountJson[]> {
  const rows: AccountJson[] = [];
  let start = '';
  for (let i = 0; i < 1000; i++) {
    const query = `?filter=${filter}&limit=100${start ? `&start=${start}` : ''}`;
    const body = await expectJson<AccountList>(await call(listAccounts, 'GET', `/enzi/v0/accounts${query}`, { auth: authorization }));
    rows.push(...body.accounts);
    if (!body.nextPageStart) return rows;
    start = body.nextPageStart;
  }
  throw new Error('pagination did not end');
}

async function expectNoAccount(authorization: string, name: string) {
  await expectError(await getOne(authorization, name), 404, 'NO_SUCH_ACCOUNT');
}

describe('POST /enzi/v0/accounts', () => {
  it('lets a system admin create a user who can then sign in', async () => {
    const admin = await createUser({ admin: true });
    const name = uniqueName('new');
    const created = await expectJson<AccountJson>(await post(auth(admin), { name, password: 'first-password', fullName: 'New Person' }), 201);
    expect(Object.keys(created).sort()).toEqual(ACCOUNT_KEYS);
    expect(created).toMatchObject({ name, fullName: 'New Person', isOrg: false, isAdmin: false, isActive: true });
    expect(await expectJson(await getOne(auth(admin), name))).toEqual(created);
    expect((await verifyCredentials(name, 'first-password', '::1')).ok).toBe(true);
  });

  it('creates admins, inactive users and organizations as asked', async () => {
    const admin = await createUser({ admin: true });
    const adminName = uniqueName('adm');
    const inactiveName = uniqueName('off');
    const orgName = uniqueName('org');
    expect(await expectJson(await post(auth(admin), { name: adminName, password: 'admin-password', isAdmin: true }), 201)).toMatchObject({
      isAdmin: true,
    });
    expect(await expectJson(await post(auth(admin), { name: inactiveName, password: 'idle-password', isActive: false }), 201)).toMatchObject({
      isActive: false,
    });
    expect(await expectJson(await post(auth(admin), { name: orgName, isOrg: true }), 201)).toMatchObject({ isOrg: true, isAdmin: false });
    expect((await verifyCredentials(inactiveName, 'idle-password', '::1')).ok).toBe(false);
  });

  it('refuses a regular user and an admin’s read-only token, and creates nothing', async () => {
    const user = await createUser();
    const admin = await createUser({ admin: true });
    const readOnly = await createToken(admin, { scope: 'read-only' });
    const name = uniqueName('nope');
    await expectError(await post(auth(user), { name, password: 'some-password' }), 403, 'NOT_AUTHORIZED');
    await expectError(await post(bearer(readOnly.token), { name, password: 'some-password' }), 403, 'NOT_AUTHORIZED');
    await expectNoAccount(auth(admin), name);
  });

  it('refuses a name already taken by a user or an organization', async () => {
    const admin = await createUser({ admin: true });
    const user = await createUser();
    const org = await createOrg();
    await expectError(await post(auth(admin), { name: user.name, password: 'some-password' }), 400, 'INVALID_PARAMETERS');
    await expectError(await post(auth(admin), { name: org.name, password: 'some-password' }), 400, 'INVALID_PARAMETERS');
    // The existing user is untouched: their password still works.
    expect((await verifyCredentials(user.name, user.password, '::1')).ok).toBe(true);
  });

  it('refuses invalid names and bodies, and creates nothing', async () => {
    const admin = await createUser({ admin: true });
    const base = uniqueName('bad');
    const badNames = [`${base}-Upper`, `${base}/slash`, `${base}${'x'.repeat(300)}`, 'a', `-${base}`, `${base}-`, `${base} space`, '', `${base}..x`];
    for (const name of badNames) {
      await expectError(await post(auth(admin), { name, password: 'some-password' }), 400, 'INVALID_PARAMETERS');
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
    for (const [body, code] of cases) await expectError(await post(auth(admin), body), 400, code);
    await expectNoAccount(auth(admin), valid);
    await expectNoAccount(auth(admin), `${base}-upper`);
  });
});

describe('GET /enzi/v0/accounts', () => {
  it('filters users, organizations, admins and active state', async () => {
    const admin = await createUser({ admin: true });
    const active = await createUser();
    const inactive = await createUser({ active: false });
    const org = await createOrg();
    const names = (rows: AccountJson[]) => rows.map((a) => a.name);

    const all = await listAll(auth(admin), 'all');
    expect(names(all)).toEqual(expect.arrayContaining([admin.name, active.name, inactive.name, org.name]));

    const users = await listAll(auth(admin), 'users');
    expect(users.every((a) => !a.isOrg)).toBe(true);
    expect(names(users)).toEqual(expect.arrayContaining([admin.name, active.name, inactive.name]));
    expect(names(users)).not.toContain(org.name);

    const orgs = await listAll(auth(admin), 'orgs');
    expect(orgs.every((a) => a.isOrg)).toBe(true);
    expect(names(orgs)).toContain(org.name);

    const admins = await listAll(auth(admin), 'admins');
    expect(admins.every((a) => a.isAdmin && !a.isOrg)).toBe(true);
    expect(names(admins)).toContain(admin.name);
    expect(names(admins)).not.toContain(active.name);

    const nonAdmins = await listAll(auth(admin), 'non-admins');
    expect(nonAdmins.every((a) => !a.isAdmin && !a.isOrg)).toBe(true);
    expect(names(nonAdmins)).toEqual(expect.arrayContaining([active.name, inactive.name]));

    const activeUsers = await listAll(auth(admin), 'active-users');
    expect(activeUsers.every((a) => a.isActive && !a.isOrg)).toBe(true);
    expect(names(activeUsers)).toContain(active.name);
    expect(names(activeUsers)).not.toContain(inactive.name);

    const inactiveUsers = await listAll(auth(admin), 'inactive-users');
    expect(inactiveUsers.every((a) => !a.isActive && !a.isOrg)).toBe(true);
    expect(names(inactiveUsers)).toContain(inactive.name);
    expect(names(inactiveUsers)).not.toContain(active.name);
  });

  it('pages by name with limit and start', async () => {
    const admin = await createUser({ admin: true });
    for (let i = 0; i < 3; i++) await createUser();
    const first = await expectJson<AccountList>(await call(listAccounts, 'GET', '/enzi/v0/accounts?limit=2', { auth: auth(admin) }));
    expect(first.accounts).toHaveLength(2);
    expect(first.nextPageStart).not.toBe('');
    const second = await expectJson<AccountList>(
      await call(listAccounts, 'GET', `/enzi/v0/accounts?limit=2&start=${first.nextPageStart}`, { auth: auth(admin) }),
    );
    const seen = [...first.accounts, ...second.accounts].map((a) => a.name);
    expect(new Set(seen).size).toBe(seen.length);
    // Other tests may add accounts meanwhile; the two pages still come in the full list's order.
    const all = (await listAll(auth(admin), 'all')).map((a) => a.name);
    const positions = seen.map((name) => all.indexOf(name));
    expect(positions.every((p, i) => p >= 0 && (i === 0 || p > positions[i - 1]))).toBe(true);
  });

  it('refuses an unknown filter', async () => {
    const admin = await createUser({ admin: true });
    await expectError(await call(listAccounts, 'GET', '/enzi/v0/accounts?filter=everyone', { auth: auth(admin) }), 400, 'INVALID_PARAMETERS');
  });

  it('answers NO_SUCH_ACCOUNT for an unknown name', async () => {
    const user = await createUser();
    await expectNoAccount(auth(user), `${user.name}-nobody`);
  });
});

describe('PATCH /enzi/v0/accounts/{name}', () => {
  it('lets an admin deactivate a user: every credential of theirs is refused at once', async () => {
    const admin = await createUser({ admin: true });
    const user = await createUser();
    const first = await createToken(user);
    const second = await createToken(user, { by: admin, scope: 'read-only' });
    await expectJson(await call(listTokens, 'GET', '/api/v0/api_tokens', { auth: bearer(first.token) }));

    const off = await expectJson<AccountJson>(await patch(auth(admin), user.name, { isActive: false }));
    expect(off.isActive).toBe(false);
    for (const authorization of [bearer(first.token), bearer(second.token), basic(user.name, first.token), auth(user)]) {
      await expectError(await call(listTokens, 'GET', '/api/v0/api_tokens', { auth: authorization }), 401, 'NOT_AUTHENTICATED');
    }

    // Reactivation gives the same tokens back: deactivation does not delete them.
    expect((await expectJson<AccountJson>(await patch(auth(admin), user.name, { isActive: true }))).isActive).toBe(true);
    await expectJson(await call(listTokens, 'GET', '/api/v0/api_tokens', { auth: bearer(first.token) }));
  });

  it('refuses a regular user changing isAdmin or isActive, even their own', async () => {
    const user = await createUser();
    const other = await createUser();
    await expectError(await patch(auth(user), user.name, { isAdmin: true }), 403, 'NOT_AUTHORIZED');
    await expectError(await patch(auth(user), user.name, { isActive: false }), 403, 'NOT_AUTHORIZED');
    await expectError(await patch(auth(user), other.name, { isActive: false }), 403, 'NOT_AUTHORIZED');
    await expectError(await patch(auth(user), other.name, { fullName: 'Renamed' }), 403, 'NOT_AUTHORIZED');
    expect(await expectJson(await getOne(auth(user), user.name))).toMatchObject({ isAdmin: false, isActive: true });
    expect(await expectJson(await getOne(auth(user), other.name))).toMatchObject({ isActive: true, fullName: '' });
  });

  it('lets a user change their own full name', async () => {
    const user = await createUser();
    expect(await expectJson(await patch(auth(user), user.name, { fullName: 'Ada Lovelace' }))).toMatchObject({ fullName: 'Ada Lovelace' });
  });

  it('answers an empty patch with the account unchanged', async () => {
    const user = await createUser();
    await patch(auth(user), user.name, { fullName: 'Grace Hopper' });
    expect(await expectJson(await patch(auth(user), user.name, {}))).toMatchObject({ name: user.name, fullName: 'Grace Hopper', isActive: true });
  });

  it('refuses an admin removing their own admin rights or deactivating themself', async () => {
    const admin = await createUser({ admin: true });
    await expectError(await patch(auth(admin), admin.name, { isAdmin: false }), 400, 'INVALID_PARAMETERS');
    await expectError(await patch(auth(admin), admin.name, { isActive: false }), 400, 'INVALID_PARAMETERS');
    expect(await expectJson(await getOne(auth(admin), admin.name))).toMatchObject({ isAdmin: true, isActive: true });
  });

  it('changes what a user’s existing tokens may do as soon as their admin rights change', async () => {
    const admin = await createUser({ admin: true });
    const user = await createUser();
    const other = await createUser();
    const { token } = await createToken(user);
    const othersTokens = () => call(listTokens, 'GET', `/api/v0/api_tokens?username=${other.name}`, { auth: bearer(token) });

    await expectError(await othersTokens(), 403, 'NOT_AUTHORIZED');
    await expectJson(await patch(auth(admin), user.name, { isAdmin: true }));
    await expectJson(await othersTokens());
    await expectJson(await patch(auth(admin), user.name, { isAdmin: false }));
    await expectError(await othersTokens(), 403, 'NOT_AUTHORIZED');
  });

  it('refuses malformed patches and unknown accounts', async () => {
    const admin = await createUser({ admin: true });
    const user = await createUser();
    await expectError(await patch(auth(admin), user.name, { name: 'renamed' }), 400, 'INVALID_PARAMETERS');
    await expectError(await patch(auth(admin), user.name, { isActive: 'false' }), 400, 'INVALID_PARAMETERS');
    await expectError(await patch(auth(admin), user.name, '{"isActive": '), 400, 'INVALID_JSON');
    await expectError(await patch(auth(admin), `${user.name}-nobody`, { fullName: 'x' }), 404, 'NO_SUCH_ACCOUNT');
    expect(await expectJson(await getOne(auth(admin), user.name))).toMatchObject({ name: user.name, isActive: true, isAdmin: false });
  });
});
