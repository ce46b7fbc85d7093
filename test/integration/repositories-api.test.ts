import { describe, expect, it } from 'vitest';
import { DELETE as deleteRoute, GET as getRoute, PATCH as patchRoute } from '@/app/api/v0/repositories/[namespace]/[repo]/route';
import { DELETE as revokeRoute, PUT as grantRoute } from '@/app/api/v0/repositories/[namespace]/[repo]/teamAccess/[team]/route';
import { GET as teamAccessRoute } from '@/app/api/v0/repositories/[namespace]/[repo]/teamAccess/route';
import { GET as listNamespaceRoute, POST as createRoute } from '@/app/api/v0/repositories/[namespace]/route';
import type { Account } from '@/db/schema';
import { effectiveAccess } from '@/lib/repositories/permissions';
import { basic, bearer, call, expectError, expectJson } from '../support/http';
import { createOrg, createTeam, joinOrg } from '../support/orgs';
import { createRepository } from '../support/repositories';
import { listedRepositories } from '../support/repositories-api';
import { createToken } from '../support/tokens';
import { createUser, signIn, type TestUser } from '../support/users';

type RepositoryJson = {
  id: string;
  namespace: string;
  namespaceType: 'user' | 'organization';
  name: string;
  shortDescription: string;
  longDescription: string;
  visibility: 'public' | 'private';
  scanOnPush: boolean;
  immutableTags: boolean;
  enableManifestLists: boolean;
  pulls: number;
  pushes: number;
  tagLimit: number;
};
type TeamJson = { id: string; orgID: string; name: string; description: string; membersCount: number };
type TeamAccessList = { repository: RepositoryJson; teamAccessList: { accessLevel: string; team: TeamJson }[] };
type TeamAccess = { accessLevel: string; team: TeamJson; repository: RepositoryJson };

const auth = (user: TestUser) => basic(user.name, user.password);
const params = (namespace: string, repo: string) => ({ namespace, repo });
const path = (namespace: string, repo: string) => `/api/v0/repositories/${namespace}/${repo}`;

const api = {
  get: (a: string | undefined, ns: string, repo: string) => call(getRoute, 'GET', path(ns, repo), { auth: a, params: params(ns, repo) }),
  patch: (a: string, ns: string, repo: string, body: unknown) => call(patchRoute, 'PATCH', path(ns, repo), { auth: a, body, params: params(ns, repo) }),
  delete: (a: string, ns: string, repo: string) => call(deleteRoute, 'DELETE', path(ns, repo), { auth: a, params: params(ns, repo) }),
  create: (a: string, namespace: string, body: unknown) =>
    call(createRoute, 'POST', `/api/v0/repositories/${namespace}`, { auth: a, body, params: { namespace } }),
  list: (a: string, namespace: string) =>
    call(listNamespaceRoute, 'GET', `/api/v0/repositories/${namespace}?pageSize=100`, { auth: a, params: { namespace } }),
  teamAccess: (a: string, ns: string, repo: string) =>
    call(teamAccessRoute, 'GET', `${path(ns, repo)}/teamAccess`, { auth: a, params: params(ns, repo) }),
  grant: (a: string, ns: string, repo: string, team: string, body: unknown) =>
    call(grantRoute, 'PUT', `${path(ns, repo)}/teamAccess/${encodeURIComponent(team)}`, { auth: a, body, params: { ...params(ns, repo), team } }),
  revoke: (a: string, ns: string, repo: string, team: string) =>
    call(revokeRoute, 'DELETE', `${path(ns, repo)}/teamAccess/${encodeURIComponent(team)}`, { auth: a, params: { ...params(ns, repo), team } }),
};

async function expectNoContent(response: Response) {
  expect(response.status, await response.clone().text()).toBe(204);
}

/**
 * A private repository `app` of a fresh organization, with an org admin, and teams `admins`,
 * `writers` and `readers` holding admin, read-write and read-only on it; and an outsider.
 */
