import type { Account } from '@/db/schema';
import { isOrgAdmin } from '@/lib/accounts/organizations';
import type { Principal } from '@/lib/auth/principal';
import { levelOf, type AccessLevel } from '@/lib/repositories/access-levels';
import { accessRankTo } from '@/lib/repositories/queries';
import { restrictionAllows } from '@/lib/access-tokens/restriction';

export { ACCESS_LEVELS, atLeast, type AccessLevel } from '@/lib/repositories/access-levels';

/**
 * Effective access (SPEC 3): admin for system admins, the namespace's owner and admins of the owning
 * organization; otherwise the best grant of any team the user is in, and read-only on public
 * repositories; capped by the credential's scope. It is one SQL expression (repositories/queries.ts),
 * so the repository list is one query, and the user's rows are read at every request: every token
 * follows its owner's permission changes at once.
 */
export async function effectiveAccess(principal: Principal | null, repositoryId: string): Promise<AccessLevel | null> {
  const rank = await accessRankTo(principal, repositoryId);
  return rank === undefined ? null : levelOf(rank);
}

/**
 * Admin on a namespace (for creating `repository` in it): its owner, an admin of the owning
 * organization, or a system admin; a restricted token only where its restriction reaches.
 */
export async function adminOfNamespace(principal: Principal, namespace: Pick<Account, 'id' | 'isOrg' | 'name'>, repository: string): Promise<boolean> {
  if (principal.scope !== 'admin' || !restrictionAllows(principal, namespace.name, repository)) return false;
  if (principal.user.isAdmin || principal.user.id === namespace.id) return true;
  return namespace.isOrg && isOrgAdmin(principal, namespace.id);
}
