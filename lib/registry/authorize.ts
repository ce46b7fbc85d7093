// Deciding whether a caller may make a repository request (SPEC 6): GET/HEAD need pull, POST/PUT/PATCH
// push, DELETE read-write on a tag and admin otherwise; the JWT's access claim is an upper bound and
// the caller's effective access is read again every time.
import { atLeast, type AccessLevel } from '@/lib/repositories/permissions';
import { repositoryAccess } from '@/lib/registry/access';
import type { Caller, RegistryContext } from '@/lib/registry/context';
import { bearerChallenge, RegistryError, unauthorized } from '@/lib/registry/errors';
import { isTag, type RegistryRoute } from '@/lib/registry/routes';
import { grants, type ResourceAccess } from '@/lib/registry/scopes';

export type RepositoryRoute = Exclude<RegistryRoute, { kind: 'base' | 'catalog' }>;

type Requirement = { action: 'pull' | 'push' | 'delete'; actions: string[]; level: AccessLevel };

/** The JWT action and the access level a request needs. */
function requirement(method: string, route: RepositoryRoute): Requirement | null {
  switch (method) {
    case 'GET':
    case 'HEAD':
      return { action: 'pull', actions: ['pull'], level: 'read-only' };
    case 'POST':
    case 'PUT':
    case 'PATCH':
      return { action: 'push', actions: ['pull', 'push'], level: 'read-write' };
    case 'DELETE': {
      const tag = route.kind === 'manifest' && isTag(route.reference);
      return { action: 'delete', actions: ['delete'], level: tag ? 'read-write' : 'admin' };
    }
    default:
      return null;
  }
}

export type Authorized = {
  action: Requirement['action'];
  repositoryId?: string;
  /** Set when the repository does not exist yet and this push may create it. */
  create?: () => Promise<string | null>;
};

/** Throws the registry's refusal unless the caller may make this request. */
export async function authorizeRepository(ctx: RegistryContext, caller: Caller, route: RepositoryRoute): Promise<Authorized> {
  const method = ctx.req.method ?? 'GET';
  const need = requirement(method, route);
  if (!need) throw new RegistryError('UNSUPPORTED', 405, `${method} is not supported here`);
  const scope: ResourceAccess = { type: 'repository', name: route.name, actions: need.actions };
  const challenge = (error?: 'insufficient_scope') => bearerChallenge(ctx.origin, ctx.service, scope, error);
  if (caller.presented === 'none') throw unauthorized(challenge());

  const access = await repositoryAccess(caller.principal, route.name);
  const tokenAllows = !caller.jwtAccess || grants(caller.jwtAccess, 'repository', route.name, need.action);
  if (!atLeast(access.level, need.level) || !tokenAllows) {
    // An anonymous caller, or one whose token simply did not ask for this action, may get more
    // by signing in or asking again; a signed-in caller who lacks the access is refused.
    if (!caller.principal || atLeast(access.level, need.level)) {
      throw unauthorized(challenge(caller.presented === 'bearer' ? 'insufficient_scope' : undefined), 'authentication required', [scope]);
    }
    if (access.level === null && need.action === 'pull') {
      throw new RegistryError('NAME_UNKNOWN', 404, 'repository name not known to registry', {}, { name: route.name });
    }
    throw new RegistryError('DENIED', 403, 'requested access to the resource is denied', {}, [scope]);
  }
  const create = !access.repositoryId && need.action === 'push' ? access.create : undefined;
  return { action: need.action, repositoryId: access.repositoryId, create };
}

/**
 * A cross-repository mount reads the source repository: without pull there, it becomes a plain
 * upload. `query` is the parsed query, so `from` is found however it was percent-encoded.
 */
export async function checkedMount(caller: Caller, query: URLSearchParams): Promise<URLSearchParams> {
  const from = query.get('from');
  if (from === null) return query;
  const access = await repositoryAccess(caller.principal, from);
  const allowed = atLeast(access.level, 'read-only') && (!caller.jwtAccess || grants(caller.jwtAccess, 'repository', from, 'pull'));
  if (allowed) return query;
  const plain = new URLSearchParams(query);
  plain.delete('from');
  plain.delete('mount');
  return plain;
}
