import { describe, expect, it } from 'vitest';
import { isTag, parseQuery, parseRegistryPath } from './routes';

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

describe('registry queries', () => {
  it('decodes names and values however they are percent-encoded', () => {
    expect(parseQuery('fr%6fm=a%2Fb&mount=sha256%3Aab')?.get('from')).toBe('a/b');
    expect(parseQuery('from=a+b')?.get('from')).toBe('a b');
    expect(parseQuery('')?.toString()).toBe('');
  });

  it('refuses a parameter that repeats, in any spelling', () => {
    expect(parseQuery('from=a/b&from=c/d')).toBeNull();
    expect(parseQuery('from=a/b&fr%6Fm=c/d')).toBeNull();
    expect(parseQuery('n=1&n=1')).toBeNull();
  });

  it('serializes again without the raw text: no semicolons, no stray escapes', () => {
    expect(parseQuery('mount=x;from=v/r&x=%zz')?.toString()).toBe('mount=x%3Bfrom%3Dv%2Fr&x=%25zz');
  });
});
