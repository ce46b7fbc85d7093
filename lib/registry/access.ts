import { config } from '@/lib/config';
import { requestHost } from '@/lib/request';
import type { Principal } from '@/lib/auth/principal';
import { repositoryAccessByName, type RepositoryAccess } from '@/lib/repositories/registry-access';
import { allowedActions, CATALOG, splitRepositoryName, type ResourceAccess } from '@/lib/registry/scopes';

type HeaderSource = Pick<Headers, 'get'>;

/** The `service` of token challenges and the `aud` of our JWTs: REGISTRY_SERVICE, or the request's host. */
export function registryService(headers: HeaderSource): string {
  return config.registryService ?? requestHost(headers) ?? 'berth';
}

/** The principal's access to a registry name; names that are no Berth repository get nothing. */
export async function repositoryAccess(principal: Principal | null, fullName: string): Promise<RepositoryAccess> {
  const parts = splitRepositoryName(fullName);
  return parts ? repositoryAccessByName(principal, parts) : { level: null };
}

/** The requested scopes cut down to what the principal may do now; empty grants are left out. */
export async function grantScopes(principal: Principal | null, requested: readonly ResourceAccess[]): Promise<ResourceAccess[]> {
  const granted: ResourceAccess[] = [];
  for (const scope of requested) {
    if (scope.type === 'registry' && scope.name === 'catalog') {
      // The catalog is filtered per caller; it is offered to signed-in callers only.
      if (principal && scope.actions.includes('*')) granted.push(CATALOG);
      continue;
    }
    if (scope.type !== 'repository') continue;
    const { level } = await repositoryAccess(principal, scope.name);
    const actions = allowedActions(scope.actions, level);
    if (actions.length) granted.push({ type: 'repository', name: scope.name, actions });
  }
  return granted;
}
