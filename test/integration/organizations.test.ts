import { describe, expect, it } from 'vitest';
import { GET as getRepository } from '@/app/api/v0/repositories/[namespace]/[repo]/route';
import { GET as listTeamAccess } from '@/app/api/v0/repositories/[namespace]/[repo]/teamAccess/route';
import { DELETE as deleteMemberRoute, PUT as putMemberRoute } from '@/app/enzi/v0/accounts/[name]/members/[member]/route';
import { GET as listMembersRoute } from '@/app/enzi/v0/accounts/[name]/members/route';
import { DELETE as deleteAccountRoute, GET as getAccountRoute } from '@/app/enzi/v0/accounts/[name]/route';
import {
  DELETE as deleteTeamMemberRoute,
  PUT as putTeamMemberRoute,
} from '@/app/enzi/v0/accounts/[name]/teams/[team]/members/[member]/route';
import { GET as listTeamMembersRoute } from '@/app/enzi/v0/accounts/[name]/teams/[team]/members/route';
import { DELETE as deleteTeamRoute, GET as getTeamRoute, PATCH as patchTeamRoute } from '@/app/enzi/v0/accounts/[name]/teams/[team]/route';
import { GET as listTeamsRoute, POST as createTeamRoute } from '@/app/enzi/v0/accounts/[name]/teams/route';
import { POST as createAccountRoute } from '@/app/enzi/v0/accounts/route';
import { verifyCredentials } from '@/lib/auth/credentials';
import { effectiveAccess } from '@/lib/repositories/permissions';
import { basic, bearer, call, expectError, expectJson } from '../support/http';
import { createOrg, createTeam, joinOrg } from '../support/orgs';
import { createRepository } from '../support/repositories';
import { listedRepositories } from '../support/repositories-api';
import { createToken } from '../support/tokens';
import { createUser, signIn, uniqueName, type TestUser } from '../support/users';

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
type TeamJson = { id: string; orgID: string; name: string; description: string; membersCount: number };
type MemberJson = { member: AccountJson; isAdmin: boolean };
type TeamList = { teams: TeamJson[]; nextPageStart: string };
type MemberList = { members: MemberJson[]; nextPageStart: string };

const TEAM_KEYS = ['description', 'id', 'membersCount', 'name', 'orgID'];
const auth = (user: TestUser) => basic(user.name, user.password);

// The eNZi routes, as a client calls them.
const api = {
  createOrg: (a: string, name: string) => call(createAccountRoute, 'POST', '/enzi/v0/accounts', { auth: a, body: { name, isOrg: true } }),
  getAccount: (a: string, name: string) => call(getAccountRoute, 'GET', `/enzi/v0/accounts/${name}`, { auth: a, params: { name } }),
  deleteAccount: (a: string, name: string) => call(deleteAccountRoute, 'DELETE', `/enzi/v0/accounts/${name}`, { auth: a, params: { name } }),
  members: (a: string, org: string, query = '') =>
    call(listMembersRoute, 'GET', `/enzi/v0/accounts/${org}/members${query}`, { auth: a, params: { name: org } }),
  putMember: (a: string, org: string, member: string, body: unknown = {}) =>
    call(putMemberRoute, 'PUT', `/enzi/v0/accounts/${org}/members/${member}`, { auth: a, body, params: { name: org, member } }),
  deleteMember: (a: string, org: string, member: string) =>
    call(deleteMemberRoute, 'DELETE', `/enzi/v0/accounts/${org}/members/${member}`, { auth: a, params: { name: org, member } }),
  teams: (a: string, org: string, query = '') =>
    call(listTeamsRoute, 'GET', `/enzi/v0/accounts/${org}/teams${query}`, { auth: a, params: { name: org } }),
  createTeam: (a: string, org: string, body: unknown) =>
    call(createTeamRoute, 'POST', `/enzi/v0/accounts/${org}/teams`, { auth: a, body, params: { name: org } }),
  getTeam: (a: string, org: string, team: string) =>
    call(getTeamRoute, 'GET', `/enzi/v0/accounts/${org}/teams/${team}`, { auth: a, params: { name: org, team } }),
  patchTeam: (a: string, org: string, team: string, body: unknown) =>
    call(patchTeamRoute, 'PATCH', `/enzi/v0/accounts/${org}/teams/${team}`, { auth: a, body, params: { name: org, team } }),
  deleteTeam: (a: string, org: string, team: string) =>
    call(deleteTeamRoute, 'DELETE', `/enzi/v0/accounts/${org}/teams/${team}`, { auth: a, params: { name: org, team } }),
  teamMembers: (a: string, org: string, team: string, query = '') =>
    call(listTeamMembersRoute, 'GET', `/enzi/v0/accounts/${org}/teams/${team}/members${query}`, { auth: a, params: { name: org, team } }),
  putTeamMember: (a: string, org: string, team: string, member: string) =>
    call(putTeamMemberRoute, 'PUT', `/enzi/v0/accounts/${org}/teams/${team}/members/${member}`, { auth: a, params: { name: org, team, member } }),
  deleteTeamMember: (a: string, org: string, team: string, member: string) =>
    call(deleteTeamMemberRoute, 'DELETE', `/enzi/v0/accounts/${org}/teams/${team}/members/${member}`, {
      auth: a,
      params: { name: org, team, member },
    }),
};

