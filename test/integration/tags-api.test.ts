// The tags API of SPEC 11 against a real docker-registry, with images pushed through Berth's proxy:
// digests, sizes and platforms of single- and multi-platform images, paging, bad input, the registry
// away, and MSR's health and version endpoints.
import { beforeAll, describe, expect, it } from 'vitest';
import { GET as versionRoute } from '@/app/api/v0/admin/version/route';
import { GET as healthRoute } from '@/app/health/route';
import { enzi } from '../support/accounts-api';
import { useConfiguredRegistry } from '../support/real-registry';
import { call, expectError, expectJson, readPage } from '../support/http';
import { OCI_INDEX, OCI_MANIFEST, putManifest, pushImage, pushIndex } from '../support/images';
import { useRegistryServer } from '../support/registry';
import { repositoryApi } from '../support/repositories-api';
import { tagsApi, type TagJson } from '../support/tags-api';
import { createUser, passwordAuth, type TestUser } from '../support/users';

const registry = useConfiguredRegistry();
const proxy = useRegistryServer();
let owner: TestUser;
let auth: string;

beforeAll(async () => {
  owner = await createUser({ prefix: 'tags' });
  auth = passwordAuth(owner);
});

const tags = (body: unknown) => body as TagJson[];

describe('listing tags', () => {
  it('shows a single-platform image with its digest, size, platform and pusher', async () => {
    const image = await pushImage(proxy.url, `${owner.name}/single`, 'v1', auth);
    const listed = await expectJson<TagJson[]>(await tagsApi.list(auth, owner.name, 'single'));
    expect(listed).toEqual([
      {
        name: 'v1',
        digest: image.digest,
        author: owner.name,
        createdAt: expect.any(String),
        updatedAt: expect.any(String),
        manifest: { digest: image.digest, mediaType: OCI_MANIFEST, size: image.size, os: 'linux', architecture: 'amd64' },
        platforms: [{ os: 'linux', architecture: 'amd64', variant: '', digest: image.digest, size: image.size }],
      },
    ]);
    expect(await expectJson(await tagsApi.get(auth, owner.name, 'single', 'v1'))).toEqual(listed[0]);
  });

  it('shows an OCI index with one entry per platform', async () => {
    const index = await pushIndex(proxy.url, `${owner.name}/multi`, 'latest', auth, [
      { os: 'linux', architecture: 'amd64' },
      { os: 'linux', architecture: 'arm64', variant: 'v8' },
    ]);
    const tag = await expectJson<TagJson>(await tagsApi.get(auth, owner.name, 'multi', 'latest'));
    const [amd64, arm64] = index.images;
    expect(tag.digest).toBe(index.digest);
    expect(tag.manifest).toEqual({ digest: index.digest, mediaType: OCI_INDEX, size: amd64.size + arm64.size, os: 'linux', architecture: 'amd64' });
    expect(tag.platforms).toEqual([
      { os: 'linux', architecture: 'amd64', variant: '', digest: amd64.digest, size: amd64.size },
      { os: 'linux', architecture: 'arm64', variant: 'v8', digest: arm64.digest, size: arm64.size },
    ]);
    expect(tag.author).toBe(owner.name);
  });

  it('pages across 25 tags in name order, with the count on request', async () => {
    const image = await pushImage(proxy.url, `${owner.name}/paged`, 't00', auth);
    for (let i = 1; i < 25; i++) {
      const pushed = await putManifest(proxy.url, `${owner.name}/paged`, `t${String(i).padStart(2, '0')}`, auth, image.manifest, OCI_MANIFEST);
      expect(pushed.status).toBe(201);
    }
    const names: string[] = [];
    let pageStart = '';
    const sizes: number[] = [];
    for (let pages = 0; pages < 5; pages++) {
      const query = `?pageSize=10&count=true${pageStart ? `&pageStart=${encodeURIComponent(pageStart)}` : ''}`;
      const page = await readPage(await tagsApi.list(auth, owner.name, 'paged', query), tags);
      expect(page.count).toBe('25');
      sizes.push(page.rows.length);
      names.push(...page.rows.map((t) => t.name));
      expect(page.rows.every((t) => t.digest === image.digest && t.manifest.size === image.size)).toBe(true);
      if (!page.next) break;
      pageStart = page.next;
    }
    expect(sizes).toEqual([10, 10, 5]);
    expect(names).toEqual(Array.from({ length: 25 }, (_, i) => `t${String(i).padStart(2, '0')}`));
  });

  it('asks the registry for the digest of a tag Berth never saw pushed, and names no author', async () => {
    const image = await pushImage(proxy.url, `${owner.name}/outside`, 'v1', auth);
    // Straight into the registry, past Berth (as before Berth recorded pushes).
    expect((await putManifest(registry.url, `${owner.name}/outside`, 'direct', '', image.manifest, OCI_MANIFEST)).status).toBe(201);
    const listed = await expectJson<TagJson[]>(await tagsApi.list(auth, owner.name, 'outside'));
    expect(listed.map((t) => [t.name, t.digest, t.author])).toEqual([
      ['direct', image.digest, ''],
      ['v1', image.digest, owner.name],
    ]);
  });

  it('lists nothing for a repository nothing was pushed to', async () => {
    await expectJson(await repositoryApi.create(auth, owner.name, { name: 'empty' }), 201);
    expect(await expectJson(await tagsApi.list(auth, owner.name, 'empty'))).toEqual([]);
  });
});

