import { sql, type SQL } from 'drizzle-orm';
import { repositories, type Repository } from '@/db/schema';
import type { Principal } from '@/lib/credentials';

export const ACCESS_LEVELS = ['read-only', 'read-write', 'admin'] as const;
export type AccessLevel = (typeof ACCESS_LEVELS)[number];

const rank = (level: AccessLevel) => ACCESS_LEVELS.indexOf(level) + 1;

export function atLeast(level: AccessLevel | null, needed: AccessLevel): boolean {
  return level !== null && rank(level) >= rank(needed);
}

/** System-admin powers need an admin user and a credential of full scope. */
export const isSystemAdmin = (p: Principal) => p.user.isAdmin && p.scope === 'admin';

/** A token's scope caps what its owner could otherwise do. */
export function capByScope(level: AccessLevel | null, scope: AccessLevel): AccessLevel | null {
  if (level === null) return null;
  return rank(level) <= rank(scope) ? level : scope;
}

/**
 * Effective access of the principal to a repository (SPEC 3): admin for system admins and the
 * namespace's owner, read-only on public repositories, none otherwise; capped by the token's scope.
 * Resolved from the user's current row at every request, so a token follows its user's changes.
 */
export function effectiveAccess(principal: Principal | null, repo: Pick<Repository, 'namespaceId' | 'visibility'>): AccessLevel | null {
  let level: AccessLevel | null = repo.visibility === 'public' ? 'read-only' : null;
  if (principal && (principal.user.isAdmin || repo.namespaceId === principal.user.id)) level = 'admin';
  return principal ? capByScope(level, principal.scope) : level;
}

/** Admin on a namespace: its owner, or a system admin; capped by the credential's scope. */
export function adminOfNamespace(principal: Principal, namespaceId: string): boolean {
  const level = principal.user.isAdmin || principal.user.id === namespaceId ? 'admin' : null;
  return capByScope(level, principal.scope) === 'admin';
}

/** The same rule as `effectiveAccess`, as a SQL expression over `repositories` for list queries. */
export function accessRankSql(principal: Principal): SQL<number> {
  const { user } = principal;
  const uncapped = user.isAdmin
    ? sql`3`
    : sql`case when ${repositories.namespaceId} = ${user.id} then 3 when ${repositories.visibility} = 'public' then 1 else 0 end`;
  return sql<number>`least(${uncapped}, ${rank(principal.scope)})`;
}