async function orgRepository() {
  const org = await createOrg();
  const [orgAdmin, teamAdmin, writer, reader, outsider] = await Promise.all([
    createUser({ prefix: 'orgadm' }),
    createUser({ prefix: 'teamadm' }),
    createUser({ prefix: 'writer' }),
    createUser({ prefix: 'reader' }),
    createUser({ prefix: 'outsider' }),
  ]);
  await joinOrg(org, orgAdmin, { admin: true });
  const repository = await createRepository(org, 'app');
  const admins = await createTeam(org, { name: 'admins', members: [teamAdmin], grants: [[repository, 'admin']] });
  const writers = await createTeam(org, { name: 'writers', members: [writer], grants: [[repository, 'read-write']] });
  const readers = await createTeam(org, { name: 'readers', members: [reader], grants: [[repository, 'read-only']] });
  return { org, repository, orgAdmin, teamAdmin, writer, reader, outsider, teams: { admins, writers, readers } };
}

/** The repository as an admin of it reads it now. */
async function reread(admin: TestUser, namespace: string, repo: string) {
  return expectJson<RepositoryJson>(await api.get(auth(admin), namespace, repo));
}

const grantsOf = async (admin: TestUser, namespace: string, repo: string) =>
  (await expectJson<TeamAccessList>(await api.teamAccess(auth(admin), namespace, repo))).teamAccessList.map(
    (g) => `${g.team.name}:${g.accessLevel}`,
  );

describe('GET /api/v0/repositories/{namespace}/{repo}', () => {
  it('answers the repository in MSR’s shape to anyone with access', async () => {
    const { org, repository, reader } = await orgRepository();
    expect(await expectJson(await api.get(auth(reader), org.name, 'app'))).toEqual({
      id: repository.id,
      namespace: org.name,
      namespaceType: 'organization',
      name: 'app',
      shortDescription: '',
      longDescription: '',
      visibility: 'private',
      scanOnPush: false,
      immutableTags: false,
      enableManifestLists: false,
      pulls: 0,
      pushes: 0,
      tagLimit: 0,
    });
  });

  it('answers NO_SUCH_REPOSITORY for a private repository without access, an unknown one, and a name that cannot exist', async () => {
    const { org, outsider, orgAdmin } = await orgRepository();
    await expectError(await api.get(auth(outsider), org.name, 'app'), 404, 'NO_SUCH_REPOSITORY');
    await expectError(await api.get(auth(orgAdmin), org.name, 'nothing-here'), 404, 'NO_SUCH_REPOSITORY');
    await expectError(await api.get(auth(orgAdmin), org.name, 'App'), 404, 'NO_SUCH_REPOSITORY');
    await expectError(await api.get(auth(orgAdmin), org.name, 'x'.repeat(300)), 404, 'NO_SUCH_REPOSITORY');
  });

  it('refuses an anonymous caller, even for a public repository', async () => {
    const user = await createUser();
    await createRepository(user.account, 'open', 'public');
    await expectError(await api.get(undefined, user.name, 'open'), 401, 'NOT_AUTHENTICATED');
  });
});

