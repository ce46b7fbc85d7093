import { describe, expect, it } from 'vitest';
import { effectiveAccess } from '@/lib/repositories/permissions';
import { expectError, expectJson, expectNoContent } from '../support/http';
import { createOrg, createTeam } from '../support/orgs';
import { createRepository, orgRepository } from '../support/repositories';
import { grantsOf, listedRepositories, repositoryApi, type TeamAccess, type TeamAccessList } from '../support/repositories-api';
import { createUser, passwordAuth, signIn } from '../support/users';

describe('team access', () => {
  it('is listed in MSR’s shape to admins of the repository only', async () => {
    const { org, repository, orgAdmin, teamAdmin, writer, outsider, teams } = await orgRepository();
    const list = await expectJson<TeamAccessList>(await repositoryApi.teamAccess(passwordAuth(teamAdmin), org.name, 'app'));
    expect(list.repository).toMatchObject({ id: repository.id, namespace: org.name, name: 'app', namespaceType: 'organization' });
    expect(list.teamAccessList).toEqual([
      { accessLevel: 'admin', team: { id: teams.admins.id, orgID: org.id, name: 'admins', description: '', membersCount: 1 } },
      { accessLevel: 'read-only', team: { id: teams.readers.id, orgID: org.id, name: 'readers', description: '', membersCount: 1 } },
      { accessLevel: 'read-write', team: { id: teams.writers.id, orgID: org.id, name: 'writers', description: '', membersCount: 1 } },
    ]);
    expect(await expectJson(await repositoryApi.teamAccess(passwordAuth(orgAdmin), org.name, 'app'))).toEqual(list);
    await expectError(await repositoryApi.teamAccess(passwordAuth(writer), org.name, 'app'), 403, 'NOT_AUTHORIZED');
    await expectError(await repositoryApi.teamAccess(passwordAuth(outsider), org.name, 'app'), 404, 'NO_SUCH_REPOSITORY');
  });

  it('is granted, changed and revoked by an admin of the repository, and the team’s members follow', async () => {
    const { org, repository, orgAdmin } = await orgRepository();
    const newcomer = await createUser();
    const team = await createTeam(org, { name: 'newcomers', members: [newcomer] });
    const access = async () => effectiveAccess(await signIn(newcomer), repository.id);
    expect(await access()).toBeNull();

    const granted = await expectJson<TeamAccess>(await repositoryApi.grant(passwordAuth(orgAdmin), org.name, 'app', 'newcomers', { accessLevel: 'read-only' }));
    expect(Object.keys(granted).sort()).toEqual(['accessLevel', 'repository', 'team']);
    expect(granted).toMatchObject({
      accessLevel: 'read-only',
      team: { id: team.id, orgID: org.id, name: 'newcomers', membersCount: 1 },
      repository: { id: repository.id, namespace: org.name, name: 'app' },
    });
    expect(await access()).toBe('read-only');

    // PUT again changes the level; there is still one grant for the team.
    expect(await expectJson(await repositoryApi.grant(passwordAuth(orgAdmin), org.name, 'app', 'newcomers', { accessLevel: 'admin' }))).toMatchObject({
      accessLevel: 'admin',
    });
    expect(await access()).toBe('admin');
    expect((await grantsOf(orgAdmin, org.name, 'app')).filter((g) => g.startsWith('newcomers:'))).toEqual(['newcomers:admin']);

    await expectNoContent(await repositoryApi.revoke(passwordAuth(orgAdmin), org.name, 'app', 'newcomers'));
    expect(await access()).toBeNull();
    expect(await grantsOf(orgAdmin, org.name, 'app')).toEqual(['admins:admin', 'readers:read-only', 'writers:read-write']);
  });

  it('cannot be changed by members below admin (403) or outsiders (404)', async () => {
    const { org, orgAdmin, writer, reader, outsider } = await orgRepository();
    const before = await grantsOf(orgAdmin, org.name, 'app');
    await expectError(await repositoryApi.grant(passwordAuth(writer), org.name, 'app', 'writers', { accessLevel: 'admin' }), 403, 'NOT_AUTHORIZED');
    await expectError(await repositoryApi.grant(passwordAuth(reader), org.name, 'app', 'readers', { accessLevel: 'read-write' }), 403, 'NOT_AUTHORIZED');
    await expectError(await repositoryApi.revoke(passwordAuth(writer), org.name, 'app', 'admins'), 403, 'NOT_AUTHORIZED');
    await expectError(await repositoryApi.grant(passwordAuth(outsider), org.name, 'app', 'readers', { accessLevel: 'admin' }), 404, 'NO_SUCH_REPOSITORY');
    await expectError(await repositoryApi.revoke(passwordAuth(outsider), org.name, 'app', 'readers'), 404, 'NO_SUCH_REPOSITORY');
    expect(await grantsOf(orgAdmin, org.name, 'app')).toEqual(before);
  });

  it('refuses bad input with MSR’s envelope and changes nothing', async () => {
    const { org, orgAdmin, repository } = await orgRepository();
    const otherOrg = await createOrg();
    const stranger = await createUser();
    const foreignTeam = await createTeam(otherOrg, { name: 'outsiders', members: [stranger] });
    const owner = await createUser();
    await createRepository(owner.account, 'personal');
    await createTeam(otherOrg, { name: 'helpers' });
    const before = await grantsOf(orgAdmin, org.name, 'app');

    const level = (accessLevel: unknown) => ({ accessLevel });
    const cases: [Response, number, string][] = [
      [await repositoryApi.grant(passwordAuth(orgAdmin), org.name, 'app', 'readers', level('owner')), 400, 'INVALID_PARAMETERS'],
      [await repositoryApi.grant(passwordAuth(orgAdmin), org.name, 'app', 'readers', level('Read-Only')), 400, 'INVALID_PARAMETERS'],
      [await repositoryApi.grant(passwordAuth(orgAdmin), org.name, 'app', 'readers', level(3)), 400, 'INVALID_PARAMETERS'],
      [await repositoryApi.grant(passwordAuth(orgAdmin), org.name, 'app', 'readers', {}), 400, 'INVALID_PARAMETERS'],
      [await repositoryApi.grant(passwordAuth(orgAdmin), org.name, 'app', 'readers', { accessLevel: 'admin', team: 'admins' }), 400, 'INVALID_PARAMETERS'],
      [await repositoryApi.grant(passwordAuth(orgAdmin), org.name, 'app', 'readers', '{"accessLevel":'), 400, 'INVALID_JSON'],
      // A team of another organization does not exist here, whatever its name.
      [await repositoryApi.grant(passwordAuth(orgAdmin), org.name, 'app', foreignTeam.name, level('admin')), 404, 'NO_SUCH_TEAM'],
      [await repositoryApi.grant(passwordAuth(orgAdmin), org.name, 'app', 'nobody', level('admin')), 404, 'NO_SUCH_TEAM'],
      [await repositoryApi.grant(passwordAuth(orgAdmin), org.name, 'app', 'Readers', level('admin')), 404, 'NO_SUCH_TEAM'],
      [await repositoryApi.grant(passwordAuth(orgAdmin), org.name, 'app', `${org.name}/readers`, level('admin')), 404, 'NO_SUCH_TEAM'],
      [await repositoryApi.grant(passwordAuth(orgAdmin), org.name, 'app', 'r'.repeat(300), level('admin')), 404, 'NO_SUCH_TEAM'],
      [await repositoryApi.revoke(passwordAuth(orgAdmin), org.name, 'app', foreignTeam.name), 404, 'NO_SUCH_TEAM'],
      [await repositoryApi.grant(passwordAuth(orgAdmin), org.name, 'missing', 'readers', level('admin')), 404, 'NO_SUCH_REPOSITORY'],
      [await repositoryApi.grant(passwordAuth(orgAdmin), `${org.name}-gone`, 'app', 'readers', level('admin')), 404, 'NO_SUCH_REPOSITORY'],
      // Team access applies to repositories of organizations only.
      [await repositoryApi.grant(passwordAuth(owner), owner.name, 'personal', 'helpers', level('read-only')), 400, 'INVALID_PARAMETERS'],
    ];
    for (const [response, status, code] of cases) await expectError(response, status, code);

    expect(await grantsOf(orgAdmin, org.name, 'app')).toEqual(before);
    expect(await effectiveAccess(await signIn(stranger), repository.id)).toBeNull();
    expect(await listedRepositories(passwordAuth(stranger))).not.toContain(`${org.name}/app`);
    expect(await expectJson<TeamAccessList>(await repositoryApi.teamAccess(passwordAuth(owner), owner.name, 'personal'))).toMatchObject({ teamAccessList: [] });
  });
});