async function expectNoContent(response: Response) {
  expect(response.status, await response.clone().text()).toBe(204);
}

/** Every row of an eNZi list, following `nextPageStart`. */
async function everyRow<T>(fetch: (query: string) => Promise<Response>, rowsOf: (body: never) => T[]): Promise<T[]> {
  const rows: T[] = [];
  let start = '';
  for (let i = 0; i < 100; i++) {
    const body = await expectJson<never>(await fetch(`?limit=100${start ? `&start=${start}` : ''}`));
    rows.push(...rowsOf(body));
    start = (body as { nextPageStart: string }).nextPageStart;
    if (!start) return rows;
  }
  throw new Error('pagination did not end');
}

const memberNames = async (a: string, org: string) =>
  (await everyRow((q) => api.members(a, org, q), (b: MemberList) => b.members)).map((m) => `${m.member.name}${m.isAdmin ? ' (admin)' : ''}`);
const teamNames = async (a: string, org: string) => (await everyRow((q) => api.teams(a, org, q), (b: TeamList) => b.teams)).map((t) => t.name);
const teamMemberNames = async (a: string, org: string, team: string) =>
  (await everyRow((q) => api.teamMembers(a, org, team, q), (b: MemberList) => b.members)).map((m) => m.member.name);

/** An organization created by a system admin through the API, with an org admin made through PUT members/{user}. */
async function orgWithAdmin() {
  const admin = await createUser({ admin: true });
  const orgAdmin = await createUser({ prefix: 'orgadm' });
  const org = uniqueName('org');
  await expectJson(await api.createOrg(auth(admin), org), 201);
  await expectJson(await api.putMember(auth(admin), org, orgAdmin.name, { isAdmin: true }));
  return { admin, orgAdmin, org };
}

describe('creating organizations', () => {
  it('is for system admins only', async () => {
    const { admin, orgAdmin, org } = await orgWithAdmin();
    const user = await createUser();
    const readWrite = await createToken(admin, { scope: 'read-write' });

    const created = await expectJson<AccountJson>(await api.getAccount(auth(user), org));
    expect(created).toMatchObject({ name: org, isOrg: true, isAdmin: false, isActive: true, membersCount: 1, teamsCount: 0 });

    for (const [authorization, name] of [
      [auth(user), uniqueName('org')],
      [auth(orgAdmin), uniqueName('org')],
      [bearer(readWrite.token), uniqueName('org')],
    ]) {
      await expectError(await api.createOrg(authorization, name), 403, 'NOT_AUTHORIZED');
      await expectError(await api.getAccount(auth(admin), name), 404, 'NO_SUCH_ACCOUNT');
    }
  });

  it('refuses names a namespace cannot have, and a name already taken', async () => {
    const admin = await createUser({ admin: true });
    const base = uniqueName('org');
    for (const name of [`${base}-Upper`, `${base}/slash`, `${base}${'x'.repeat(300)}`, 'o']) {
      await expectError(await api.createOrg(auth(admin), name), 400, 'INVALID_PARAMETERS');
    }
    await expectError(await api.getAccount(auth(admin), `${base}-upper`), 404, 'NO_SUCH_ACCOUNT');
    await expectError(await api.createOrg(auth(admin), admin.name), 400, 'INVALID_PARAMETERS');
    expect(await expectJson(await api.getAccount(auth(admin), admin.name))).toMatchObject({ isOrg: false, isAdmin: true });
  });
});

