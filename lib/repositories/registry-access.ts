// What the registry (token service, /v2 proxy, catalog) asks of repositories: access by registry name,
// creation on first push, the pull and push counters and the filtered catalog.
import { db } from '@/db';
import { findAccount } from '@/lib/accounts/accounts';
import { audit } from '@/lib/audit/record';
import { isForeignKeyViolation } from '@/lib/errors';
import type { Principal } from '@/lib/auth/principal';
import { levelOf, type AccessLevel } from '@/lib/repositories/access-levels';
import { adminOfNamespace } from '@/lib/repositories/permissions';
import * as q from '@/lib/repositories/queries';
import { listCatalog as listVisibleCatalog } from '@/lib/repositories/visible-queries';

export type RepositoryAccess = {
  level: AccessLevel | null;
  /** Undefined while the repository does not exist in Berth yet. */
  repositoryId?: string;
  /** Set when the repository is missing and this principal may create it by pushing. */
  /** Null when the namespace or the repository went meanwhile (a concurrent delete). */
  create?: () => Promise<string | null>;
};

/**
 * The principal's access to `namespace/name`. A name that does not exist yet gives its namespace's
 * admins admin access, so that their first push can create it; everyone else gets nothing.
 */
export async function repositoryAccessByName(principal: Principal | null, parts: { namespace: string; name: string }): Promise<RepositoryAccess> {
  const row = await q.findRepositoryWithAccess(principal, parts.namespace, parts.name);
  if (row) return { level: levelOf(row.rank), repositoryId: row.id };
  if (!principal) return { level: null };
  const account = await findAccount(parts.namespace);
  if (!account || !(await adminOfNamespace(principal, account, parts.name))) return { level: null };
  const create = async (): Promise<string | null> => {
    try {
      return await db.transaction(async (tx) => {
        const ensured = await q.ensureRepository(account, parts.name, tx);
        // Of concurrent first pushes, only the one whose insert lands records the event.
        if (ensured?.created) {
          await audit(tx, principal, {
            action: 'repository.created',
            targetType: 'repository',
            target: `${parts.namespace}/${parts.name}`,
            details: { visibility: 'private', by: 'push' },
          });
        }
        return ensured?.id ?? null;
      });
    } catch (error) {
      // The namespace was deleted while its first push was starting.
      if (isForeignKeyViolation(error)) return null;
      throw error;
    }
  };
  return { level: 'admin', create };
}

export const countPull = (repositoryId: string) => q.countPull(repositoryId);
export const countPush = (repositoryId: string) => q.countPush(repositoryId);

/** Full names of the repositories the principal may see, after `last`, in the registry's order. */
export const listCatalog = (principal: Principal | null, opts: { last?: string; limit: number }) => listVisibleCatalog(principal, opts);