describe('PATCH /api/v0/repositories/{namespace}/{repo}', () => {
  it('lets an admin of the repository change descriptions and visibility', async () => {
    const { org, orgAdmin, teamAdmin, outsider } = await orgRepository();
    const patched = await expectJson<RepositoryJson>(
      await api.patch(auth(teamAdmin), org.name, 'app', { shortDescription: 'The API', longDescription: '# App\nServes everything.' }),
    );
    expect(patched).toMatchObject({ name: 'app', shortDescription: 'The API', longDescription: '# App\nServes everything.', visibility: 'private' });
    expect(await reread(orgAdmin, org.name, 'app')).toEqual(patched);

    // Public: an outsider now reads it, and sees it listed; private again: gone.
    await expectJson(await api.patch(auth(orgAdmin), org.name, 'app', { visibility: 'public' }));
    expect(await expectJson(await api.get(auth(outsider), org.name, 'app'))).toMatchObject({ visibility: 'public', shortDescription: 'The API' });
    expect(await listedRepositories(auth(outsider))).toContain(`${org.name}/app`);
    await expectJson(await api.patch(auth(orgAdmin), org.name, 'app', { visibility: 'private' }));
    await expectError(await api.get(auth(outsider), org.name, 'app'), 404, 'NO_SUCH_REPOSITORY');
  });

  it('lets the owner of a user namespace change their repository', async () => {
    const owner = await createUser();
    await createRepository(owner.account, 'tool');
    const patched = await expectJson<RepositoryJson>(await api.patch(auth(owner), owner.name, 'tool', { shortDescription: 'mine', visibility: 'public' }));
    expect(patched).toMatchObject({ namespaceType: 'user', shortDescription: 'mine', visibility: 'public' });
    expect(await reread(owner, owner.name, 'tool')).toEqual(patched);
  });

  it('refuses members below admin (403), an admin’s limited token (403) and outsiders (404), and changes nothing', async () => {
    const { org, orgAdmin, writer, reader, outsider } = await orgRepository();
    const limited = await createToken(orgAdmin, { scope: 'read-write' });
    const before = await reread(orgAdmin, org.name, 'app');
    for (const authorization of [auth(writer), auth(reader), bearer(limited.token)]) {
      await expectError(await api.patch(authorization, org.name, 'app', { visibility: 'public' }), 403, 'NOT_AUTHORIZED');
    }
    await expectError(await api.patch(auth(outsider), org.name, 'app', { visibility: 'public' }), 404, 'NO_SUCH_REPOSITORY');
    expect(await reread(orgAdmin, org.name, 'app')).toEqual(before);

    // An outsider who can read a public repository still may not change it.
    await expectJson(await api.patch(auth(orgAdmin), org.name, 'app', { visibility: 'public' }));
    await expectError(await api.patch(auth(outsider), org.name, 'app', { shortDescription: 'defaced' }), 403, 'NOT_AUTHORIZED');
    expect(await reread(orgAdmin, org.name, 'app')).toMatchObject({ shortDescription: '' });
  });

  it('refuses bad input with MSR’s envelope and changes nothing', async () => {
    const { org, orgAdmin } = await orgRepository();
    await expectJson(await api.patch(auth(orgAdmin), org.name, 'app', { shortDescription: 'kept' }));
    const before = await reread(orgAdmin, org.name, 'app');
    const cases: [unknown, string][] = [
      [{ visibility: 'secret' }, 'INVALID_PARAMETERS'],
      [{ visibility: 'PUBLIC' }, 'INVALID_PARAMETERS'],
      [{ shortDescription: 'x'.repeat(141) }, 'INVALID_PARAMETERS'],
      [{ name: 'renamed' }, 'INVALID_PARAMETERS'],
      [{ pulls: 1000 }, 'INVALID_PARAMETERS'],
      [{ shortDescription: 42 }, 'INVALID_PARAMETERS'],
      ['{"visibility": ', 'INVALID_JSON'],
    ];
    for (const [body, code] of cases) await expectError(await api.patch(auth(orgAdmin), org.name, 'app', body), 400, code);
    expect(await reread(orgAdmin, org.name, 'app')).toEqual(before);
  });
});

