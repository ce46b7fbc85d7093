import { describe, expect, it } from 'vitest';
import { enzi, memberNames, orgWithAdmin, teamNames, type AccountJson, type MemberJson, type MemberList } from '../support/accounts-api';
import { bearer, expectError, expectJson, expectNoContent } from '../support/http';
import { createOrg } from '../support/orgs';
import { createToken } from '../support/tokens';
import { createUser, passwordAuth, uniqueName } from '../support/users';

describe('creating organizations', () => {
  it('is for system admins only', async () => {
    const { admin, orgAdmin, org } = await orgWithAdmin();
    const user = await createUser();
    const readWrite = await createToken(admin, { scope: 'read-write' });

    const created = await expectJson<AccountJson>(await enzi.getAccount(passwordAuth(user), org));
    expect(created).toMatchObject({ name: org, isOrg: true, isAdmin: false, isActive: true, membersCount: 1, teamsCount: 0 });

    for (const [authorization, name] of [
      [passwordAuth(user), uniqueName('org')],
      [passwordAuth(orgAdmin), uniqueName('org')],
      [bearer(readWrite.token), uniqueName('org')],
    ]) {
      await expectError(await enzi.createOrg(authorization, name), 403, 'NOT_AUTHORIZED');
      await expectError(await enzi.getAccount(passwordAuth(admin), name), 404, 'NO_SUCH_ACCOUNT');
    }
  });

  it('refuses names a namespace cannot have, and a name already taken', async () => {
    const admin = await createUser({ admin: true });
    const base = uniqueName('org');
    for (const name of [`${base}-Upper`, `${base}/slash`, `${base}${'x'.repeat(300)}`, 'o']) {
      await expectError(await enzi.createOrg(passwordAuth(admin), name), 400, 'INVALID_PARAMETERS');
    }
    await expectError(await enzi.getAccount(passwordAuth(admin), `${base}-upper`), 404, 'NO_SUCH_ACCOUNT');
    await expectError(await enzi.createOrg(passwordAuth(admin), admin.name), 400, 'INVALID_PARAMETERS');
    expect(await expectJson(await enzi.getAccount(passwordAuth(admin), admin.name))).toMatchObject({ isOrg: false, isAdmin: true });
  });
});

