// Deleting tags (one alone, one sharing its digest), immutable tags, tag limits, and deleted names
// taken again (SPEC 10 and 11), against a real docker-registry with images pushed through the proxy.
import { beforeAll, describe, expect, it } from 'vitest';
import { useConfiguredRegistry } from '../support/real-registry';
import { expectError, expectJson, expectNoContent } from '../support/http';
import { imageManifest, OCI_MANIFEST, putManifest, pushImage, pushIndex } from '../support/images';
import { enzi } from '../support/accounts-api';
import { useRegistryServer } from '../support/registry';
import { repositoryApi, type RepositoryJson } from '../support/repositories-api';
import { tagsApi, type TagJson } from '../support/tags-api';
import { createUser, passwordAuth, uniqueName, type TestUser } from '../support/users';

const registry = useConfiguredRegistry();
const proxy = useRegistryServer();
let owner: TestUser;
let auth: string;

beforeAll(async () => {
  owner = await createUser({ prefix: 'tagdel' });
  auth = passwordAuth(owner);
});

async function tagNames(a: string, ns: string, repo: string) {
  return (await expectJson<TagJson[]>(await tagsApi.list(a, ns, repo, '?pageSize=100'))).map((t) => `${t.name}@${t.digest}`);
}

/** What the registry itself holds under a name (asked directly, not through Berth). */
async function upstreamStatus(path: string) {
  const response = await fetch(`${registry.url}/v2/${path}`, { headers: { Accept: 'application/vnd.oci.image.manifest.v1+json, application/vnd.oci.image.index.v1+json' } });
  await response.body?.cancel();
  return response.status;
}

describe('deleting a tag', () => {
  it('deletes a tag alone, and one that shares its digest keeps the others', async () => {
    const name = `${owner.name}/del`;
    const shared = await pushImage(proxy.url, name, 'v1', auth);
    expect((await putManifest(proxy.url, name, 'v2', auth, shared.manifest, OCI_MANIFEST)).status).toBe(201);
    const other = await pushImage(proxy.url, name, 'v3', auth);

    await expectNoContent(await tagsApi.delete(auth, owner.name, 'del', 'v1'));
    expect(await tagNames(auth, owner.name, 'del')).toEqual([`v2@${shared.digest}`, `v3@${other.digest}`]);
    expect(await upstreamStatus(`${name}/manifests/v1`)).toBe(404);
    expect(await upstreamStatus(`${name}/manifests/v2`)).toBe(200);

    await expectNoContent(await tagsApi.delete(auth, owner.name, 'del', 'v2'));
    expect(await tagNames(auth, owner.name, 'del')).toEqual([`v3@${other.digest}`]);
    // No tag points there any more: the manifest itself is gone.
    expect(await upstreamStatus(`${name}/manifests/${shared.digest}`)).toBe(404);
    await expectError(await tagsApi.delete(auth, owner.name, 'del', 'v2'), 404, 'NO_SUCH_TAG');
  });

  it('deletes a multi-platform tag', async () => {
    const index = await pushIndex(proxy.url, `${owner.name}/multi`, 'latest', auth, [
      { os: 'linux', architecture: 'amd64' },
      { os: 'linux', architecture: 'arm64', variant: 'v8' },
    ]);
    await expectNoContent(await tagsApi.delete(auth, owner.name, 'multi', 'latest'));
    expect(await tagNames(auth, owner.name, 'multi')).toEqual([]);
    expect(await upstreamStatus(`${owner.name}/multi/manifests/${index.digest}`)).toBe(404);
  });
});

describe('immutable tags', () => {
  it('refuses a push that would move an existing tag with DENIED, and takes new tags', async () => {
    const name = `${owner.name}/frozen`;
    const first = await pushImage(proxy.url, name, 'v1', auth);
    const patched = await expectJson<RepositoryJson>(await repositoryApi.patch(auth, owner.name, 'frozen', { immutableTags: true }));
    expect(patched.immutableTags).toBe(true);

    const second = await pushImage(proxy.url, name, 'v2', auth);
    const moved = await putManifest(proxy.url, name, 'v1', auth, second.manifest, OCI_MANIFEST);
    expect(moved.status).toBe(403);
    const error = JSON.parse(moved.body).errors[0];
    expect(error.code).toBe('DENIED');
    expect(error.message).toMatch(/v1.*immutable/);
    expect(await tagNames(auth, owner.name, 'frozen')).toEqual([`v1@${first.digest}`, `v2@${second.digest}`]);

    // Turned off again, the tag moves.
    await expectJson(await repositoryApi.patch(auth, owner.name, 'frozen', { immutableTags: false }));
    expect((await putManifest(proxy.url, name, 'v1', auth, second.manifest, OCI_MANIFEST)).status).toBe(201);
    expect(await tagNames(auth, owner.name, 'frozen')).toEqual([`v1@${second.digest}`, `v2@${second.digest}`]);
  });

  it('PATCH refuses values that are no setting', async () => {
    await pushImage(proxy.url, `${owner.name}/settings`, 'v1', auth);
    for (const body of [{ immutableTags: 'yes' }, { tagLimit: -1 }, { tagLimit: 1.5 }, { tagLimit: '3' }, { tagLimit: 100_001 }]) {
      await expectError(await repositoryApi.patch(auth, owner.name, 'settings', body), 400, 'INVALID_PARAMETERS');
    }
    const repository = await expectJson<RepositoryJson>(await repositoryApi.get(auth, owner.name, 'settings'));
    expect(repository).toMatchObject({ immutableTags: false, tagLimit: 0 });
  });
});

