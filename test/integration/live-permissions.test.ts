import { describe, expect, it } from 'vitest';
import { enzi, orgWithAdmin } from '../support/accounts-api';
import { basic, bearer, expectError, expectJson, expectNoContent } from '../support/http';
import { listedRepositories, repositoryApi } from '../support/repositories-api';
import { createToken } from '../support/tokens';
import { createUser, passwordAuth, type TestUser } from '../support/users';

// MSR's promise: a token "takes on the permissions of that account when in use, adjusting
// automatically to any permissions changes". Every change below is made through the API, and the
// very next request with a token created before it must reflect it.

/**
 * An organization made by a system admin, with an org admin (made through PUT members/{user}), a
 * team and a private repository; the org admin grants the team read-only on it.
 */
async function orgWithPrivateRepository(admin: TestUser) {
  const { orgAdmin, org } = await orgWithAdmin(admin);
  const team = 'readers';
  await expectJson(await enzi.createTeam(passwordAuth(orgAdmin), org, { name: team }), 201);
  const repo = 'secret-app';
  await expectJson(await repositoryApi.create(passwordAuth(orgAdmin), org, { name: repo }), 201);
  await grant(orgAdmin, org, repo, team, 'read-only');
  return { orgAdmin, org, team, repo, fullName: `${org}/${repo}` };
}

async function grant(by: TestUser, org: string, repo: string, team: string, accessLevel: string) {
  await expectJson(await repositoryApi.grant(passwordAuth(by), org, repo, team, { accessLevel }));
}

describe('a token follows its user’s permissions on the very next request', () => {
  it('through team membership, system admin rights and deactivation', async () => {
    const admin = await createUser({ admin: true });
    const { orgAdmin, org, team, repo, fullName } = await orgWithPrivateRepository(admin);
    const user = await createUser();
    const { token } = await createToken(user);
    // Another user's private repository, to tell "everything" from "what the teams give".
    const stranger = await createUser();
    await expectJson(await repositoryApi.create(passwordAuth(stranger), stranger.name, { name: 'diary' }), 201);
    const strangers = `${stranger.name}/diary`;

    const before = await listedRepositories(bearer(token));
    expect(before).not.toContain(fullName);
    expect(before).not.toContain(strangers);

    // Joining a team with read-only on the repository
    await expectJson(await enzi.putTeamMember(passwordAuth(orgAdmin), org, team, user.name));
    expect(await listedRepositories(bearer(token))).toContain(fullName);
    expect(await expectJson(await repositoryApi.get(bearer(token), org, repo))).toMatchObject({ namespace: org, name: repo });

    // Leaving it
    await expectNoContent(await enzi.deleteTeamMember(passwordAuth(orgAdmin), org, team, user.name));
    expect(await listedRepositories(bearer(token))).not.toContain(fullName);
    await expectError(await repositoryApi.get(bearer(token), org, repo), 404, 'NO_SUCH_REPOSITORY');

    // Becoming a system admin: everything, another user's private repository included
    await expectJson(await enzi.patchAccount(passwordAuth(admin), user.name, { isAdmin: true }));
    const everything = await listedRepositories(bearer(token));
    expect(everything).toEqual(expect.arrayContaining([fullName, strangers]));
    await expectJson(await repositoryApi.get(bearer(token), stranger.name, 'diary'));

    // Deactivated: the token no longer authenticates at all
    await expectJson(await enzi.patchAccount(passwordAuth(admin), user.name, { isActive: false }));
    await expectError(await repositoryApi.list(bearer(token)), 401, 'NOT_AUTHENTICATED');
    await expectError(await repositoryApi.list(basic(user.name, token)), 401, 'NOT_AUTHENTICATED');
    await expectError(await repositoryApi.get(bearer(token), stranger.name, 'diary'), 401, 'NOT_AUTHENTICATED');
  });

  it('through the team’s grant: revoked, then granted again', async () => {
    const admin = await createUser({ admin: true });
    const { orgAdmin, org, team, repo, fullName } = await orgWithPrivateRepository(admin);
    const user = await createUser();
    const readOnly = await createToken(user, { scope: 'read-only' });
    await expectJson(await enzi.putTeamMember(passwordAuth(orgAdmin), org, team, user.name));
    expect(await listedRepositories(bearer(readOnly.token))).toContain(fullName);

    const response = await repositoryApi.revoke(passwordAuth(orgAdmin), org, repo, team);
    expect(response.status).toBe(204);
    expect(await listedRepositories(bearer(readOnly.token))).not.toContain(fullName);

    await grant(orgAdmin, org, repo, team, 'admin');
    expect(await listedRepositories(bearer(readOnly.token))).toContain(fullName);
  });

  it('through org admin rights and org membership', async () => {
    const admin = await createUser({ admin: true });
    const { orgAdmin, org, repo, fullName } = await orgWithPrivateRepository(admin);
    const user = await createUser();
    const { token } = await createToken(user);

    // A plain member sees nothing private without a team
    await expectJson(await enzi.putMember(passwordAuth(orgAdmin), org, user.name, { isAdmin: false }));
    expect(await listedRepositories(bearer(token))).not.toContain(fullName);

    // An org admin sees and administers every repository of the org
    await expectJson(await enzi.putMember(passwordAuth(orgAdmin), org, user.name, { isAdmin: true }));
    expect(await listedRepositories(bearer(token))).toContain(fullName);
    await expectJson(await repositoryApi.get(bearer(token), org, repo));

    // Removed from the org: gone at once
    expect((await enzi.deleteMember(passwordAuth(orgAdmin), org, user.name)).status).toBe(204);
    expect(await listedRepositories(bearer(token))).not.toContain(fullName);
    await expectError(await repositoryApi.get(bearer(token), org, repo), 404, 'NO_SUCH_REPOSITORY');
  });

  it('when the team is deleted', async () => {
    const admin = await createUser({ admin: true });
    const { orgAdmin, org, team, fullName } = await orgWithPrivateRepository(admin);
    const user = await createUser();
    const { token } = await createToken(user);
    await expectJson(await enzi.putTeamMember(passwordAuth(orgAdmin), org, team, user.name));
    expect(await listedRepositories(bearer(token))).toContain(fullName);

    const response = await enzi.deleteTeam(passwordAuth(orgAdmin), org, team);
    expect(response.status).toBe(204);
    expect(await listedRepositories(bearer(token))).not.toContain(fullName);
  });

  it('when system admin rights are taken away', async () => {
    const admin = await createUser({ admin: true });
    const formerAdmin = await createUser({ admin: true });
    const stranger = await createUser();
    await expectJson(await repositoryApi.create(passwordAuth(stranger), stranger.name, { name: 'notes' }), 201);
    const { token } = await createToken(formerAdmin);
    expect(await listedRepositories(bearer(token))).toContain(`${stranger.name}/notes`);

    await expectJson(await enzi.patchAccount(passwordAuth(admin), formerAdmin.name, { isAdmin: false }));
    expect(await listedRepositories(bearer(token))).not.toContain(`${stranger.name}/notes`);
    await expectError(await repositoryApi.get(bearer(token), stranger.name, 'notes'), 404, 'NO_SUCH_REPOSITORY');
  });
});
