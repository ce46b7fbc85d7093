import { and, eq, sql, type SQL } from 'drizzle-orm';
import { db } from '@/db';
import { orgMembers, repositories, teamMembers, teamRepositoryAccess, type Account } from '@/db/schema';
import type { Principal } from '@/lib/credentials';

export const ACCESS_LEVELS = ['read-only', 'read-write', 'admin'] as const;
export type AccessLevel = (typeof ACCESS_LEVELS)[number];

const rank = (level: AccessLevel) => ACCESS_LEVELS.indexOf(level) + 1;
const levelOf = (n: number): AccessLevel | null => ACCESS_LEVELS[n - 1] ?? null;

export function atLeast(level: AccessLevel | null, needed: AccessLevel): boolean {
  return level !== null && rank(level) >= rank(needed);
}

/** System-admin powers need an admin user and a credential of full scope. */
export const isSystemAdmin = (p: Principal) => p.user.isAdmin && p.scope === 'admin';

const publicRank = sql`case when ${repositories.visibility} = 'public' then 1 else 0 end`;

/**
 * Effective access as a SQL expression over `repositories`, ranked 0 (none) to 3 (admin), so the
 * repository list is one query (SPEC 3): admin for system admins, the namespace's owner and admins of
 * the owning organization; otherwise the best grant of any team the user is in, and read-only on
 * public repositories; capped by the credential's scope. The user's rows are read at every request,
 * so every token follows its owner's permission changes at once.
 */
export function accessRankSql(principal: Principal | null): SQL<number> {
  if (!principal) return sql<number>`${publicRank}`;
  return accessRankOf({ userId: principal.user.id, isAdmin: principal.user.isAdmin, scopeRank: rank(principal.scope) });
}

/**
 * The same expression for a signed-in user, whose id and scope rank may be values or placeholders of
 * a prepared query (see `listAccessibleRepositories`).
 */
export function accessRankOf(user: { userId: unknown; isAdmin: boolean; scopeRank: unknown }): SQL<number> {
  const uid = user.userId;
  const uncapped = user.isAdmin
    ? sql`3`
    : sql`case
        when ${repositories.namespaceId} = ${uid} then 3
        when exists (select 1 from ${orgMembers} where ${orgMembers.orgId} = ${repositories.namespaceId}
          and ${orgMembers.userId} = ${uid} and ${orgMembers.isAdmin}) then 3
        else greatest(${publicRank}, (
          select coalesce(max(case ${teamRepositoryAccess.accessLevel} when 'admin' then 3 when 'read-write' then 2 else 1 end), 0)
          from ${teamRepositoryAccess} join ${teamMembers} on ${teamMembers.teamId} = ${teamRepositoryAccess.teamId}
          where ${teamRepositoryAccess.repositoryId} = ${repositories.id} and ${teamMembers.userId} = ${uid}))
      end`;
  return sql<number>`least(${uncapped}, ${user.scopeRank})`;
}

/** A credential scope's rank in `accessRankOf`. */
export const scopeRank = (principal: Principal) => rank(principal.scope);

/** The effective access of a principal (null: anonymous) to one repository. */
export async function effectiveAccess(principal: Principal | null, repositoryId: string): Promise<AccessLevel | null> {
  const [row] = await db
    .select({ rank: accessRankSql(principal) })
    .from(repositories)
    .where(eq(repositories.id, repositoryId));
  return row ? levelOf(Number(row.rank)) : null;
}

/** Admin of an organization: a system admin or one of its admins, with a full-scope credential. */
export async function isOrgAdmin(principal: Principal, orgId: string): Promise<boolean> {
  if (principal.scope !== 'admin') return false;
  if (principal.user.isAdmin) return true;
  const [row] = await db
    .select({ isAdmin: orgMembers.isAdmin })
    .from(orgMembers)
    .where(and(eq(orgMembers.orgId, orgId), eq(orgMembers.userId, principal.user.id)));
  return row?.isAdmin ?? false;
}

/** Admin on a namespace: its owner, an admin of the owning organization, or a system admin. */
export async function adminOfNamespace(principal: Principal, namespace: Pick<Account, 'id' | 'isOrg'>): Promise<boolean> {
  if (principal.scope !== 'admin') return false;
  if (principal.user.isAdmin || principal.user.id === namespace.id) return true;
  return namespace.isOrg && isOrgAdmin(principal, namespace.id);
}