describe('bad input', () => {
  it('an unknown repository: 404 NO_SUCH_REPOSITORY, for a list, a tag and a delete', async () => {
    await expectError(await tagsApi.list(auth, owner.name, 'nothing-here'), 404, 'NO_SUCH_REPOSITORY');
    await expectError(await tagsApi.get(auth, owner.name, 'nothing-here', 'v1'), 404, 'NO_SUCH_REPOSITORY');
    await expectError(await tagsApi.delete(auth, owner.name, 'nothing-here', 'v1'), 404, 'NO_SUCH_REPOSITORY');
  });

  it('an unknown tag: 404 NO_SUCH_TAG', async () => {
    await pushImage(proxy.url, `${owner.name}/known`, 'v1', auth);
    await expectError(await tagsApi.get(auth, owner.name, 'known', 'v2'), 404, 'NO_SUCH_TAG');
    await expectError(await tagsApi.delete(auth, owner.name, 'known', 'v2'), 404, 'NO_SUCH_TAG');
  });

  it('a tag name that is no valid tag: 400, and nothing deleted', async () => {
    await pushImage(proxy.url, `${owner.name}/valid`, 'v1', auth);
    for (const bad of ['-v1', '.v1', 'v 1', 'v1:x', 'a'.repeat(129), 'sha256:abc', 'v1\u0000']) {
      await expectError(await tagsApi.get(auth, owner.name, 'valid', bad), 400, 'INVALID_PARAMETERS');
      await expectError(await tagsApi.delete(auth, owner.name, 'valid', bad), 400, 'INVALID_PARAMETERS');
    }
    expect((await expectJson<TagJson[]>(await tagsApi.list(auth, owner.name, 'valid'))).map((t) => t.name)).toEqual(['v1']);
  });

  it('bad paging: 400 INVALID_PARAMETERS', async () => {
    for (const query of ['?pageSize=0', '?pageSize=101', '?pageSize=x', '?pageStart=%%%', '?pageStart=bm90IGpzb24']) {
      await expectError(await tagsApi.list(auth, owner.name, 'valid', query), 400, 'INVALID_PARAMETERS');
    }
  });

  it('someone without access to a private repository learns nothing of it; a reader may not delete', async () => {
    await pushImage(proxy.url, `${owner.name}/private`, 'v1', auth);
    const outsider = passwordAuth(await createUser({ prefix: 'outsider' }));
    await expectError(await tagsApi.list(outsider, owner.name, 'private'), 404, 'NO_SUCH_REPOSITORY');
    await expectError(await tagsApi.get(outsider, owner.name, 'private', 'v1'), 404, 'NO_SUCH_REPOSITORY');
    await expectError(await tagsApi.delete(outsider, owner.name, 'private', 'v1'), 404, 'NO_SUCH_REPOSITORY');
    await expectJson(await repositoryApi.patch(auth, owner.name, 'private', { visibility: 'public' }));
    expect((await expectJson<TagJson[]>(await tagsApi.list(outsider, owner.name, 'private'))).map((t) => t.name)).toEqual(['v1']);
    await expectError(await tagsApi.delete(outsider, owner.name, 'private', 'v1'), 403, 'NOT_AUTHORIZED');
    expect((await expectJson<TagJson[]>(await tagsApi.list(auth, owner.name, 'private'))).map((t) => t.name)).toEqual(['v1']);
  });

  it('no credentials: 401', async () => {
    await expectError(await call(versionRoute, 'GET', '/api/v0/admin/version'), 401, 'NOT_AUTHENTICATED');
  });
});

describe('the registry away', () => {
  it('answers 503 with the registry’s state, never a 500, and recovers', async () => {
    await pushImage(proxy.url, `${owner.name}/away`, 'v1', auth);
    const admin = passwordAuth(await createUser({ admin: true }));
    await registry.stop();
    try {
      const error = await expectError(await tagsApi.list(auth, owner.name, 'away'), 503, 'UNAVAILABLE');
      expect(error.message).toMatch(/registry .*down/);
      await expectError(await tagsApi.get(auth, owner.name, 'away', 'v1'), 503, 'UNAVAILABLE');
      await expectError(await tagsApi.delete(auth, owner.name, 'away', 'v1'), 503, 'UNAVAILABLE');
      await expectError(await repositoryApi.delete(auth, owner.name, 'away'), 503, 'UNAVAILABLE');
      await expectError(await enzi.deleteAccount(admin, owner.name), 503, 'UNAVAILABLE');
    } finally {
      await registry.start();
    }
    // Nothing was deleted: the account, the repository and its tag are all still there.
    await expectJson(await enzi.getAccount(admin, owner.name));
    expect((await expectJson<TagJson[]>(await tagsApi.list(auth, owner.name, 'away'))).map((t) => t.name)).toEqual(['v1']);
  });
});

describe('MSR’s endpoints', () => {
  it('GET /health answers {"Healthy":true,"Error":""}', async () => {
    const response = await healthRoute();
    expect(await expectJson(response)).toEqual({ Healthy: true, Error: '' });
  });

  it('GET /api/v0/admin/version answers the version to a signed-in caller', async () => {
    const body = await expectJson<{ version: string }>(await call(versionRoute, 'GET', '/api/v0/admin/version', { auth }));
    expect(body).toEqual({ version: expect.stringMatching(/^\d+\.\d+\.\d+/) });
  });
});
