import type { AccessLevel } from '@/lib/repositories/access-levels';

/** One entry of a registry JWT's `access` claim (distribution token spec). */
export type ResourceAccess = { type: string; name: string; actions: string[] };

export const CATALOG: ResourceAccess = { type: 'registry', name: 'catalog', actions: ['*'] };

/**
 * Parses one scope, `type[(class)]:name:actions`. The type ends at the first colon and the actions
 * start after the last, so a name may hold slashes and a `host:port` (`repository:h:5000/a/b:pull`).
 */
export function parseScope(scope: string): ResourceAccess | null {
  const first = scope.indexOf(':');
  const last = scope.lastIndexOf(':');
  if (first < 1 || last <= first + 1) return null;
  // `repository(plugin)` names a resource class; access is decided by the type alone.
  const type = scope.slice(0, first).replace(/\(.*\)$/, '');
  const name = scope.slice(first + 1, last);
  const actions = [...new Set(scope.slice(last + 1).split(',').map((a) => a.trim()).filter(Boolean))];
  if (!type || !name || actions.length === 0) return null;
  return { type, name, actions };
}

/**
 * Docker and containerd ask for one resource, or a few, per token request; every resource costs
 * queries, so a request may name at most this many (anonymous requests included).
 */
export const MAX_SCOPES = 50;

/**
 * Every scope of a token request: repeated `scope` parameters, each possibly space-separated (the
 * OAuth2 form), merged per resource. Malformed scopes are left out like scopes the caller lacks.
 */
export function parseScopes(values: readonly string[]): ResourceAccess[] {
  const merged = new Map<string, ResourceAccess>();
  for (const value of values) {
    for (const part of value.split(' ')) {
      const parsed = part && parseScope(part);
      if (!parsed) continue;
      const key = `${parsed.type}:${parsed.name}`;
      const seen = merged.get(key);
      if (seen) seen.actions = [...new Set([...seen.actions, ...parsed.actions])];
      else merged.set(key, parsed);
    }
  }
  return [...merged.values()];
}

export function formatScope(access: ResourceAccess): string {
  return `${access.type}:${access.name}:${access.actions.join(',')}`;
}

/** The least access level each repository action needs (SPEC 6). */
const ACTION_LEVEL: Record<string, AccessLevel> = {
  pull: 'read-only',
  push: 'read-write',
  delete: 'read-write',
  '*': 'admin',
};

const LEVEL_ACTIONS: Record<AccessLevel, string[]> = {
  'read-only': ['pull'],
  'read-write': ['pull', 'push', 'delete'],
  admin: ['pull', 'push', 'delete', '*'],
};

/** The requested actions that an access level allows, in the order asked. */
export function allowedActions(requested: readonly string[], level: AccessLevel | null): string[] {
  if (!level) return [];
  const allowed = LEVEL_ACTIONS[level];
  return requested.filter((action) => action in ACTION_LEVEL && allowed.includes(action));
}

/** Whether a JWT's `access` claim grants `action` on a resource; `*` grants every action. */
export function grants(access: readonly ResourceAccess[], type: string, name: string, action: string): boolean {
  return access.some((a) => a.type === type && a.name === name && (a.actions.includes(action) || a.actions.includes('*')));
}

/**
 * A Berth repository name is `namespace/name`, two path components (as in MSR). Anything else,
 * a host:port prefix or a deeper path included, is no repository of ours.
 */
export function splitRepositoryName(fullName: string): { namespace: string; name: string } | null {
  const match = /^([a-z0-9]+(?:[._-][a-z0-9]+)*)\/([a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)$/.exec(fullName);
  if (!match || match[1].length < 2 || match[1].length > 64 || match[2].length > 255) return null;
  return { namespace: match[1], name: match[2] };
}