describe('organization members', () => {
  it('are managed by org admins, listed with isAdmin and counted on the account', async () => {
    const { orgAdmin, org } = await orgWithAdmin();
    const [first, second] = [await createUser(), await createUser()];

    const added = await expectJson<MemberJson>(await api.putMember(auth(orgAdmin), org, first.name));
    expect(added).toMatchObject({ member: { name: first.name, isOrg: false }, isAdmin: false });
    await expectJson(await api.putMember(auth(orgAdmin), org, second.name, { isAdmin: true }));
    expect((await memberNames(auth(orgAdmin), org)).sort()).toEqual(
      [`${orgAdmin.name} (admin)`, first.name, `${second.name} (admin)`].sort(),
    );
    expect(await expectJson(await api.getAccount(auth(first), org))).toMatchObject({ membersCount: 3, teamsCount: 0 });

    // The new org admin manages too: demotes and removes.
    await expectJson(await api.putMember(auth(second), org, first.name, { isAdmin: false }));
    await expectNoContent(await api.deleteMember(auth(second), org, first.name));
    expect((await memberNames(auth(orgAdmin), org)).sort()).toEqual([`${orgAdmin.name} (admin)`, `${second.name} (admin)`].sort());
    expect(await expectJson(await api.getAccount(auth(orgAdmin), org))).toMatchObject({ membersCount: 2 });
  });

  it('page by name with limit and start', async () => {
    const { orgAdmin, org } = await orgWithAdmin();
    for (let i = 0; i < 4; i++) await expectJson(await api.putMember(auth(orgAdmin), org, (await createUser()).name));
    const first = await expectJson<MemberList>(await api.members(auth(orgAdmin), org, '?limit=2'));
    const second = await expectJson<MemberList>(await api.members(auth(orgAdmin), org, `?limit=2&start=${first.nextPageStart}`));
    const third = await expectJson<MemberList>(await api.members(auth(orgAdmin), org, `?limit=2&start=${second.nextPageStart}`));
    expect([first, second, third].map((p) => p.members.length)).toEqual([2, 2, 1]);
    expect([first, second].every((p) => p.nextPageStart !== '')).toBe(true);
    expect(third.nextPageStart).toBe('');
    const names = [first, second, third].flatMap((p) => p.members.map((m) => m.member.name));
    expect(names).toEqual([...(await memberNames(auth(orgAdmin), org))].map((n) => n.replace(' (admin)', '')));
    expect(new Set(names).size).toBe(5);
  });

  it('cannot be changed by a plain member, an admin of another org, or an org admin’s limited token', async () => {
    const { admin, orgAdmin, org } = await orgWithAdmin();
    const member = await createUser();
    const outsider = await createUser();
    await expectJson(await api.putMember(auth(orgAdmin), org, member.name));
    const other = await orgWithAdmin();
    const readWrite = await createToken(orgAdmin, { scope: 'read-write' });

    for (const authorization of [auth(member), auth(other.orgAdmin), bearer(readWrite.token)]) {
      await expectError(await api.putMember(authorization, org, outsider.name), 403, 'NOT_AUTHORIZED');
      await expectError(await api.putMember(authorization, org, member.name, { isAdmin: true }), 403, 'NOT_AUTHORIZED');
      await expectError(await api.deleteMember(authorization, org, orgAdmin.name), 403, 'NOT_AUTHORIZED');
    }
    expect((await memberNames(auth(admin), org)).sort()).toEqual([`${orgAdmin.name} (admin)`, member.name].sort());
  });

  it('and teams are hidden from non-members (403), but not from system admins', async () => {
    const { admin, orgAdmin, org } = await orgWithAdmin();
    const outsider = await createUser();
    await expectJson(await api.createTeam(auth(orgAdmin), org, { name: 'devs' }), 201);
    await expectError(await api.members(auth(outsider), org), 403, 'NOT_AUTHORIZED');
    await expectError(await api.teams(auth(outsider), org), 403, 'NOT_AUTHORIZED');
    await expectError(await api.getTeam(auth(outsider), org, 'devs'), 403, 'NOT_AUTHORIZED');
    await expectError(await api.teamMembers(auth(outsider), org, 'devs'), 403, 'NOT_AUTHORIZED');
    expect(await memberNames(auth(admin), org)).toEqual([`${orgAdmin.name} (admin)`]);
    expect(await teamNames(auth(admin), org)).toEqual(['devs']);
  });

  it('answer NO_SUCH_ACCOUNT, NO_SUCH_USER and INVALID_PARAMETERS for what does not fit', async () => {
    const { orgAdmin, org } = await orgWithAdmin();
    const user = await createUser();
    const otherOrg = await createOrg();
    await expectError(await api.putMember(auth(orgAdmin), `${org}-nope`, user.name), 404, 'NO_SUCH_ACCOUNT');
    await expectError(await api.putMember(auth(orgAdmin), orgAdmin.name, user.name), 404, 'NO_SUCH_ACCOUNT');
    await expectError(await api.members(auth(orgAdmin), orgAdmin.name), 404, 'NO_SUCH_ACCOUNT');
    await expectError(await api.putMember(auth(orgAdmin), org, `${user.name}-nope`), 404, 'NO_SUCH_USER');
    await expectError(await api.putMember(auth(orgAdmin), org, otherOrg.name), 404, 'NO_SUCH_USER');
    await expectError(await api.putMember(auth(orgAdmin), org, user.name, { isAdmin: 'yes' }), 400, 'INVALID_PARAMETERS');
    await expectError(await api.putMember(auth(orgAdmin), org, user.name, { isAdmin: true, role: 'owner' }), 400, 'INVALID_PARAMETERS');
    expect(await memberNames(auth(orgAdmin), org)).toEqual([`${orgAdmin.name} (admin)`]);
  });
});

