import { describe, expect, it } from 'vitest';
import { isTag, parseRegistryPath } from './routes';

const DIGEST = `sha256:${'a'.repeat(64)}`;

describe('registry paths', () => {
  it('recognizes the distribution API routes', () => {
    expect(parseRegistryPath('')).toEqual({ kind: 'base' });
    expect(parseRegistryPath('_catalog')).toEqual({ kind: 'catalog' });
    expect(parseRegistryPath('alice/app/manifests/1.0')).toEqual({ kind: 'manifest', name: 'alice/app', reference: '1.0' });
    expect(parseRegistryPath(`alice/app/manifests/${DIGEST}`)).toEqual({ kind: 'manifest', name: 'alice/app', reference: DIGEST });
    expect(parseRegistryPath(`alice/app/blobs/${DIGEST}`)).toEqual({ kind: 'blob', name: 'alice/app', digest: DIGEST });
    expect(parseRegistryPath('alice/app/blobs/uploads/')).toEqual({ kind: 'upload', name: 'alice/app' });
    expect(parseRegistryPath('alice/app/blobs/uploads/0b5e-uuid')).toEqual({ kind: 'upload', name: 'alice/app', uuid: '0b5e-uuid' });
    expect(parseRegistryPath('alice/app/tags/list')).toEqual({ kind: 'tags', name: 'alice/app' });
  });

  it('keeps names whose components look like route words', () => {
    expect(parseRegistryPath('alice/blobs/manifests/latest')).toEqual({ kind: 'manifest', name: 'alice/blobs', reference: 'latest' });
    expect(parseRegistryPath('a/b/c/tags/list')).toEqual({ kind: 'tags', name: 'a/b/c' });
  });

  it('refuses paths that are no registry route', () => {
    for (const path of ['alice', 'alice/app', 'alice/app/manifests/', 'alice/app/blobs/not-a-digest', '../etc/passwd', 'alice/app/manifests/a/b']) {
      expect(parseRegistryPath(path)).toBeNull();
    }
  });

  it('tells tags from digests', () => {
    expect(isTag('latest')).toBe(true);
    expect(isTag(DIGEST)).toBe(false);
  });
});