describe('DELETE /api/v0/repositories/{namespace}/{repo}', () => {
  it('lets an admin of the repository delete it with its grants; a new one of the same name starts without them', async () => {
    const { org, orgAdmin, teamAdmin, reader } = await orgRepository();
    await expectNoContent(await api.delete(auth(teamAdmin), org.name, 'app'));
    await expectError(await api.get(auth(orgAdmin), org.name, 'app'), 404, 'NO_SUCH_REPOSITORY');
    expect(await listedRepositories(auth(reader))).not.toContain(`${org.name}/app`);

    const recreated = await expectJson<RepositoryJson>(await api.create(auth(orgAdmin), org.name, { name: 'app' }), 201);
    expect(await grantsOf(orgAdmin, org.name, 'app')).toEqual([]);
    expect(await effectiveAccess(await signIn(reader), recreated.id)).toBeNull();
  });

  it('refuses members below admin (403) and outsiders (404); the repository stays', async () => {
    const { org, orgAdmin, writer, reader, outsider } = await orgRepository();
    await expectError(await api.delete(auth(writer), org.name, 'app'), 403, 'NOT_AUTHORIZED');
    await expectError(await api.delete(auth(reader), org.name, 'app'), 403, 'NOT_AUTHORIZED');
    await expectError(await api.delete(auth(outsider), org.name, 'app'), 404, 'NO_SUCH_REPOSITORY');
    await expectError(await api.delete(auth(orgAdmin), org.name, 'missing'), 404, 'NO_SUCH_REPOSITORY');
    await reread(orgAdmin, org.name, 'app');
    expect(await grantsOf(orgAdmin, org.name, 'app')).toEqual(['admins:admin', 'readers:read-only', 'writers:read-write']);
  });
});