describe('teams', () => {
  it('are created, read, renamed, described and deleted by org admins, in MSR’s shape', async () => {
    const { orgAdmin, org } = await orgWithAdmin();
    const member = await createUser();
    const orgId = (await expectJson<AccountJson>(await api.getAccount(auth(orgAdmin), org))).id;

    const created = await expectJson<TeamJson>(await api.createTeam(auth(orgAdmin), org, { name: 'builders', description: 'CI and releases' }), 201);
    expect(Object.keys(created).sort()).toEqual(TEAM_KEYS);
    expect(created).toEqual({ id: expect.any(String), orgID: orgId, name: 'builders', description: 'CI and releases', membersCount: 0 });
    expect(await expectJson(await api.getTeam(auth(orgAdmin), org, 'builders'))).toEqual(created);

    await expectJson<MemberJson>(await api.putTeamMember(auth(orgAdmin), org, 'builders', member.name));
    expect(await expectJson(await api.getTeam(auth(member), org, 'builders'))).toMatchObject({ membersCount: 1 });
    expect(await expectJson(await api.getAccount(auth(member), org))).toMatchObject({ membersCount: 2, teamsCount: 1 });

    const described = await expectJson<TeamJson>(await api.patchTeam(auth(orgAdmin), org, 'builders', { description: 'Releases only' }));
    expect(described).toEqual({ ...created, description: 'Releases only', membersCount: 1 });

    // Renaming keeps the description, the members and the id.
    const renamed = await expectJson<TeamJson>(await api.patchTeam(auth(orgAdmin), org, 'builders', { name: 'releasers' }));
    expect(renamed).toEqual({ ...created, name: 'releasers', description: 'Releases only', membersCount: 1 });
    expect(await expectJson(await api.getTeam(auth(orgAdmin), org, 'releasers'))).toEqual(renamed);
    await expectError(await api.getTeam(auth(orgAdmin), org, 'builders'), 404, 'NO_SUCH_TEAM');
    expect(await teamMemberNames(auth(orgAdmin), org, 'releasers')).toEqual([member.name]);

    // An empty patch changes nothing.
    expect(await expectJson(await api.patchTeam(auth(orgAdmin), org, 'releasers', {}))).toEqual(renamed);
    expect(await expectJson(await api.getTeam(auth(orgAdmin), org, 'releasers'))).toEqual(renamed);

    await expectNoContent(await api.deleteTeam(auth(orgAdmin), org, 'releasers'));
    await expectError(await api.getTeam(auth(orgAdmin), org, 'releasers'), 404, 'NO_SUCH_TEAM');
    expect(await teamNames(auth(orgAdmin), org)).toEqual([]);
    expect(await expectJson(await api.getAccount(auth(orgAdmin), org))).toMatchObject({ teamsCount: 0 });
  });

  it('page by name with limit and start', async () => {
    const { orgAdmin, org } = await orgWithAdmin();
    const names = ['t-a', 't-b', 't-c', 't-d', 't-e'];
    for (const name of [...names].reverse()) await expectJson(await api.createTeam(auth(orgAdmin), org, { name }), 201);
    const pages: TeamList[] = [];
    let start = '';
    do {
      pages.push(await expectJson<TeamList>(await api.teams(auth(orgAdmin), org, `?limit=2${start ? `&start=${start}` : ''}`)));
      start = pages[pages.length - 1].nextPageStart;
    } while (start && pages.length < 10);
    expect(pages.map((p) => p.teams.length)).toEqual([2, 2, 1]);
    expect(pages.flatMap((p) => p.teams.map((t) => t.name))).toEqual(names);
    expect(pages.flatMap((p) => p.teams).every((t) => Object.keys(t).sort().join() === TEAM_KEYS.join())).toBe(true);
    await expectError(await api.teams(auth(orgAdmin), org, '?limit=0'), 400, 'INVALID_PARAMETERS');
    await expectError(await api.teams(auth(orgAdmin), org, '?start=%25%25'), 400, 'INVALID_PARAMETERS');
  });

  it('refuse duplicate and malformed names and bodies, and change nothing', async () => {
    const { orgAdmin, org } = await orgWithAdmin();
    await expectJson(await api.createTeam(auth(orgAdmin), org, { name: 'alpha', description: 'first' }), 201);
    await expectJson(await api.createTeam(auth(orgAdmin), org, { name: 'beta' }), 201);
    const bad: unknown[] = [
      { name: 'alpha' },
      { name: 'Upper' },
      { name: 'a/b' },
      { name: 'x'.repeat(300) },
      { name: 'x' },
      { name: 'gamma', description: 'd'.repeat(141) },
      { name: 'gamma', isAdmin: true },
      {},
    ];
    for (const body of bad) await expectError(await api.createTeam(auth(orgAdmin), org, body), 400, 'INVALID_PARAMETERS');
    for (const body of [{ name: 'beta' }, { name: 'Beta' }, { name: 'x'.repeat(300) }, { description: 'd'.repeat(141) }, { orgID: 'x' }]) {
      await expectError(await api.patchTeam(auth(orgAdmin), org, 'alpha', body), 400, 'INVALID_PARAMETERS');
    }
    expect(await teamNames(auth(orgAdmin), org)).toEqual(['alpha', 'beta']);
    expect(await expectJson(await api.getTeam(auth(orgAdmin), org, 'alpha'))).toMatchObject({ name: 'alpha', description: 'first' });
  });

  it('cannot be changed by a plain member', async () => {
    const { orgAdmin, org } = await orgWithAdmin();
    const member = await createUser();
    const other = await createUser();
    await expectJson(await api.createTeam(auth(orgAdmin), org, { name: 'core' }), 201);
    await expectJson(await api.putTeamMember(auth(orgAdmin), org, 'core', member.name));

    // Members read the org's teams and their members…
    expect(await teamNames(auth(member), org)).toEqual(['core']);
    expect(await teamMemberNames(auth(member), org, 'core')).toEqual([member.name]);
    // …and change none of it.
    await expectError(await api.createTeam(auth(member), org, { name: 'mine' }), 403, 'NOT_AUTHORIZED');
    await expectError(await api.patchTeam(auth(member), org, 'core', { description: 'taken over' }), 403, 'NOT_AUTHORIZED');
    await expectError(await api.deleteTeam(auth(member), org, 'core'), 403, 'NOT_AUTHORIZED');
    await expectError(await api.putTeamMember(auth(member), org, 'core', other.name), 403, 'NOT_AUTHORIZED');
    await expectError(await api.deleteTeamMember(auth(member), org, 'core', member.name), 403, 'NOT_AUTHORIZED');

    expect(await teamNames(auth(orgAdmin), org)).toEqual(['core']);
    expect(await expectJson(await api.getTeam(auth(orgAdmin), org, 'core'))).toMatchObject({ description: '', membersCount: 1 });
    expect(await teamMemberNames(auth(orgAdmin), org, 'core')).toEqual([member.name]);
  });

  it('take members who become members of the organization; NO_SUCH_TEAM and NO_SUCH_USER otherwise', async () => {
    const { orgAdmin, org } = await orgWithAdmin();
    const user = await createUser();
    const otherOrg = await createOrg();
    await expectJson(await api.createTeam(auth(orgAdmin), org, { name: 'ops' }), 201);

    const added = await expectJson<MemberJson>(await api.putTeamMember(auth(orgAdmin), org, 'ops', user.name));
    expect(added).toMatchObject({ member: { name: user.name }, isAdmin: false });
    expect(await memberNames(auth(orgAdmin), org)).toContain(user.name);
    const listed = await expectJson<MemberList>(await api.teamMembers(auth(user), org, 'ops'));
    expect(listed).toEqual({ members: [{ member: expect.objectContaining({ name: user.name }), isAdmin: false }], nextPageStart: '' });

    // Adding twice is harmless.
    await expectJson(await api.putTeamMember(auth(orgAdmin), org, 'ops', user.name));
    expect(await teamMemberNames(auth(orgAdmin), org, 'ops')).toEqual([user.name]);

    await expectError(await api.putTeamMember(auth(orgAdmin), org, 'nope', user.name), 404, 'NO_SUCH_TEAM');
    await expectError(await api.putTeamMember(auth(orgAdmin), org, 'Ops', user.name), 404, 'NO_SUCH_TEAM');
    await expectError(await api.putTeamMember(auth(orgAdmin), org, 'ops', `${user.name}-nope`), 404, 'NO_SUCH_USER');
    await expectError(await api.putTeamMember(auth(orgAdmin), org, 'ops', otherOrg.name), 404, 'NO_SUCH_USER');
    await expectError(await api.teamMembers(auth(orgAdmin), org, 'nope'), 404, 'NO_SUCH_TEAM');

    await expectNoContent(await api.deleteTeamMember(auth(orgAdmin), org, 'ops', user.name));
    expect(await teamMemberNames(auth(orgAdmin), org, 'ops')).toEqual([]);
    // Leaving a team does not leave the organization.
    expect(await memberNames(auth(orgAdmin), org)).toContain(user.name);
  });
});

