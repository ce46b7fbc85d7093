import { describe, expect, it } from 'vitest';
import { verifyCredentials } from '@/lib/auth/credentials';
import { effectiveAccess } from '@/lib/repositories/permissions';
import { enzi, memberNames, teamMemberNames, teamNames } from '../support/accounts-api';
import { bearer, expectError, expectJson, expectNoContent } from '../support/http';
import { createOrg, createTeam, joinOrg } from '../support/orgs';
import { createRepository } from '../support/repositories';
import { listedRepositories, repositoryApi, type TeamAccessList } from '../support/repositories-api';
import { createToken } from '../support/tokens';
import { createUser, passwordAuth, signIn } from '../support/users';

describe('deleting', () => {
  it('a team removes its grants: its members lose access; the repository and other teams’ grants stay', async () => {
    const orgAdmin = await createUser();
    const org = await createOrg({ admins: [orgAdmin] });
    const [writer, reader] = [await createUser(), await createUser()];
    const repository = await createRepository(org, 'service');
    await createTeam(org, { name: 'writers', members: [writer], grants: [[repository, 'read-write']] });
    await createTeam(org, { name: 'readers', members: [reader], grants: [[repository, 'read-only']] });
    const { token } = await createToken(writer);
    const fullName = `${org.name}/service`;
    expect(await listedRepositories(bearer(token))).toContain(fullName);

    await expectNoContent(await enzi.deleteTeam(passwordAuth(orgAdmin), org.name, 'writers'));

    expect(await listedRepositories(bearer(token))).not.toContain(fullName);
    expect(await effectiveAccess(await signIn(writer), repository.id)).toBeNull();
    expect(await effectiveAccess(await signIn(reader), repository.id)).toBe('read-only');
    await expectJson(await repositoryApi.get(passwordAuth(orgAdmin), org.name, 'service'));
    const access = await expectJson<TeamAccessList>(await repositoryApi.teamAccess(passwordAuth(orgAdmin), org.name, 'service'));
    expect(access.teamAccessList.map((g) => [g.team.name, g.accessLevel])).toEqual([['readers', 'read-only']]);
    // The team's members stay members of the organization.
    expect(await memberNames(passwordAuth(orgAdmin), org.name)).toContain(writer.name);
  });

  it('an organization removes its teams, members, grants and repositories, and nothing else', async () => {
    const admin = await createUser({ admin: true });
    const user = await createUser();
    const doomed = await createOrg();
    const kept = await createOrg();
    for (const org of [doomed, kept]) {
      const repository = await createRepository(org, 'shared');
      await createTeam(org, { name: 'crew', members: [user], grants: [[repository, 'read-write']] });
    }
    const { token } = await createToken(user);
    expect(await listedRepositories(bearer(token))).toEqual(expect.arrayContaining([`${doomed.name}/shared`, `${kept.name}/shared`]));

    // Not for an org admin: only a system admin deletes accounts.
    const orgAdmin = await createUser();
    await joinOrg(doomed, orgAdmin, { admin: true });
    await expectError(await enzi.deleteAccount(passwordAuth(orgAdmin), doomed.name), 403, 'NOT_AUTHORIZED');

    await expectNoContent(await enzi.deleteAccount(passwordAuth(admin), doomed.name));
    await expectError(await enzi.getAccount(passwordAuth(admin), doomed.name), 404, 'NO_SUCH_ACCOUNT');
    await expectError(await repositoryApi.get(passwordAuth(admin), doomed.name, 'shared'), 404, 'NO_SUCH_REPOSITORY');

    // The users remain, with their credentials and their other organizations.
    expect(await expectJson(await enzi.getAccount(passwordAuth(admin), user.name))).toMatchObject({ isActive: true });
    expect((await verifyCredentials(orgAdmin.name, orgAdmin.password, '127.0.0.1')).ok).toBe(true);
    const seen = await listedRepositories(bearer(token));
    expect(seen).toContain(`${kept.name}/shared`);
    expect(seen).not.toContain(`${doomed.name}/shared`);
    expect(await teamMemberNames(passwordAuth(admin), kept.name, 'crew')).toEqual([user.name]);
    expect(await expectJson(await enzi.getAccount(passwordAuth(admin), kept.name))).toMatchObject({ membersCount: 1, teamsCount: 1 });

    // A new organization of the same name starts empty: nothing of the old one comes back.
    await expectJson(await enzi.createOrg(passwordAuth(admin), doomed.name), 201);
    expect(await expectJson(await enzi.getAccount(passwordAuth(admin), doomed.name))).toMatchObject({ membersCount: 0, teamsCount: 0 });
    expect(await memberNames(passwordAuth(admin), doomed.name)).toEqual([]);
    expect(await teamNames(passwordAuth(admin), doomed.name)).toEqual([]);
    expect(await listedRepositories(bearer(token))).not.toContain(`${doomed.name}/shared`);
  });

  it('a user from an organization removes their team memberships there, and only there', async () => {
    const orgAdmin = await createUser();
    const org = await createOrg({ admins: [orgAdmin] });
    const elsewhere = await createOrg();
    const user = await createUser();
    const repository = await createRepository(org, 'api');
    const otherRepository = await createRepository(elsewhere, 'api');
    await createTeam(org, { name: 'one', members: [user], grants: [[repository, 'read-only']] });
    await createTeam(org, { name: 'two', members: [user] });
    await createTeam(elsewhere, { name: 'one', members: [user], grants: [[otherRepository, 'read-only']] });
    const { token } = await createToken(user, { scope: 'read-only' });

    await expectNoContent(await enzi.deleteMember(passwordAuth(orgAdmin), org.name, user.name));

    expect(await teamMemberNames(passwordAuth(orgAdmin), org.name, 'one')).toEqual([]);
    expect(await teamMemberNames(passwordAuth(orgAdmin), org.name, 'two')).toEqual([]);
    expect(await memberNames(passwordAuth(orgAdmin), org.name)).not.toContain(user.name);
    const seen = await listedRepositories(bearer(token));
    expect(seen).not.toContain(`${org.name}/api`);
    expect(seen).toContain(`${elsewhere.name}/api`);
    expect(await teamNames(passwordAuth(user), elsewhere.name)).toEqual(['one']);
    expect(await teamMemberNames(passwordAuth(user), elsewhere.name, 'one')).toEqual([user.name]);
    // The former member no longer reads the organization's teams.
    await expectError(await enzi.teams(passwordAuth(user), org.name), 403, 'NOT_AUTHORIZED');

    // Coming back does not restore the old team memberships.
    await expectJson(await enzi.putMember(passwordAuth(orgAdmin), org.name, user.name));
    expect(await teamMemberNames(passwordAuth(orgAdmin), org.name, 'one')).toEqual([]);
    expect(await listedRepositories(bearer(token))).not.toContain(`${org.name}/api`);
  });
});
