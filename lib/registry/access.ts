import { db } from '@/db';
import { audit } from '@/lib/audit';
import { config } from '@/lib/config';
import { requestHost } from '@/lib/request';
import type { Principal } from '@/lib/credentials';
import { adminOfNamespace, ACCESS_LEVELS, type AccessLevel } from '@/lib/permissions';
import { findAccountByName } from '@/lib/queries/accounts';
import { ensureRepository, findRepositoryWithAccess } from '@/lib/queries/registry';
import { allowedActions, CATALOG, splitRepositoryName, type ResourceAccess } from '@/lib/registry/scopes';

type HeaderSource = Pick<Headers, 'get'>;

/** The `service` of token challenges and the `aud` of our JWTs: REGISTRY_SERVICE, or the request's host. */
export function registryService(headers: HeaderSource): string {
  return config.registryService ?? requestHost(headers) ?? 'berth';
}

export type RepositoryAccess = {
  level: AccessLevel | null;
  /** Undefined while the repository does not exist in Berth yet. */
  repositoryId?: string;
  /** Set when the repository is missing and this principal may create it by pushing. */
  create?: () => Promise<string>;
};

const levelOf = (rank: number): AccessLevel | null => ACCESS_LEVELS[rank - 1] ?? null;

/**
 * The principal's access to a registry name. A name that does not exist yet gives its namespace's
 * admins admin access, so that their first push can create it; everyone else gets nothing.
 */
export async function repositoryAccess(principal: Principal | null, fullName: string): Promise<RepositoryAccess> {
  const parts = splitRepositoryName(fullName);
  if (!parts) return { level: null };
  const row = await findRepositoryWithAccess(principal, parts.namespace, parts.name);
  if (row) return { level: levelOf(row.rank), repositoryId: row.id };
  if (!principal) return { level: null };
  const account = await findAccountByName(parts.namespace);
  if (!account || !(await adminOfNamespace(principal, account))) return { level: null };
  const create = () =>
    db.transaction(async (tx) => {
      const { id, created } = await ensureRepository(account, parts.name, tx);
      // Of concurrent first pushes, only the one whose insert lands records the event.
      if (created) {
        await audit(tx, principal, {
          action: 'repository.created',
          targetType: 'repository',
          target: fullName,
          details: { visibility: 'private', by: 'push' },
        });
      }
      return id;
    });
  return { level: 'admin', create };
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
