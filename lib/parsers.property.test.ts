// Property tests of every parser an attacker writes input for (issue 10): the Basic header, registry
// scopes, registry paths and queries, repository names and page cursors. Each must answer for any
// input without throwing, and give back exactly what a well-formed input holds.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeCursor, encodeCursor } from '@/lib/api/pagination';
import { parseBasic } from '@/lib/auth/basic';
import { ApiError } from '@/lib/errors';
import { isTag, parseQuery, parseRegistryPath, REPOSITORY_NAME } from '@/lib/registry/routes';
import { formatScope, parseScope, parseScopes, splitRepositoryName } from '@/lib/registry/scopes';
import { accountNameSchema, timeCursorSchema } from '@/lib/validation';

const RUNS = { numRuns: 500 };
const lower = fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz0123456789');
const component = fc.array(fc.string({ unit: lower, minLength: 1, maxLength: 8 }), { minLength: 1, maxLength: 3 }).map((parts) => parts.join('-'));
const namespace = component.filter((n) => n.length >= 2);
const repository = fc.tuple(namespace, component).map(([ns, name]) => `${ns}/${name}`);
const tag = fc.stringMatching(/^[A-Za-z0-9_][A-Za-z0-9_.-]{0,40}$/);
const digest = fc.stringMatching(/^[0-9a-f]{64}$/).map((hex) => `sha256:${hex}`);
const anyText = fc.oneof(fc.string(), fc.string({ unit: 'binary' }), fc.string({ unit: 'grapheme' }));

describe('the Basic header', () => {
  it('never throws, and any answer has a username without a colon', () => {
    fc.assert(
      fc.property(anyText, (value) => {
        const parsed = parseBasic(value);
        if (parsed) expect(parsed.username.length > 0 && !parsed.username.includes(':')).toBe(true);
      }),
      RUNS,
    );
  });

  it('gives back the username and the secret, colons in the secret included', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1 }).filter((u) => !u.includes(':')), fc.string(), (username, secret) => {
        const value = Buffer.from(`${username}:${secret}`).toString('base64');
        // A string that is not valid UTF-16 cannot survive the round trip through bytes.
        if (Buffer.from(username).toString() !== username || Buffer.from(secret).toString() !== secret) return;
        expect(parseBasic(value)).toEqual({ username, secret });
      }),
      RUNS,
    );
  });
});

describe('registry scopes', () => {
  it('never throw, and every parsed scope formats to text that parses to itself', () => {
    fc.assert(
      fc.property(fc.array(anyText, { maxLength: 5 }), (values) => {
        for (const scope of parseScopes(values)) {
          expect(scope.actions.length).toBeGreaterThan(0);
          expect(parseScope(formatScope(scope))).toEqual(scope);
        }
      }),
      RUNS,
    );
  });

  it('split the type at the first colon and the actions at the last, so a name may hold a host:port', () => {
    fc.assert(
      fc.property(repository, fc.option(fc.integer({ min: 1, max: 65535 })), fc.uniqueArray(fc.constantFrom('pull', 'push', 'delete', '*'), { minLength: 1 }), (name, port, actions) => {
        const full = port === null ? name : `registry.example:${port}/${name}`;
        expect(parseScope(`repository:${full}:${actions.join(',')}`)).toEqual({ type: 'repository', name: full, actions });
      }),
      RUNS,
    );
  });
});

describe('registry paths and queries', () => {
  it('never throw, and every route names a valid repository', () => {
    fc.assert(
      fc.property(fc.oneof(anyText, fc.tuple(repository, anyText).map(([r, rest]) => `${r}/${rest}`)), (rest) => {
        const route = parseRegistryPath(rest);
        if (route && 'name' in route) expect(REPOSITORY_NAME.test(route.name)).toBe(true);
        parseQuery(rest);
      }),
      RUNS,
    );
  });

  it('route every well-formed request to what it names', () => {
    fc.assert(
      fc.property(repository, tag, digest, (name, reference, blob) => {
        expect(parseRegistryPath(`${name}/manifests/${reference}`)).toEqual({ kind: 'manifest', name, reference });
        expect(isTag(reference)).toBe(true);
        expect(parseRegistryPath(`${name}/manifests/${blob}`)).toEqual({ kind: 'manifest', name, reference: blob });
        expect(parseRegistryPath(`${name}/blobs/${blob}`)).toEqual({ kind: 'blob', name, digest: blob });
        expect(parseRegistryPath(`${name}/tags/list`)).toEqual({ kind: 'tags', name });
        expect(parseRegistryPath(`${name}/blobs/uploads/`)).toMatchObject({ kind: 'upload', name });
      }),
      RUNS,
    );
  });

  it('a query parameter named twice, in any spelling, is no query', () => {
    fc.assert(
      fc.property(fc.constantFrom('from', 'fr%6fm', '%66rom', '%66%72%6f%6d'), repository, repository, (spelling, a, b) => {
        expect(parseQuery(`mount=${'a'.repeat(8)}&from=${a}&${spelling}=${b}`)).toBeNull();
      }),
      RUNS,
    );
  });
});

describe('repository names', () => {
  it('split into a valid account name and a repository name, or not at all', () => {
    fc.assert(
      fc.property(fc.oneof(anyText, repository), (text) => {
        const parts = splitRepositoryName(text);
        if (parts) {
          expect(accountNameSchema.safeParse(parts.namespace).success).toBe(true);
          expect(`${parts.namespace}/${parts.name}`).toBe(text);
        }
      }),
      RUNS,
    );
  });
});

describe('page cursors', () => {
  it('answer a client error for anything that is not a cursor of ours, and never anything else', () => {
    fc.assert(
      fc.property(anyText, (cursor) => {
        try {
          decodeCursor(cursor, timeCursorSchema);
        } catch (error) {
          expect(error).toBeInstanceOf(ApiError);
          expect((error as ApiError).status).toBe(400);
        }
      }),
      RUNS,
    );
  });

  it('give back the key they were made from', () => {
    fc.assert(
      fc.property(fc.date({ min: new Date('2000-01-01'), max: new Date('2100-01-01'), noInvalidDate: true }), fc.uuid(), (at, id) => {
        const key = { at: at.toISOString().replace('T', ' ').replace('Z', '+00'), id };
        expect(decodeCursor(encodeCursor(key), timeCursorSchema)).toEqual(key);
      }),
      RUNS,
    );
  });
});
