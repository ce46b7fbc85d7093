import { describe, expect, it } from 'vitest';
import { PUT as putTeamAccess, DELETE as deleteTeamAccess } from '@/app/api/v0/repositories/[namespace]/[repo]/teamAccess/[team]/route';
import { GET as getRepository } from '@/app/api/v0/repositories/[namespace]/[repo]/route';
import { POST as createRepository } from '@/app/api/v0/repositories/[namespace]/route';
import { GET as listRepositories } from '@/app/api/v0/repositories/route';
import { DELETE as deleteMember, PUT as putMember } from '@/app/enzi/v0/accounts/[name]/members/[member]/route';
import { PATCH as patchAccount } from '@/app/enzi/v0/accounts/[name]/route';
import { DELETE as deleteTeamMember, PUT as putTeamMember } from '@/app/enzi/v0/accounts/[name]/teams/[team]/members/[member]/route';
import { DELETE as deleteTeam } from '@/app/enzi/v0/accounts/[name]/teams/[team]/route';
import { POST as createTeam } from '@/app/enzi/v0/accounts/[name]/teams/route';
import { POST as createAccount } from '@/app/enzi/v0/accounts/route';
import { basic, bearer, call, expectError, expectJson } from '../support/http';
import { listedRepositories } from '../support/repositories-api';
import { createToken } from '../support/tokens';
import { createUser, uniqueName, type TestUser } from '../support/users';

// MSR's promise: a token "takes on the permissions of that account when in use, adjusting
// automatically to any permissions changes". Every change below is made through the API, and the
// very next request with a token created before it must reflect it.

const auth = (user: TestUser) => basic(user.name, user.password);

/**
 * An organization made by a system admin, with an org admin (made through PUT members/{user}), a
 * team and a private repository; the org admin grants the team read-only on it.
 */
async function orgWithPrivateRepository(admin: TestUser) {
  const orgAdmin = await createUser({ prefix: 'orgadm' });
  const org = uniqueName('live');
  await expectJson(await call(createAccount, 'POST', '/enzi/v0/accounts', { auth: auth(admin), body: { name: org, isOrg: true } }), 201);
  await expectJson(
    await call(putMember, 'PUT', `/enzi/v0/accounts/${org}/members/${orgAdmin.name}`, {
      auth: auth(admin),
      body: { isAdmin: true },
      params: { name: org, member: orgAdmin.name },
    }),
  );
  const team = 'readers';
  await expectJson(
    await call(createTeam, 'POST', `/enzi/v0/accounts/${org}/teams`, { auth: auth(orgAdmin), body: { name: team }, params: { name: org } }),
    201,
  );
  const repo = 'secret-app';
  await expectJson(
    await call(createRepository, 'POST', `/api/v0/repositories/${org}`, { auth: auth(orgAdmin), body: { name: repo }, params: { namespace: org } }),
    201,
  );
  await grant(orgAdmin, org, repo, team, 'read-only');
  return { orgAdmin, org, team, repo, fullName: `${org}/${repo}` };
}

async function grant(by: TestUser, org: string, repo: string, team: string, accessLevel: string) {
  await expectJson(
    await call(putTeamAccess, 'PUT', `/api/v0/repositories/${org}/${repo}/teamAccess/${team}`, {
      auth: auth(by),
      body: { accessLevel },
      params: { namespace: org, repo, team },
    }),
  );
}

async function setTeamMember(by: TestUser, method: 'PUT' | 'DELETE', org: string, team: string, member: string) {
  const response = await call(method === 'PUT' ? putTeamMember : deleteTeamMember, method, `/enzi/v0/accounts/${org}/teams/${team}/members/${member}`, {
    auth: auth(by),
    params: { name: org, team, member },
  });
  expect(response.status, await response.clone().text()).toBe(method === 'PUT' ? 200 : 204);
}

const getOne = (authorization: string, namespace: string, repo: string) =>
  call(getRepository, 'GET', `/api/v0/repositories/${namespace}/${repo}`, { auth: authorization, params: { namespace, repo } });