describe('organization members', () => {
  it('are managed by org admins, listed with isAdmin and counted on the account', async () => {
    const { orgAdmin, org } = await orgWithAdmin();
    const [first, second] = [await createUser(), await createUser()];

    const added = await expectJson<MemberJson>(await enzi.putMember(passwordAuth(orgAdmin), org, first.name));
    expect(added).toMatchObject({ member: { name: first.name, isOrg: false }, isAdmin: false });
    await expectJson(await enzi.putMember(passwordAuth(orgAdmin), org, second.name, { isAdmin: true }));
    expect((await memberNames(passwordAuth(orgAdmin), org)).sort()).toEqual(
      [`${orgAdmin.name} (admin)`, first.name, `${second.name} (admin)`].sort(),
    );
    expect(await expectJson(await enzi.getAccount(passwordAuth(first), org))).toMatchObject({ membersCount: 3, teamsCount: 0 });

    // The new org admin manages too: demotes and removes.
    await expectJson(await enzi.putMember(passwordAuth(second), org, first.name, { isAdmin: false }));
    await expectNoContent(await enzi.deleteMember(passwordAuth(second), org, first.name));
    expect((await memberNames(passwordAuth(orgAdmin), org)).sort()).toEqual([`${orgAdmin.name} (admin)`, `${second.name} (admin)`].sort());
    expect(await expectJson(await enzi.getAccount(passwordAuth(orgAdmin), org))).toMatchObject({ membersCount: 2 });
  });

  it('page by name with limit and start', async () => {
    const { orgAdmin, org } = await orgWithAdmin();
    for (let i = 0; i < 4; i++) await expectJson(await enzi.putMember(passwordAuth(orgAdmin), org, (await createUser()).name));
    const first = await expectJson<MemberList>(await enzi.members(passwordAuth(orgAdmin), org, '?limit=2'));
    const second = await expectJson<MemberList>(await enzi.members(passwordAuth(orgAdmin), org, `?limit=2&start=${first.nextPageStart}`));
    const third = await expectJson<MemberList>(await enzi.members(passwordAuth(orgAdmin), org, `?limit=2&start=${second.nextPageStart}`));
    expect([first, second, third].map((p) => p.members.length)).toEqual([2, 2, 1]);
    expect([first, second].every((p) => p.nextPageStart !== '')).toBe(true);
    expect(third.nextPageStart).toBe('');
    const names = [first, second, third].flatMap((p) => p.members.map((m) => m.member.name));
    expect(names).toEqual([...(await memberNames(passwordAuth(orgAdmin), org))].map((n) => n.replace(' (admin)', '')));
    expect(new Set(names).size).toBe(5);
  });

  it('cannot be changed by a plain member, an admin of another org, or an org admin’s limited token', async () => {
    const { admin, orgAdmin, org } = await orgWithAdmin();
    const member = await createUser();
    const outsider = await createUser();
    await expectJson(await enzi.putMember(passwordAuth(orgAdmin), org, member.name));
    const other = await orgWithAdmin();
    const readWrite = await createToken(orgAdmin, { scope: 'read-write' });

    for (const authorization of [passwordAuth(member), passwordAuth(other.orgAdmin), bearer(readWrite.token)]) {
      await expectError(await enzi.putMember(authorization, org, outsider.name), 403, 'NOT_AUTHORIZED');
      await expectError(await enzi.putMember(authorization, org, member.name, { isAdmin: true }), 403, 'NOT_AUTHORIZED');
      await expectError(await enzi.deleteMember(authorization, org, orgAdmin.name), 403, 'NOT_AUTHORIZED');
    }
    expect((await memberNames(passwordAuth(admin), org)).sort()).toEqual([`${orgAdmin.name} (admin)`, member.name].sort());
  });

  it('and teams are hidden from non-members (403), but not from system admins', async () => {
    const { admin, orgAdmin, org } = await orgWithAdmin();
    const outsider = await createUser();
    await expectJson(await enzi.createTeam(passwordAuth(orgAdmin), org, { name: 'devs' }), 201);
    await expectError(await enzi.members(passwordAuth(outsider), org), 403, 'NOT_AUTHORIZED');
    await expectError(await enzi.teams(passwordAuth(outsider), org), 403, 'NOT_AUTHORIZED');
    await expectError(await enzi.getTeam(passwordAuth(outsider), org, 'devs'), 403, 'NOT_AUTHORIZED');
    await expectError(await enzi.teamMembers(passwordAuth(outsider), org, 'devs'), 403, 'NOT_AUTHORIZED');
    expect(await memberNames(passwordAuth(admin), org)).toEqual([`${orgAdmin.name} (admin)`]);
    expect(await teamNames(passwordAuth(admin), org)).toEqual(['devs']);
  });

  it('answer NO_SUCH_ACCOUNT, NO_SUCH_USER and INVALID_PARAMETERS for what does not fit', async () => {
    const { orgAdmin, org } = await orgWithAdmin();
    const user = await createUser();
    const otherOrg = await createOrg();
    await expectError(await enzi.putMember(passwordAuth(orgAdmin), `${org}-nope`, user.name), 404, 'NO_SUCH_ACCOUNT');
    await expectError(await enzi.putMember(passwordAuth(orgAdmin), orgAdmin.name, user.name), 404, 'NO_SUCH_ACCOUNT');
    await expectError(await enzi.members(passwordAuth(orgAdmin), orgAdmin.name), 404, 'NO_SUCH_ACCOUNT');
    await expectError(await enzi.putMember(passwordAuth(orgAdmin), org, `${user.name}-nope`), 404, 'NO_SUCH_USER');
    await expectError(await enzi.putMember(passwordAuth(orgAdmin), org, otherOrg.name), 404, 'NO_SUCH_USER');
    await expectError(await enzi.putMember(passwordAuth(orgAdmin), org, user.name, { isAdmin: 'yes' }), 400, 'INVALID_PARAMETERS');
    await expectError(await enzi.putMember(passwordAuth(orgAdmin), org, user.name, { isAdmin: true, role: 'owner' }), 400, 'INVALID_PARAMETERS');
    expect(await memberNames(passwordAuth(orgAdmin), org)).toEqual([`${orgAdmin.name} (admin)`]);
  });
});
