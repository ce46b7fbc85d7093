import { describe, expect, it } from 'vitest';
import { allPages, basic, bearer, expectError, expectJson, readPage, walkPages, withStart } from '../support/http';
import { createOrg } from '../support/orgs';
import {
  listedRepositories,
  repositoriesOf,
  repositoryApi,
  repositoryNames,
  type RepositoryJson,
  type RepositoryList,
} from '../support/repositories-api';
import { createToken } from '../support/tokens';
import { createUser, passwordAuth } from '../support/users';

describe('POST /api/v0/repositories/{namespace}', () => {
  it('lets the owner create a private repository by default', async () => {
    const user = await createUser();
    const response = await repositoryApi.create(passwordAuth(user), user.name, { name: 'web-app', shortDescription: 'The shop front' });
    const repo = await expectJson<RepositoryJson>(response, 201);
    expect(repo).toEqual({
      id: expect.any(String),
      namespace: user.name,
      namespaceType: 'user',
      name: 'web-app',
      shortDescription: 'The shop front',
      longDescription: '',
      visibility: 'private',
      scanOnPush: false,
      immutableTags: false,
      enableManifestLists: false,
      pulls: 0,
      pushes: 0,
      tagLimit: 0,
    });
    expect(await repositoryNames(passwordAuth(user), user.name)).toEqual(['web-app']);
  });

  it('keeps the visibility asked for', async () => {
    const user = await createUser();
    const repo = await expectJson<RepositoryJson>(await repositoryApi.create(passwordAuth(user), user.name, { name: 'open', visibility: 'public' }), 201);
    expect(repo.visibility).toBe('public');
  });

  it('refuses another user, and creates nothing', async () => {
    const owner = await createUser();
    const other = await createUser();
    await expectError(await repositoryApi.create(passwordAuth(other), owner.name, { name: 'intruder' }), 403, 'NOT_AUTHORIZED');
    expect(await repositoryNames(passwordAuth(owner), owner.name)).toEqual([]);
  });

  it('lets a system admin create in any namespace, organizations included', async () => {
    const owner = await createUser();
    const admin = await createUser({ admin: true });
    const org = await createOrg();
    const inUser = await expectJson<RepositoryJson>(await repositoryApi.create(passwordAuth(admin), owner.name, { name: 'from-admin' }), 201);
    expect(inUser).toMatchObject({ namespace: owner.name, namespaceType: 'user' });
    const inOrg = await expectJson<RepositoryJson>(await repositoryApi.create(passwordAuth(admin), org.name, { name: 'shared' }), 201);
    expect(inOrg).toMatchObject({ namespace: org.name, namespaceType: 'organization' });
    // The owner has admin access to what the admin put in their namespace.
    expect(await repositoryNames(passwordAuth(owner), owner.name)).toEqual(['from-admin']);
  });

  it('answers REPOSITORY_EXISTS for a name already taken in the namespace only', async () => {
    const user = await createUser();
    const other = await createUser();
    await expectJson(await repositoryApi.create(passwordAuth(user), user.name, { name: 'twice' }), 201);
    await expectError(await repositoryApi.create(passwordAuth(user), user.name, { name: 'twice', visibility: 'public' }), 400, 'REPOSITORY_EXISTS');
    await expectJson(await repositoryApi.create(passwordAuth(other), other.name, { name: 'twice' }), 201);
    const [repo] = (await expectJson<RepositoryList>(await repositoryApi.listNamespace(passwordAuth(user), user.name))).repositories;
    expect(repo).toMatchObject({ name: 'twice', visibility: 'private' });
  });

  it('answers NO_SUCH_ACCOUNT for an unknown namespace', async () => {
    const admin = await createUser({ admin: true });
    await expectError(await repositoryApi.create(passwordAuth(admin), `${admin.name}-nobody`, { name: 'lost' }), 404, 'NO_SUCH_ACCOUNT');
  });

  it('refuses bad names and bodies, and creates nothing', async () => {
    const user = await createUser();
    const cases: [unknown, string][] = [
      [{ name: 'Upper' }, 'INVALID_PARAMETERS'],
      [{ name: 'a/b' }, 'INVALID_PARAMETERS'],
      [{ name: '-lead' }, 'INVALID_PARAMETERS'],
      [{ name: 'trail-' }, 'INVALID_PARAMETERS'],
      [{ name: 'a..b' }, 'INVALID_PARAMETERS'],
      [{ name: 'with space' }, 'INVALID_PARAMETERS'],
      [{ name: '' }, 'INVALID_PARAMETERS'],
      [{ name: 'x'.repeat(256) }, 'INVALID_PARAMETERS'],
      [{}, 'INVALID_PARAMETERS'],
      [{ name: 'ok', visibility: 'secret' }, 'INVALID_PARAMETERS'],
      [{ name: 'ok', shortDescription: 'x'.repeat(141) }, 'INVALID_PARAMETERS'],
      [{ name: 'ok', pulls: 1000 }, 'INVALID_PARAMETERS'],
      ['{"name": "ok"', 'INVALID_JSON'],
    ];
    for (const [body, code] of cases) await expectError(await repositoryApi.create(passwordAuth(user), user.name, body), 400, code);
    expect(await repositoryNames(passwordAuth(user), user.name)).toEqual([]);
  });

  it('needs a full-scope credential: read-only and read-write tokens are refused', async () => {
    const user = await createUser();
    const readOnly = await createToken(user, { scope: 'read-only' });
    const readWrite = await createToken(user, { scope: 'read-write' });
    const full = await createToken(user);
    await expectError(await repositoryApi.create(bearer(readOnly.token), user.name, { name: 'nope' }), 403, 'NOT_AUTHORIZED');
    await expectError(await repositoryApi.create(basic(user.name, readWrite.token), user.name, { name: 'nope' }), 403, 'NOT_AUTHORIZED');
    expect(await repositoryNames(passwordAuth(user), user.name)).toEqual([]);
    await expectJson(await repositoryApi.create(bearer(full.token), user.name, { name: 'yes' }), 201);
  });

  it('refuses an anonymous caller', async () => {
    const user = await createUser();
    await expectError(await repositoryApi.create(undefined, user.name, { name: 'anon' }), 401, 'NOT_AUTHENTICATED');
  });
});

