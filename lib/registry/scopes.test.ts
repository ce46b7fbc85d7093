import { describe, expect, it } from 'vitest';
import { allowedActions, grants, parseScope, parseScopes, splitRepositoryName } from './scopes';

describe('registry scopes', () => {
  it('splits the type at the first colon and the actions at the last', () => {
    expect(parseScope('repository:alice/app:pull,push')).toEqual({ type: 'repository', name: 'alice/app', actions: ['pull', 'push'] });
    expect(parseScope('repository:127.0.0.1:5000/alice/app:pull')).toEqual({
      type: 'repository',
      name: '127.0.0.1:5000/alice/app',
      actions: ['pull'],
    });
    expect(parseScope('repository(plugin):alice/app:pull')).toEqual({ type: 'repository', name: 'alice/app', actions: ['pull'] });
    expect(parseScope('registry:catalog:*')).toEqual({ type: 'registry', name: 'catalog', actions: ['*'] });
  });

  it('leaves out malformed scopes', () => {
    for (const bad of ['', 'repository', 'repository:alice/app', 'repository::pull', ':alice/app:pull', 'repository:alice/app:']) {
      expect(parseScope(bad)).toBeNull();
    }
  });

  it('merges repeated and space-separated scopes per resource', () => {
    expect(parseScopes(['repository:a/b:pull repository:c/d:push', 'repository:a/b:push,pull', 'nonsense'])).toEqual([
      { type: 'repository', name: 'a/b', actions: ['pull', 'push'] },
      { type: 'repository', name: 'c/d', actions: ['push'] },
    ]);
  });

  it('grants the requested actions an access level allows', () => {
    expect(allowedActions(['pull', 'push'], null)).toEqual([]);
    expect(allowedActions(['pull', 'push', 'delete', '*'], 'read-only')).toEqual(['pull']);
    expect(allowedActions(['pull', 'push', 'delete', '*'], 'read-write')).toEqual(['pull', 'push', 'delete']);
    expect(allowedActions(['push', '*', 'fly'], 'admin')).toEqual(['push', '*']);
  });

  it('reads a JWT access claim, * granting every action', () => {
    const access = [
      { type: 'repository', name: 'a/b', actions: ['pull'] },
      { type: 'repository', name: 'c/d', actions: ['*'] },
    ];
    expect(grants(access, 'repository', 'a/b', 'pull')).toBe(true);
    expect(grants(access, 'repository', 'a/b', 'push')).toBe(false);
    expect(grants(access, 'repository', 'c/d', 'delete')).toBe(true);
    expect(grants(access, 'repository', 'x/y', 'pull')).toBe(false);
  });

  it('maps only namespace/name to a Berth repository', () => {
    expect(splitRepositoryName('alice/app')).toEqual({ namespace: 'alice', name: 'app' });
    expect(splitRepositoryName('my-org/some_app.v2')).toEqual({ namespace: 'my-org', name: 'some_app.v2' });
    for (const other of ['app', 'a/app', 'alice/app/extra', '127.0.0.1:5000/alice/app', 'Alice/app', 'alice/App']) {
      expect(splitRepositoryName(other)).toBeNull();
    }
  });
});