describe('tag limits', () => {
  it('deletes the oldest tags beyond the limit after a push, shared digests included', async () => {
    const name = `${owner.name}/limited`;
    const image = await pushImage(proxy.url, name, 'a', auth);
    const patched = await expectJson<RepositoryJson>(await repositoryApi.patch(auth, owner.name, 'limited', { tagLimit: 3 }));
    expect(patched.tagLimit).toBe(3);
    for (const tag of ['b', 'c']) expect((await putManifest(proxy.url, name, tag, auth, image.manifest, OCI_MANIFEST)).status).toBe(201);
    expect(await tagNames(auth, owner.name, 'limited')).toEqual(['a', 'b', 'c'].map((t) => `${t}@${image.digest}`));

    const other = await pushImage(proxy.url, name, 'd', auth);
    expect(await tagNames(auth, owner.name, 'limited')).toEqual([`b@${image.digest}`, `c@${image.digest}`, `d@${other.digest}`]);
    expect((await putManifest(proxy.url, name, 'e', auth, image.manifest, OCI_MANIFEST)).status).toBe(201);
    expect(await tagNames(auth, owner.name, 'limited')).toEqual([`c@${image.digest}`, `d@${other.digest}`, `e@${image.digest}`]);
  });
});

describe('a deleted name taken again', () => {
  /** Everything a recreated `ns/repo` could read of the old pushes, through Berth and in the registry. */
  async function expectNothingOf(a: string, ns: string, repo: string, digests: string[], blobs: string[]) {
    expect(await tagNames(a, ns, repo)).toEqual([]);
    for (const digest of digests) {
      const response = await fetch(`${proxy.url}/v2/${ns}/${repo}/manifests/${digest}`, { headers: { Authorization: a, Accept: OCI_MANIFEST } });
      expect(response.status).toBe(404);
      expect(await upstreamStatus(`${ns}/${repo}/manifests/${digest}`)).toBe(404);
    }
    for (const blob of blobs) {
      const response = await fetch(`${proxy.url}/v2/${ns}/${repo}/blobs/${blob}`, { headers: { Authorization: a } });
      expect(response.status).toBe(404);
      expect(await upstreamStatus(`${ns}/${repo}/blobs/${blob}`)).toBe(404);
    }
  }

  it('a deleted repository’s manifests and blobs go upstream: the new one reads nothing', async () => {
    const image = await pushImage(proxy.url, `${owner.name}/reborn`, 'v1', auth);
    // An untagged manifest too: pushed by digest only.
    const loose = await imageManifest(proxy.url, `${owner.name}/reborn`, auth);
    expect((await putManifest(proxy.url, `${owner.name}/reborn`, loose.digest, auth, loose.manifest, OCI_MANIFEST)).status).toBe(201);
    expect(await upstreamStatus(`${owner.name}/reborn/manifests/${loose.digest}`)).toBe(200);
    await expectNoContent(await repositoryApi.delete(auth, owner.name, 'reborn'));
    await expectJson(await repositoryApi.create(auth, owner.name, { name: 'reborn' }), 201);
    await expectNothingOf(auth, owner.name, 'reborn', [image.digest, loose.digest], [...image.blobs, ...loose.blobs]);
  });

  it('a deleted account’s repositories go the same way: an account of the same name reads nothing', async () => {
    const admin = passwordAuth(await createUser({ admin: true }));
    const name = uniqueName('gone');
    await expectJson(await enzi.createAccount(admin, { name, password: 'first-Passw0rd!' }), 201);
    const old = basicOf(name, 'first-Passw0rd!');
    const image = await pushImage(proxy.url, `${name}/app`, 'v1', old);
    const index = await pushIndex(proxy.url, `${name}/app`, 'multi', old, [{ os: 'linux', architecture: 'arm64' }]);
    await expectNoContent(await enzi.deleteAccount(admin, name));

    await expectJson(await enzi.createAccount(admin, { name, password: 'second-Passw0rd!' }), 201);
    const fresh = basicOf(name, 'second-Passw0rd!');
    await expectJson(await repositoryApi.create(fresh, name, { name: 'app' }), 201);
    const digests = [image.digest, index.digest, ...index.images.map((i) => i.digest)];
    await expectNothingOf(fresh, name, 'app', digests, [...image.blobs, ...index.images.flatMap((i) => i.blobs)]);
  });
});

const basicOf = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
