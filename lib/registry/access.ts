import { config } from '@/lib/config';
import { principalFromSession, type Principal, type SessionClaims } from '@/lib/credentials';
import { adminOfNamespace, ACCESS_LEVELS, type AccessLevel } from '@/lib/permissions';
import { findAccountByName } from '@/lib/queries/accounts';
import { ensureRepository, findRepositoryWithAccess } from '@/lib/queries/registry';
import { allowedActions, CATALOG, splitRepositoryName, type ResourceAccess } from '@/lib/registry/scopes';

type HeaderSource = Pick<Headers, 'get'>;

/** The `service` of token challenges and the `aud` of our JWTs: REGISTRY_SERVICE, or the request's host. */
export function registryService(headers: HeaderSource): string {
  return config.registryService ?? (headers.get('x-forwarded-host')?.split(',')[0].trim() || headers.get('host') || 'berth');
}

// Re-checking the credential behind a JWT at every request costs a query or two; a result is
// reused for at most one second (SPEC 6), so a revoked token stops within that second.
const STALENESS_MS = 1000;
const principalCache = new Map<string, { at: number; principal: Promise<Principal | null> }>();

export function principalForClaims(claims: SessionClaims): Promise<Principal | null> {
  const key = `${claims.uid}|${claims.cred}|${claims.cv}`;
  const now = Date.now();
  const hit = principalCache.get(key);
  if (hit && now - hit.at < STALENESS_MS) return hit.principal;
  if (principalCache.size > 10_000) {
    for (const [k, v] of principalCache) if (now - v.at >= STALENESS_MS) principalCache.delete(k);
  }
  const principal = principalFromSession(claims);
  principalCache.set(key, { at: now, principal });
  principal.catch(() => principalCache.delete(key));
  return principal;
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
  return { level: 'admin', create: () => ensureRepository(account, parts.name) };
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
