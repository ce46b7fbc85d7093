import { createHash } from 'node:crypto';
import { db } from '@/db';
import { audit, type RequestInfo } from '@/lib/audit';
import { authenticateSecret, type AuthResult } from '@/lib/authentication';
import { config } from '@/lib/config';
import { principalFromSession, sessionClaims, type Principal, type SessionClaims } from '@/lib/credentials';
import { looksLikeToken } from '@/lib/tokens';
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

export async function principalForClaims(claims: SessionClaims, request: RequestInfo): Promise<Principal | null> {
  const key = `${claims.uid}|${claims.cred}|${claims.cv}`;
  const now = Date.now();
  let hit = principalCache.get(key);
  if (!hit || now - hit.at >= STALENESS_MS) {
    if (principalCache.size > 10_000) {
      for (const [k, v] of principalCache) if (now - v.at >= STALENESS_MS) principalCache.delete(k);
    }
    const principal = principalFromSession(claims, request);
    hit = { at: now, principal };
    principalCache.set(key, hit);
    principal.catch(() => principalCache.delete(key));
  }
  const principal = await hit.principal;
  // The cached principal is shared; where this request came from is its own.
  return principal && { ...principal, request };
}

// Registry clients repeat the same access token on every request (Basic or Bearer). A success is
// remembered for at most one second, as a SHA-256 of the username and token (what the database keeps
// of a token anyway), and re-checked through the same one-second cache as a JWT's credential.
// Passwords are never remembered, and every failure goes through the rate limit and the audit log.
const tokenCache = new Map<string, { at: number; claims: SessionClaims }>();

export async function authenticateRegistrySecret(
  input: { username?: string; secret: string },
  request: RequestInfo,
): Promise<AuthResult> {
  if (!looksLikeToken(input.secret)) return authenticateSecret(input, request, 'registry');
  const key = createHash('sha256').update(`${input.username ?? ''}\0${input.secret}`).digest('base64');
  const now = Date.now();
  const hit = tokenCache.get(key);
  if (hit && now - hit.at < STALENESS_MS) {
    const principal = await principalForClaims(hit.claims, request);
    if (principal) return { ok: true, principal };
  }
  const result = await authenticateSecret(input, request, 'registry');
  if (result.ok) {
    if (tokenCache.size > 10_000) {
      for (const [k, v] of tokenCache) if (now - v.at >= STALENESS_MS) tokenCache.delete(k);
    }
    tokenCache.set(key, { at: now, claims: sessionClaims(result.principal) });
  } else {
    tokenCache.delete(key);
  }
  return result;
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