describe('deleting', () => {
  it('a team removes its grants: its members lose access; the repository and other teams’ grants stay', async () => {
    const org = await createOrg();
    const orgAdmin = await createUser();
    await joinOrg(org, orgAdmin, { admin: true });
    const [writer, reader] = [await createUser(), await createUser()];
    const repository = await createRepository(org, 'service');
    await createTeam(org, { name: 'writers', members: [writer], grants: [[repository, 'read-write']] });
    await createTeam(org, { name: 'readers', members: [reader], grants: [[repository, 'read-only']] });
    const { token } = await createToken(writer);
    const fullName = `${org.name}/service`;
    expect(await listedRepositories(bearer(token))).toContain(fullName);

    await expectNoContent(await api.deleteTeam(auth(orgAdmin), org.name, 'writers'));

    expect(await listedRepositories(bearer(token))).not.toContain(fullName);
    expect(await effectiveAccess(await signIn(writer), repository.id)).toBeNull();
    expect(await effectiveAccess(await signIn(reader), repository.id)).toBe('read-only');
    const params = { namespace: org.name, repo: 'service' };
    await expectJson(await call(getRepository, 'GET', `/api/v0/repositories/${fullName}`, { auth: auth(orgAdmin), params }));
    const access = await expectJson<{ teamAccessList: { accessLevel: string; team: TeamJson }[] }>(
      await call(listTeamAccess, 'GET', `/api/v0/repositories/${fullName}/teamAccess`, { auth: auth(orgAdmin), params }),
    );
    expect(access.teamAccessList.map((g) => [g.team.name, g.accessLevel])).toEqual([['readers', 'read-only']]);
    // The team's members stay members of the organization.
    expect(await memberNames(auth(orgAdmin), org.name)).toContain(writer.name);
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
    await expectError(await api.deleteAccount(auth(orgAdmin), doomed.name), 403, 'NOT_AUTHORIZED');

    await expectNoContent(await api.deleteAccount(auth(admin), doomed.name));
    await expectError(await api.getAccount(auth(admin), doomed.name), 404, 'NO_SUCH_ACCOUNT');
    const params = { namespace: doomed.name, repo: 'shared' };
    await expectError(
      await call(getRepository, 'GET', `/api/v0/repositories/${doomed.name}/shared`, { auth: auth(admin), params }),
      404,
      'NO_SUCH_REPOSITORY',
    );

    // The users remain, with their credentials and their other organizations.
    expect(await expectJson(await api.getAccount(auth(admin), user.name))).toMatchObject({ isActive: true });
    expect((await verifyCredentials(orgAdmin.name, orgAdmin.password, '127.0.0.1')).ok).toBe(true);
    const seen = await listedRepositories(bearer(token));
    expect(seen).toContain(`${kept.name}/shared`);
    expect(seen).not.toContain(`${doomed.name}/shared`);
    expect(await teamMemberNames(auth(admin), kept.name, 'crew')).toEqual([user.name]);
    expect(await expectJson(await api.getAccount(auth(admin), kept.name))).toMatchObject({ membersCount: 1, teamsCount: 1 });

    // A new organization of the same name starts empty: nothing of the old one comes back.
    await expectJson(await api.createOrg(auth(admin), doomed.name), 201);
    expect(await expectJson(await api.getAccount(auth(admin), doomed.name))).toMatchObject({ membersCount: 0, teamsCount: 0 });
    expect(await memberNames(auth(admin), doomed.name)).toEqual([]);
    expect(await teamNames(auth(admin), doomed.name)).toEqual([]);
    expect(await listedRepositories(bearer(token))).not.toContain(`${doomed.name}/shared`);
  });

  it('a user from an organization removes their team memberships there, and only there', async () => {
    const org = await createOrg();
    const elsewhere = await createOrg();
    const orgAdmin = await createUser();
    await joinOrg(org, orgAdmin, { admin: true });
    const user = await createUser();
    const repository = await createRepository(org, 'api');
    const otherRepository = await createRepository(elsewhere, 'api');
    await createTeam(org, { name: 'one', members: [user], grants: [[repository, 'read-only']] });
    await createTeam(org, { name: 'two', members: [user] });
    await createTeam(elsewhere, { name: 'one', members: [user], grants: [[otherRepository, 'read-only']] });
    const { token } = await createToken(user, { scope: 'read-only' });

    await expectNoContent(await api.deleteMember(auth(orgAdmin), org.name, user.name));

    expect(await teamMemberNames(auth(orgAdmin), org.name, 'one')).toEqual([]);
    expect(await teamMemberNames(auth(orgAdmin), org.name, 'two')).toEqual([]);
    expect(await memberNames(auth(orgAdmin), org.name)).not.toContain(user.name);
    const seen = await listedRepositories(bearer(token));
    expect(seen).not.toContain(`${org.name}/api`);
    expect(seen).toContain(`${elsewhere.name}/api`);
    expect(await teamNames(auth(user), elsewhere.name)).toEqual(['one']);
    expect(await teamMemberNames(auth(user), elsewhere.name, 'one')).toEqual([user.name]);
    // The former member no longer reads the organization's teams.
    await expectError(await api.teams(auth(user), org.name), 403, 'NOT_AUTHORIZED');

    // Coming back does not restore the old team memberships.
    await expectJson(await api.putMember(auth(orgAdmin), org.name, user.name));
    expect(await teamMemberNames(auth(orgAdmin), org.name, 'one')).toEqual([]);
    expect(await listedRepositories(bearer(token))).not.toContain(`${org.name}/api`);
  });
});
