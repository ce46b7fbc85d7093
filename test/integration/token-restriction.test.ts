// SPEC 12, repository restriction: a token limited to names and `namespace/*` patterns reaches only
// those, on top of its scope and its owner's live permissions, in the API, the token service, /v2
// (against the real registry) and _catalog; it manages no tokens or accounts; an empty list is no limit.
import { beforeAll, describe, expect, it } from 'vitest';
import type { Account, Repository } from '@/db/schema';
import { removeTeamMember } from '@/lib/accounts/queries';
import { enzi } from '../support/accounts-api';
import { basic, bearer, expectError, expectJson } from '../support/http';
import { createOrg, createTeam } from '../support/orgs';
import { useRealRegistry } from '../support/real-registry';
import { createRepository } from '../support/repositories';
import { listedRepositories, repositoryApi } from '../support/repositories-api';
import { registryJwt, tokenServiceFor, v2 } from '../support/rotation';
import { tokenApi, tokenCount, type NewApiToken } from '../support/tokens-api';
import { createUser, passwordAuth, type TestUser } from '../support/users';

const registry = useRealRegistry();

let user: TestUser;
let org: Account;
let writersTeam: { id: string };
let names: Record<'a' | 'b' | 'pub' | 'x' | 'y' | 'z' | 'open', string>;

async function tokenFor(owner: TestUser, body: Record<string, unknown>): Promise<NewApiToken> {
  return expectJson<NewApiToken>(await tokenApi.create(passwordAuth(owner), { body }));
}

/** What the token service grants a secret for one repository, as `pull,push` (or ''). */
async function granted(secret: string, repository: string): Promise<string> {
  const { status, token } = await tokenServiceFor(user, secret, [`repository:${repository}:pull,push`]);
  expect(status).toBe(200);
  const payload = JSON.parse(Buffer.from((token ?? '').split('.')[1], 'base64url').toString());
  const entry = (payload.access as { name: string; actions: string[] }[]).find((a) => a.name === repository);
  return entry ? [...entry.actions].sort().join(',') : '';
}

/** The registry error code of a /v2 answer, or its status when it has none (a 202 from the registry). */
async function registryOutcome(method: string, path: string, authorization: string) {
  const answer = await v2(registry.proxy, method, path, authorization);
  const code = answer.body ? (JSON.parse(answer.body).errors?.[0]?.code as string | undefined) : undefined;
  return code ? `${answer.status} ${code}` : `${answer.status}`;
}

const EMPTY_BLOB = 'sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';

beforeAll(async () => {
  user = await createUser({ prefix: 'restr' });
  const other = await createUser({ prefix: 'other' });
  org = await createOrg({ members: [user] });
  const repos: Record<string, Repository> = {
    a: await createRepository(user.account, 'a'),
    b: await createRepository(user.account, 'b'),
    pub: await createRepository(user.account, 'pub', 'public'),
    x: await createRepository(org, 'x'),
    y: await createRepository(org, 'y'),
    z: await createRepository(org, 'z'),
    open: await createRepository(other.account, 'open', 'public'),
  };
  writersTeam = await createTeam(org, { members: [user], grants: [[repos.x, 'read-write']] });
  await createTeam(org, { members: [user], grants: [[repos.y, 'read-only']] });
  names = Object.fromEntries(Object.entries(repos).map(([k, r]) => [k, `${r.namespace}/${r.name}`])) as typeof names;
});