describe('GET /api/v0/repositories', () => {
  it('lists the caller’s own and public repositories; an admin sees every one', async () => {
    const owner = await createUser();
    const other = await createUser();
    const admin = await createUser({ admin: true });
    for (const [name, visibility] of [['mine-private', 'private'], ['mine-public', 'public']]) {
      await expectJson(await repositoryApi.create(passwordAuth(owner), owner.name, { name, visibility }), 201);
    }
    await expectJson(await repositoryApi.create(passwordAuth(other), other.name, { name: 'theirs-private' }), 201);
    await expectJson(await repositoryApi.create(passwordAuth(other), other.name, { name: 'theirs-public', visibility: 'public' }), 201);

    const seen = await listedRepositories(passwordAuth(owner));
    expect(seen).toEqual(expect.arrayContaining([`${owner.name}/mine-private`, `${owner.name}/mine-public`, `${other.name}/theirs-public`]));
    expect(seen).not.toContain(`${other.name}/theirs-private`);
    expect(new Set(seen).size).toBe(seen.length);

    const adminSees = await listedRepositories(passwordAuth(admin));
    expect(adminSees).toEqual(
      expect.arrayContaining([`${owner.name}/mine-private`, `${other.name}/theirs-private`, `${other.name}/theirs-public`]),
    );

    expect(await repositoryNames(passwordAuth(owner), other.name)).toEqual(['theirs-public']);
    expect(await repositoryNames(passwordAuth(admin), other.name)).toEqual(['theirs-private', 'theirs-public']);
  });

  it('pages a namespace of 25 repositories as 10, 10 and 5', async () => {
    const user = await createUser();
    const { token } = await createToken(user);
    const names = Array.from({ length: 25 }, (_, i) => `repo-${String(i).padStart(2, '0')}`);
    // Created out of order: the list order is by name, not by creation.
    for (const name of [...names].reverse()) await expectJson(await repositoryApi.create(bearer(token), user.name, { name }), 201);

    const pages = await walkPages(async (start) =>
      readPage(await repositoryApi.listNamespace(bearer(token), user.name, withStart('?pageSize=10&count=true', start)), repositoriesOf),
    );
    expect(pages.map((p) => p.rows.length)).toEqual([10, 10, 5]);
    expect(pages.map((p) => p.count)).toEqual(['25', '25', '25']);
    expect(pages.map((p) => p.next !== null)).toEqual([true, true, false]);
    for (const { next } of pages.slice(0, 2)) expect(next).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(pages.flatMap((p) => p.rows).map((r) => r.name)).toEqual(names);
  });

  it('pages the global list without gaps or repeats', async () => {
    const user = await createUser();
    const { token } = await createToken(user);
    const names = Array.from({ length: 12 }, (_, i) => `img-${String(i).padStart(2, '0')}`);
    for (const name of names) await expectJson(await repositoryApi.create(bearer(token), user.name, { name }), 201);

    const first = await repositoryApi.list(bearer(token), '?pageSize=5&count=true');
    await expectJson(first);
    expect(Number(first.headers.get('x-resource-count'))).toBeGreaterThanOrEqual(12);

    const seen = (await allPages((start) => repositoryApi.list(bearer(token), withStart('?pageSize=5', start)), repositoriesOf)).map(
      (r) => `${r.namespace}/${r.name}`,
    );
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen.filter((s) => s.startsWith(`${user.name}/`))).toEqual(names.map((n) => `${user.name}/${n}`));
  });

  it('lets a read-only token list the owner’s private repositories', async () => {
    const user = await createUser();
    const readOnly = await createToken(user, { scope: 'read-only' });
    await expectJson(await repositoryApi.create(passwordAuth(user), user.name, { name: 'hidden' }), 201);
    expect(await repositoryNames(bearer(readOnly.token), user.name)).toEqual(['hidden']);
  });

  it('answers NO_SUCH_ACCOUNT for an unknown namespace and refuses bad cursors', async () => {
    const user = await createUser();
    await expectError(await repositoryApi.listNamespace(passwordAuth(user), `${user.name}-nobody`), 404, 'NO_SUCH_ACCOUNT');
    await expectError(await repositoryApi.list(passwordAuth(user), '?pageStart=%%%'), 400, 'INVALID_PARAMETERS');
    await expectError(await repositoryApi.listNamespace(passwordAuth(user), user.name, '?pageStart=e30'), 400, 'INVALID_PARAMETERS');
    await expectError(await repositoryApi.list(passwordAuth(user), '?pageSize=1000'), 400, 'INVALID_PARAMETERS');
  });

  it('refuses an anonymous caller', async () => {
    await expectError(await repositoryApi.list(undefined), 401, 'NOT_AUTHENTICATED');
  });
});