describe('team access', () => {
  it('is listed in MSR’s shape to admins of the repository only', async () => {
    const { org, repository, orgAdmin, teamAdmin, writer, outsider, teams } = await orgRepository();
    const list = await expectJson<TeamAccessList>(await api.teamAccess(auth(teamAdmin), org.name, 'app'));
    expect(list.repository).toMatchObject({ id: repository.id, namespace: org.name, name: 'app', namespaceType: 'organization' });
    expect(list.teamAccessList).toEqual([
      { accessLevel: 'admin', team: { id: teams.admins.id, orgID: org.id, name: 'admins', description: '', membersCount: 1 } },
      { accessLevel: 'read-only', team: { id: teams.readers.id, orgID: org.id, name: 'readers', description: '', membersCount: 1 } },
      { accessLevel: 'read-write', team: { id: teams.writers.id, orgID: org.id, name: 'writers', description: '', membersCount: 1 } },
    ]);
    expect(await expectJson(await api.teamAccess(auth(orgAdmin), org.name, 'app'))).toEqual(list);
    await expectError(await api.teamAccess(auth(writer), org.name, 'app'), 403, 'NOT_AUTHORIZED');
    await expectError(await api.teamAccess(auth(outsider), org.name, 'app'), 404, 'NO_SUCH_REPOSITORY');
  });

  it('is granted, changed and revoked by an admin of the repository, and the team’s members follow', async () => {
    const { org, repository, orgAdmin } = await orgRepository();
    const newcomer = await createUser();
    const team = await createTeam(org, { name: 'newcomers', members: [newcomer] });
    const access = async () => effectiveAccess(await signIn(newcomer), repository.id);
    expect(await access()).toBeNull();

    const granted = await expectJson<TeamAccess>(await api.grant(auth(orgAdmin), org.name, 'app', 'newcomers', { accessLevel: 'read-only' }));
    expect(Object.keys(granted).sort()).toEqual(['accessLevel', 'repository', 'team']);
    expect(granted).toMatchObject({
      accessLevel: 'read-only',
      team: { id: team.id, orgID: org.id, name: 'newcomers', membersCount: 1 },
      repository: { id: repository.id, namespace: org.name, name: 'app' },
    });
    expect(await access()).toBe('read-only');

    // PUT again changes the level; there is still one grant for the team.
    expect(await expectJson(await api.grant(auth(orgAdmin), org.name, 'app', 'newcomers', { accessLevel: 'admin' }))).toMatchObject({
      accessLevel: 'admin',
    });
    expect(await access()).toBe('admin');
    expect((await grantsOf(orgAdmin, org.name, 'app')).filter((g) => g.startsWith('newcomers:'))).toEqual(['newcomers:admin']);

    await expectNoContent(await api.revoke(auth(orgAdmin), org.name, 'app', 'newcomers'));
    expect(await access()).toBeNull();
    expect(await grantsOf(orgAdmin, org.name, 'app')).toEqual(['admins:admin', 'readers:read-only', 'writers:read-write']);
  });

  it('cannot be changed by members below admin (403) or outsiders (404)', async () => {
    const { org, orgAdmin, writer, reader, outsider } = await orgRepository();
    const before = await grantsOf(orgAdmin, org.name, 'app');
    await expectError(await api.grant(auth(writer), org.name, 'app', 'writers', { accessLevel: 'admin' }), 403, 'NOT_AUTHORIZED');
    await expectError(await api.grant(auth(reader), org.name, 'app', 'readers', { accessLevel: 'read-write' }), 403, 'NOT_AUTHORIZED');
    await expectError(await api.revoke(auth(writer), org.name, 'app', 'admins'), 403, 'NOT_AUTHORIZED');
    await expectError(await api.grant(auth(outsider), org.name, 'app', 'readers', { accessLevel: 'admin' }), 404, 'NO_SUCH_REPOSITORY');
    await expectError(await api.revoke(auth(outsider), org.name, 'app', 'readers'), 404, 'NO_SUCH_REPOSITORY');
    expect(await grantsOf(orgAdmin, org.name, 'app')).toEqual(before);
  });

  it('refuses bad input with MSR’s envelope and changes nothing', async () => {
    const { org, orgAdmin, repository } = await orgRepository();
    const otherOrg: Account = await createOrg();
    const stranger = await createUser();
    const foreignTeam = await createTeam(otherOrg, { name: 'outsiders', members: [stranger] });
    const owner = await createUser();
    await createRepository(owner.account, 'personal');
    await createTeam(otherOrg, { name: 'helpers' });
    const before = await grantsOf(orgAdmin, org.name, 'app');

    const level = (accessLevel: unknown) => ({ accessLevel });
    const cases: [Response, number, string][] = [
      [await api.grant(auth(orgAdmin), org.name, 'app', 'readers', level('owner')), 400, 'INVALID_PARAMETERS'],
      [await api.grant(auth(orgAdmin), org.name, 'app', 'readers', level('Read-Only')), 400, 'INVALID_PARAMETERS'],
      [await api.grant(auth(orgAdmin), org.name, 'app', 'readers', level(3)), 400, 'INVALID_PARAMETERS'],
      [await api.grant(auth(orgAdmin), org.name, 'app', 'readers', {}), 400, 'INVALID_PARAMETERS'],
      [await api.grant(auth(orgAdmin), org.name, 'app', 'readers', { accessLevel: 'admin', team: 'admins' }), 400, 'INVALID_PARAMETERS'],
      [await api.grant(auth(orgAdmin), org.name, 'app', 'readers', '{"accessLevel":'), 400, 'INVALID_JSON'],
      // A team of another organization does not exist here, whatever its name.
      [await api.grant(auth(orgAdmin), org.name, 'app', foreignTeam.name, level('admin')), 404, 'NO_SUCH_TEAM'],
      [await api.grant(auth(orgAdmin), org.name, 'app', 'nobody', level('admin')), 404, 'NO_SUCH_TEAM'],
      [await api.grant(auth(orgAdmin), org.name, 'app', 'Readers', level('admin')), 404, 'NO_SUCH_TEAM'],
      [await api.grant(auth(orgAdmin), org.name, 'app', `${org.name}/readers`, level('admin')), 404, 'NO_SUCH_TEAM'],
      [await api.grant(auth(orgAdmin), org.name, 'app', 'r'.repeat(300), level('admin')), 404, 'NO_SUCH_TEAM'],
      [await api.revoke(auth(orgAdmin), org.name, 'app', foreignTeam.name), 404, 'NO_SUCH_TEAM'],
      [await api.grant(auth(orgAdmin), org.name, 'missing', 'readers', level('admin')), 404, 'NO_SUCH_REPOSITORY'],
      [await api.grant(auth(orgAdmin), `${org.name}-gone`, 'app', 'readers', level('admin')), 404, 'NO_SUCH_REPOSITORY'],
      // Team access applies to repositories of organizations only.
      [await api.grant(auth(owner), owner.name, 'personal', 'helpers', level('read-only')), 400, 'INVALID_PARAMETERS'],
    ];
    for (const [response, status, code] of cases) await expectError(response, status, code);

    expect(await grantsOf(orgAdmin, org.name, 'app')).toEqual(before);
    expect(await effectiveAccess(await signIn(stranger), repository.id)).toBeNull();
    expect(await listedRepositories(auth(stranger))).not.toContain(`${org.name}/app`);
    expect(await expectJson<TeamAccessList>(await api.teamAccess(auth(owner), owner.name, 'personal'))).toMatchObject({ teamAccessList: [] });
  });
});