describe('a token restricted to some repositories', () => {
  it('lists, reads and changes only those through the API, on top of the owner’s access', async () => {
    const { token } = await tokenFor(user, { repositories: [names.a, `${org.name}/*`] });
    const auth = basic(user.name, token);
    expect((await listedRepositories(auth)).sort()).toEqual([names.a, names.x, names.y].sort());
    const unrestricted = await tokenFor(user, { repositories: [] });
    expect(await listedRepositories(bearer(unrestricted.token))).toEqual(expect.arrayContaining([names.a, names.b, names.pub, names.x, names.y, names.open]));

    expect((await repositoryApi.get(auth, user.name, 'a')).status).toBe(200);
    await expectError(await repositoryApi.get(auth, user.name, 'b'), 404, 'NO_SUCH_REPOSITORY');
    await expectError(await repositoryApi.get(auth, user.name, 'pub'), 404, 'NO_SUCH_REPOSITORY');
    expect((await repositoryApi.patch(auth, user.name, 'a', { shortDescription: 'kept' })).status).toBe(200);
    // Inside the pattern, the owner's own access still decides: read-write on x is no admin.
    await expectError(await repositoryApi.patch(auth, org.name, 'x', { shortDescription: 'no' }), 403, 'NOT_AUTHORIZED');
    await expectError(await repositoryApi.create(auth, user.name, { name: 'c' }), 403, 'NOT_AUTHORIZED');
    expect((await repositoryApi.create(basic(user.name, unrestricted.token), user.name, { name: 'c' })).status).toBe(201);
  });

  it('the token service grants only within the restriction, the scope and the owner’s access', async () => {
    const { token } = await tokenFor(user, { repositories: [names.a, `${org.name}/*`] });
    const expected = { a: 'pull,push', b: '', pub: '', x: 'pull,push', y: 'pull', z: '', open: '' };
    for (const [key, actions] of Object.entries(expected)) expect([key, await granted(token, names[key as keyof typeof names])]).toEqual([key, actions]);
    // A new name in a namespace the owner administers is created by a first push only where the restriction reaches.
    expect(await granted(token, `${user.name}/fresh`)).toBe('');
    const own = await tokenFor(user, { repositories: [`${user.name}/*`] });
    expect(await granted(own.token, `${user.name}/fresh`)).toBe('pull,push');
    const readOnly = await tokenFor(user, { repositories: [names.a], scope: 'read-only' });
    expect(await granted(readOnly.token, names.a)).toBe('pull');
  });

  it('/v2 and _catalog, against the real registry, serve only the restriction', async () => {
    const { token } = await tokenFor(user, { repositories: [names.a, `${org.name}/*`] });
    const unrestricted = await tokenFor(user, {});
    const auth = basic(user.name, token);
    // Upload starts the registry answers (202) against refusals of the proxy.
    expect(await registryOutcome('POST', `/v2/${names.a}/blobs/uploads/`, auth)).toBe('202');
    expect(await registryOutcome('POST', `/v2/${names.x}/blobs/uploads/`, auth)).toBe('202');
    expect(await registryOutcome('POST', `/v2/${names.b}/blobs/uploads/`, auth)).toBe('403 DENIED');
    expect(await registryOutcome('POST', `/v2/${names.b}/blobs/uploads/`, basic(user.name, unrestricted.token))).toBe('202');
    expect(await registryOutcome('POST', `/v2/${names.y}/blobs/uploads/`, auth)).toBe('403 DENIED');
    // Pulls: the registry's own answer where allowed (no such blob), the proxy's NAME_UNKNOWN elsewhere.
    expect(await registryOutcome('GET', `/v2/${names.a}/blobs/${EMPTY_BLOB}`, auth)).toBe('404 BLOB_UNKNOWN');
    expect(await registryOutcome('GET', `/v2/${names.pub}/blobs/${EMPTY_BLOB}`, auth)).toBe('404 NAME_UNKNOWN');
    expect(await registryOutcome('GET', `/v2/${names.pub}/blobs/${EMPTY_BLOB}`, basic(user.name, unrestricted.token))).toBe('404 BLOB_UNKNOWN');
    // A JWT from the token service carries the restriction too (and the credential is re-checked).
    const jwt = await registryJwt(user, token, [`repository:${names.a}:pull,push`, `repository:${names.b}:pull,push`]);
    expect(await registryOutcome('POST', `/v2/${names.a}/blobs/uploads/`, bearer(jwt))).toBe('202');
    expect(await registryOutcome('POST', `/v2/${names.b}/blobs/uploads/`, bearer(jwt))).toMatch(/^(401 UNAUTHORIZED|403 DENIED)$/);

    const catalog = JSON.parse((await v2(registry.proxy, 'GET', '/v2/_catalog?n=1000', auth)).body).repositories as string[];
    expect(catalog.filter((n) => n.startsWith(`${user.name}/`) || n.startsWith(`${org.name}/`)).sort()).toEqual([names.a, names.x, names.y].sort());
  });

  it('follows the owner’s live permissions: a grant taken away goes from the restricted token at once', async () => {
    const { token } = await tokenFor(user, { repositories: [`${org.name}/*`] });
    expect((await listedRepositories(basic(user.name, token))).sort()).toEqual([names.x, names.y].sort());
    await removeTeamMember(writersTeam.id, user.account.id);
    expect(await listedRepositories(basic(user.name, token))).toEqual([names.y]);
    expect(await granted(token, names.x)).toBe('');
  });

  it('cannot manage tokens or accounts: 403', async () => {
    const admin = await createUser({ admin: true, prefix: 'radm' });
    const { token } = await tokenFor(admin, { repositories: [names.a] });
    const auth = basic(admin.name, token);
    await expectError(await tokenApi.list(auth), 403, 'NOT_AUTHORIZED');
    await expectError(await tokenApi.create(auth, { body: {} }), 403, 'NOT_AUTHORIZED');
    const mine = await tokenFor(admin, {});
    await expectError(await tokenApi.one('PATCH', auth, mine.hashedToken, { isActive: false }), 403, 'NOT_AUTHORIZED');
    await expectError(await tokenApi.one('DELETE', auth, mine.hashedToken), 403, 'NOT_AUTHORIZED');
    await expectError(await enzi.createAccount(auth, { name: `x${Date.now()}`, password: 'pw-long-enough-1' }), 403, 'NOT_AUTHORIZED');
    await expectError(await enzi.patchAccount(auth, admin.name, { fullName: 'No' }), 403, 'NOT_AUTHORIZED');
    await expectError(await enzi.patchAccount(auth, user.name, { isActive: false }), 403, 'NOT_AUTHORIZED');
    await expectError(await enzi.createTeam(auth, org.name, { name: 'nope' }), 403, 'NOT_AUTHORIZED');
    expect((await tokenApi.list(bearer(mine.token))).status).toBe(200);
    expect(await tokenCount(passwordAuth(admin), admin.name)).toBe(2);
  });

  it('is stored sorted without duplicates, and shown in the token’s JSON', async () => {
    const created = await tokenFor(user, { repositories: [`${org.name}/*`, names.a, names.a] });
    expect(created.repositories).toEqual([names.a, `${org.name}/*`].sort());
    const shown = await expectJson<NewApiToken>(await tokenApi.one('GET', passwordAuth(user), created.hashedToken));
    expect(shown.repositories).toEqual(created.repositories);
  });

  it('bad input: a malformed pattern is 400 with the envelope, and no token is made', async () => {
    const before = await tokenCount(passwordAuth(user), user.name);
    const bad = ['a', `${user.name}/`, `${user.name}/*/x`, '*', `${user.name}/A`, `${user.name}/a*`, `/${user.name}`, 'x/app', `${user.name}/a b`, `${'n'.repeat(65)}/a`];
    for (const pattern of bad) {
      await expectError(await tokenApi.create(passwordAuth(user), { body: { repositories: [pattern] } }), 400, 'INVALID_PARAMETERS');
    }
    for (const repositories of [names.a, [1], [null], {}, Array.from({ length: 101 }, (_, i) => `${user.name}/r${i}`)]) {
      await expectError(await tokenApi.create(passwordAuth(user), { body: { repositories } }), 400, 'INVALID_PARAMETERS');
    }
    await expectError(await tokenApi.one('PATCH', passwordAuth(user), (await tokenFor(user, {})).hashedToken, { repositories: [] }), 400, 'INVALID_PARAMETERS');
    expect(await tokenCount(passwordAuth(user), user.name)).toBe(before + 1);
  });
});