describe('a token follows its user’s permissions on the very next request', () => {
  it('through team membership, system admin rights and deactivation', async () => {
    const admin = await createUser({ admin: true });
    const { orgAdmin, org, team, repo, fullName } = await orgWithPrivateRepository(admin);
    const user = await createUser();
    const { token } = await createToken(user);
    // Another user's private repository, to tell "everything" from "what the teams give".
    const stranger = await createUser();
    await expectJson(
      await call(createRepository, 'POST', `/api/v0/repositories/${stranger.name}`, {
        auth: auth(stranger),
        body: { name: 'diary' },
        params: { namespace: stranger.name },
      }),
      201,
    );
    const strangers = `${stranger.name}/diary`;

    const before = await listedRepositories(bearer(token));
    expect(before).not.toContain(fullName);
    expect(before).not.toContain(strangers);

    // Joining a team with read-only on the repository
    await setTeamMember(orgAdmin, 'PUT', org, team, user.name);
    expect(await listedRepositories(bearer(token))).toContain(fullName);
    expect(await expectJson(await getOne(bearer(token), org, repo))).toMatchObject({ namespace: org, name: repo });

    // Leaving it
    await setTeamMember(orgAdmin, 'DELETE', org, team, user.name);
    expect(await listedRepositories(bearer(token))).not.toContain(fullName);
    await expectError(await getOne(bearer(token), org, repo), 404, 'NO_SUCH_REPOSITORY');

    // Becoming a system admin: everything, another user's private repository included
    await expectJson(
      await call(patchAccount, 'PATCH', `/enzi/v0/accounts/${user.name}`, { auth: auth(admin), body: { isAdmin: true }, params: { name: user.name } }),
    );
    const everything = await listedRepositories(bearer(token));
    expect(everything).toEqual(expect.arrayContaining([fullName, strangers]));
    await expectJson(await getOne(bearer(token), stranger.name, 'diary'));

    // Deactivated: the token no longer authenticates at all
    await expectJson(
      await call(patchAccount, 'PATCH', `/enzi/v0/accounts/${user.name}`, { auth: auth(admin), body: { isActive: false }, params: { name: user.name } }),
    );
    await expectError(await call(listRepositories, 'GET', '/api/v0/repositories', { auth: bearer(token) }), 401, 'NOT_AUTHENTICATED');
    await expectError(await call(listRepositories, 'GET', '/api/v0/repositories', { auth: basic(user.name, token) }), 401, 'NOT_AUTHENTICATED');
    await expectError(await getOne(bearer(token), stranger.name, 'diary'), 401, 'NOT_AUTHENTICATED');
  });

  it('through the team’s grant: revoked, then granted again', async () => {
    const admin = await createUser({ admin: true });
    const { orgAdmin, org, team, repo, fullName } = await orgWithPrivateRepository(admin);
    const user = await createUser();
    const readOnly = await createToken(user, { scope: 'read-only' });
    await setTeamMember(orgAdmin, 'PUT', org, team, user.name);
    expect(await listedRepositories(bearer(readOnly.token))).toContain(fullName);

    const response = await call(deleteTeamAccess, 'DELETE', `/api/v0/repositories/${org}/${repo}/teamAccess/${team}`, {
      auth: auth(orgAdmin),
      params: { namespace: org, repo, team },
    });
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
    const memberPath = `/enzi/v0/accounts/${org}/members/${user.name}`;
    const params = { name: org, member: user.name };

    // A plain member sees nothing private without a team
    await expectJson(await call(putMember, 'PUT', memberPath, { auth: auth(orgAdmin), body: { isAdmin: false }, params }));
    expect(await listedRepositories(bearer(token))).not.toContain(fullName);

    // An org admin sees and administers every repository of the org
    await expectJson(await call(putMember, 'PUT', memberPath, { auth: auth(orgAdmin), body: { isAdmin: true }, params }));
    expect(await listedRepositories(bearer(token))).toContain(fullName);
    await expectJson(await getOne(bearer(token), org, repo));

    // Removed from the org: gone at once
    expect((await call(deleteMember, 'DELETE', memberPath, { auth: auth(orgAdmin), params })).status).toBe(204);
    expect(await listedRepositories(bearer(token))).not.toContain(fullName);
    await expectError(await getOne(bearer(token), org, repo), 404, 'NO_SUCH_REPOSITORY');
  });

  it('when the team is deleted', async () => {
    const admin = await createUser({ admin: true });
    const { orgAdmin, org, team, fullName } = await orgWithPrivateRepository(admin);
    const user = await createUser();
    const { token } = await createToken(user);
    await setTeamMember(orgAdmin, 'PUT', org, team, user.name);
    expect(await listedRepositories(bearer(token))).toContain(fullName);

    const response = await call(deleteTeam, 'DELETE', `/enzi/v0/accounts/${org}/teams/${team}`, { auth: auth(orgAdmin), params: { name: org, team } });
    expect(response.status).toBe(204);
    expect(await listedRepositories(bearer(token))).not.toContain(fullName);
  });

  it('when system admin rights are taken away', async () => {
    const admin = await createUser({ admin: true });
    const formerAdmin = await createUser({ admin: true });
    const stranger = await createUser();
    await expectJson(
      await call(createRepository, 'POST', `/api/v0/repositories/${stranger.name}`, {
        auth: auth(stranger),
        body: { name: 'notes' },
        params: { namespace: stranger.name },
      }),
      201,
    );
    const { token } = await createToken(formerAdmin);
    expect(await listedRepositories(bearer(token))).toContain(`${stranger.name}/notes`);

    await expectJson(
      await call(patchAccount, 'PATCH', `/enzi/v0/accounts/${formerAdmin.name}`, {
        auth: auth(admin),
        body: { isAdmin: false },
        params: { name: formerAdmin.name },
      }),
    );
    expect(await listedRepositories(bearer(token))).not.toContain(`${stranger.name}/notes`);
    await expectError(await getOne(bearer(token), stranger.name, 'notes'), 404, 'NO_SUCH_REPOSITORY');
  });
});
