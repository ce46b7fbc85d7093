import { describe, expect, it } from 'vitest';
import { effectiveAccess } from '@/lib/repositories/permissions';
import { bearer, expectError, expectJson, expectNoContent } from '../support/http';
import { createRepository, orgRepository } from '../support/repositories';
import { grantsOf, listedRepositories, repositoryApi, repositoryNames, type RepositoryJson } from '../support/repositories-api';
import { createToken } from '../support/tokens';
import { createUser, passwordAuth, signIn, type TestUser } from '../support/users';

/** The repository as an admin of it reads it now. */
async function reread(admin: TestUser, namespace: string, repo: string) {
  return expectJson<RepositoryJson>(await repositoryApi.get(passwordAuth(admin), namespace, repo));
}

describe('GET /api/v0/repositories/{namespace}/{repo}', () => {
  it('answers the repository in MSR’s shape to anyone with access', async () => {
    const { org, repository, reader } = await orgRepository();
    expect(await expectJson(await repositoryApi.get(passwordAuth(reader), org.name, 'app'))).toEqual({
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
    await expectError(await repositoryApi.get(passwordAuth(outsider), org.name, 'app'), 404, 'NO_SUCH_REPOSITORY');
    await expectError(await repositoryApi.get(passwordAuth(orgAdmin), org.name, 'nothing-here'), 404, 'NO_SUCH_REPOSITORY');
    await expectError(await repositoryApi.get(passwordAuth(orgAdmin), org.name, 'App'), 404, 'NO_SUCH_REPOSITORY');
    await expectError(await repositoryApi.get(passwordAuth(orgAdmin), org.name, 'x'.repeat(300)), 404, 'NO_SUCH_REPOSITORY');
  });

  it('refuses an anonymous caller, even for a public repository', async () => {
    const user = await createUser();
    await createRepository(user.account, 'open', 'public');
    await expectError(await repositoryApi.get(undefined, user.name, 'open'), 401, 'NOT_AUTHENTICATED');
  });
});

describe('PATCH /api/v0/repositories/{namespace}/{repo}', () => {
  it('lets an admin of the repository change descriptions and visibility', async () => {
    const { org, orgAdmin, teamAdmin, outsider } = await orgRepository();
    const patched = await expectJson<RepositoryJson>(
      await repositoryApi.patch(passwordAuth(teamAdmin), org.name, 'app', { shortDescription: 'The API', longDescription: '# App\nServes everything.' }),
    );
    expect(patched).toMatchObject({ name: 'app', shortDescription: 'The API', longDescription: '# App\nServes everything.', visibility: 'private' });
    expect(await reread(orgAdmin, org.name, 'app')).toEqual(patched);

    // Public: an outsider now reads it, and sees it listed; private again: gone.
    await expectJson(await repositoryApi.patch(passwordAuth(orgAdmin), org.name, 'app', { visibility: 'public' }));
    expect(await expectJson(await repositoryApi.get(passwordAuth(outsider), org.name, 'app'))).toMatchObject({ visibility: 'public', shortDescription: 'The API' });
    expect(await listedRepositories(passwordAuth(outsider))).toContain(`${org.name}/app`);
    await expectJson(await repositoryApi.patch(passwordAuth(orgAdmin), org.name, 'app', { visibility: 'private' }));
    await expectError(await repositoryApi.get(passwordAuth(outsider), org.name, 'app'), 404, 'NO_SUCH_REPOSITORY');
  });

  it('lets the owner of a user namespace change their repository', async () => {
    const owner = await createUser();
    await createRepository(owner.account, 'tool');
    const patched = await expectJson<RepositoryJson>(await repositoryApi.patch(passwordAuth(owner), owner.name, 'tool', { shortDescription: 'mine', visibility: 'public' }));
    expect(patched).toMatchObject({ namespaceType: 'user', shortDescription: 'mine', visibility: 'public' });
    expect(await reread(owner, owner.name, 'tool')).toEqual(patched);
  });

  it('refuses members below admin (403), an admin’s limited token (403) and outsiders (404), and changes nothing', async () => {
    const { org, orgAdmin, writer, reader, outsider } = await orgRepository();
    const limited = await createToken(orgAdmin, { scope: 'read-write' });
    const before = await reread(orgAdmin, org.name, 'app');
    for (const authorization of [passwordAuth(writer), passwordAuth(reader), bearer(limited.token)]) {
      await expectError(await repositoryApi.patch(authorization, org.name, 'app', { visibility: 'public' }), 403, 'NOT_AUTHORIZED');
    }
    await expectError(await repositoryApi.patch(passwordAuth(outsider), org.name, 'app', { visibility: 'public' }), 404, 'NO_SUCH_REPOSITORY');
    expect(await reread(orgAdmin, org.name, 'app')).toEqual(before);

    // An outsider who can read a public repository still may not change it.
    await expectJson(await repositoryApi.patch(passwordAuth(orgAdmin), org.name, 'app', { visibility: 'public' }));
    await expectError(await repositoryApi.patch(passwordAuth(outsider), org.name, 'app', { shortDescription: 'defaced' }), 403, 'NOT_AUTHORIZED');
    expect(await reread(orgAdmin, org.name, 'app')).toMatchObject({ shortDescription: '' });
  });

  it('refuses bad input with MSR’s envelope and changes nothing', async () => {
    const { org, orgAdmin } = await orgRepository();
    await expectJson(await repositoryApi.patch(passwordAuth(orgAdmin), org.name, 'app', { shortDescription: 'kept' }));
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
    for (const [body, code] of cases) await expectError(await repositoryApi.patch(passwordAuth(orgAdmin), org.name, 'app', body), 400, code);
    expect(await reread(orgAdmin, org.name, 'app')).toEqual(before);
  });
});

describe('DELETE /api/v0/repositories/{namespace}/{repo}', () => {
  it('lets an admin of the repository delete it with its grants; a new one of the same name starts without them', async () => {
    const { org, orgAdmin, teamAdmin, reader } = await orgRepository();
    await expectNoContent(await repositoryApi.delete(passwordAuth(teamAdmin), org.name, 'app'));
    await expectError(await repositoryApi.get(passwordAuth(orgAdmin), org.name, 'app'), 404, 'NO_SUCH_REPOSITORY');
    expect(await listedRepositories(passwordAuth(reader))).not.toContain(`${org.name}/app`);

    const recreated = await expectJson<RepositoryJson>(await repositoryApi.create(passwordAuth(orgAdmin), org.name, { name: 'app' }), 201);
    expect(await grantsOf(orgAdmin, org.name, 'app')).toEqual([]);
    expect(await effectiveAccess(await signIn(reader), recreated.id)).toBeNull();
  });

  it('refuses members below admin (403) and outsiders (404); the repository stays', async () => {
    const { org, orgAdmin, writer, reader, outsider } = await orgRepository();
    await expectError(await repositoryApi.delete(passwordAuth(writer), org.name, 'app'), 403, 'NOT_AUTHORIZED');
    await expectError(await repositoryApi.delete(passwordAuth(reader), org.name, 'app'), 403, 'NOT_AUTHORIZED');
    await expectError(await repositoryApi.delete(passwordAuth(outsider), org.name, 'app'), 404, 'NO_SUCH_REPOSITORY');
    await expectError(await repositoryApi.delete(passwordAuth(orgAdmin), org.name, 'missing'), 404, 'NO_SUCH_REPOSITORY');
    await reread(orgAdmin, org.name, 'app');
    expect(await grantsOf(orgAdmin, org.name, 'app')).toEqual(['admins:admin', 'readers:read-only', 'writers:read-write']);
  });
});

describe('POST and GET /api/v0/repositories/{namespace}', () => {
  it('let an org admin create in the organization; a team admin of one repository may not', async () => {
    const { org, orgAdmin, teamAdmin, writer } = await orgRepository();
    const created = await expectJson<RepositoryJson>(await repositoryApi.create(passwordAuth(orgAdmin), org.name, { name: 'worker', visibility: 'public' }), 201);
    expect(created).toMatchObject({ namespace: org.name, namespaceType: 'organization', name: 'worker', visibility: 'public' });
    await expectError(await repositoryApi.create(passwordAuth(teamAdmin), org.name, { name: 'sneaky' }), 403, 'NOT_AUTHORIZED');
    await expectError(await repositoryApi.create(passwordAuth(writer), org.name, { name: 'sneaky' }), 403, 'NOT_AUTHORIZED');
    const names = await repositoryNames(passwordAuth(orgAdmin), org.name);
    expect(names).toEqual(['app', 'worker']);
  });

  it('answer REPOSITORY_EXISTS, NO_SUCH_ACCOUNT and INVALID_PARAMETERS, and change nothing', async () => {
    const { org, orgAdmin } = await orgRepository();
    const admin = await createUser({ admin: true });
    await expectJson(await repositoryApi.patch(passwordAuth(orgAdmin), org.name, 'app', { shortDescription: 'original' }));
    const before = await reread(orgAdmin, org.name, 'app');

    await expectError(await repositoryApi.create(passwordAuth(orgAdmin), org.name, { name: 'app', shortDescription: 'impostor', visibility: 'public' }), 400, 'REPOSITORY_EXISTS');
    await expectError(await repositoryApi.create(passwordAuth(admin), `${org.name}-gone`, { name: 'app' }), 404, 'NO_SUCH_ACCOUNT');
    await expectError(await repositoryApi.create(passwordAuth(admin), 'n'.repeat(300), { name: 'app' }), 404, 'NO_SUCH_ACCOUNT');
    await expectError(await repositoryApi.listNamespace(passwordAuth(admin), `${org.name}-gone`, '?pageSize=100'), 404, 'NO_SUCH_ACCOUNT');
    for (const name of ['App', 'UPPER', 'a/b', `${org.name}/app`, 'x'.repeat(300), '', '-x', 'x-']) {
      await expectError(await repositoryApi.create(passwordAuth(orgAdmin), org.name, { name }), 400, 'INVALID_PARAMETERS');
    }
    await expectError(await repositoryApi.create(passwordAuth(orgAdmin), org.name, { name: 'fine', visibility: 'hidden' }), 400, 'INVALID_PARAMETERS');

    expect(await reread(orgAdmin, org.name, 'app')).toEqual(before);
    const names = await repositoryNames(passwordAuth(orgAdmin), org.name);
    expect(names).toEqual(['app']);
  });
});