describe('POST and GET /api/v0/repositories/{namespace}', () => {
  it('let an org admin create in the organization; a team admin of one repository may not', async () => {
    const { org, orgAdmin, teamAdmin, writer } = await orgRepository();
    const created = await expectJson<RepositoryJson>(await api.create(auth(orgAdmin), org.name, { name: 'worker', visibility: 'public' }), 201);
    expect(created).toMatchObject({ namespace: org.name, namespaceType: 'organization', name: 'worker', visibility: 'public' });
    await expectError(await api.create(auth(teamAdmin), org.name, { name: 'sneaky' }), 403, 'NOT_AUTHORIZED');
    await expectError(await api.create(auth(writer), org.name, { name: 'sneaky' }), 403, 'NOT_AUTHORIZED');
    const names = (await expectJson<{ repositories: RepositoryJson[] }>(await api.list(auth(orgAdmin), org.name))).repositories.map((r) => r.name);
    expect(names).toEqual(['app', 'worker']);
  });

  it('answer REPOSITORY_EXISTS, NO_SUCH_ACCOUNT and INVALID_PARAMETERS, and change nothing', async () => {
    const { org, orgAdmin } = await orgRepository();
    const admin = await createUser({ admin: true });
    await expectJson(await api.patch(auth(orgAdmin), org.name, 'app', { shortDescription: 'original' }));
    const before = await reread(orgAdmin, org.name, 'app');

    await expectError(await api.create(auth(orgAdmin), org.name, { name: 'app', shortDescription: 'impostor', visibility: 'public' }), 400, 'REPOSITORY_EXISTS');
    await expectError(await api.create(auth(admin), `${org.name}-gone`, { name: 'app' }), 404, 'NO_SUCH_ACCOUNT');
    await expectError(await api.create(auth(admin), 'n'.repeat(300), { name: 'app' }), 404, 'NO_SUCH_ACCOUNT');
    await expectError(await api.list(auth(admin), `${org.name}-gone`), 404, 'NO_SUCH_ACCOUNT');
    for (const name of ['App', 'UPPER', 'a/b', `${org.name}/app`, 'x'.repeat(300), '', '-x', 'x-']) {
      await expectError(await api.create(auth(orgAdmin), org.name, { name }), 400, 'INVALID_PARAMETERS');
    }
    await expectError(await api.create(auth(orgAdmin), org.name, { name: 'fine', visibility: 'hidden' }), 400, 'INVALID_PARAMETERS');

    expect(await reread(orgAdmin, org.name, 'app')).toEqual(before);
    const names = (await expectJson<{ repositories: RepositoryJson[] }>(await api.list(auth(orgAdmin), org.name))).repositories.map((r) => r.name);
    expect(names).toEqual(['app']);
  });
});
