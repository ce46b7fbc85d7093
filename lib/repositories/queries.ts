// The SQL of lib/repositories: repositories, effective access as one expression, team grants, and
// what the registry reads and counts.
import { and, asc, eq, gt, or, sql, type SQL } from 'drizzle-orm';
import { db, type Executor } from '@/db';
import { accounts, orgMembers, repositories, teamMembers, teamRepositoryAccess, teams, type Account, type NewRepository } from '@/db/schema';
import type { Principal } from '@/lib/auth/principal';
import { rankOf } from '@/lib/repositories/access-levels';
import { restrictionValues } from '@/lib/access-tokens/restriction';

const publicRank = sql`case when ${repositories.visibility} = 'public' then 1 else 0 end`;

/**
 * Effective access of a principal (null: anonymous) to the repository of the row, as a SQL
 * expression ranked 0 (none) to 3 (admin) (SPEC 3): admin for system admins, the namespace's owner
 * and admins of the owning organization; otherwise the best grant of any team the user is in, and
 * read-only on public repositories; capped by the credential's scope and its repository restriction
 * (SPEC 12). Evaluated on one repository (or a team's granted ones) at a time, its subqueries are
 * primary-key lookups; lists of many repositories come from visible-queries.ts instead (decision 020).
 * The user's rows are read at every request, so every token follows its owner's permission changes at once.
 */
export function accessRankSql(principal: Principal | null): SQL<number> {
  if (!principal) return sql<number>`${publicRank}`;
  return accessRankOf({ userId: principal.user.id, isAdmin: principal.user.isAdmin, scopeRank: rankOf(principal.scope), restriction: restrictionValues(principal) });
}

/**
 * The same expression for a signed-in user, whose id and scope rank may be values or placeholders of
 * a prepared query (see `listAccessibleRepositories`).
 */
export function accessRankOf(user: { userId: unknown; isAdmin: boolean; scopeRank: unknown; restriction?: { names: unknown; namespaces: unknown } }): SQL<number> {
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
  const r = user.restriction;
  if (!r) return sql<number>`least(${uncapped}, ${user.scopeRank})`;
  // A restricted token reaches only its repositories and namespaces (SPEC 12), public ones included.
  const reached = sql`case when (${repositories.namespace} || '/' || ${repositories.name}) in (select jsonb_array_elements_text(${r.names}::jsonb))
      or ${repositories.namespace} in (select jsonb_array_elements_text(${r.namespaces}::jsonb)) then 3 else 0 end`;
  return sql<number>`least(${uncapped}, ${user.scopeRank}, ${reached})`;
}

/** The access rank (0 none … 3 admin) of a principal (null: anonymous) to one repository; undefined if it is gone. */
export async function accessRankTo(principal: Principal | null, repositoryId: string): Promise<number | undefined> {
  const [row] = await db
    .select({ rank: accessRankSql(principal) })
    .from(repositories)
    .where(eq(repositories.id, repositoryId));
  return row ? Number(row.rank) : undefined;
}

export type RepositoryCursor = { namespace: string; name: string };

const repositoryColumns = {
  id: repositories.id,
  namespaceId: repositories.namespaceId,
  namespace: repositories.namespace,
  namespaceIsOrg: accounts.isOrg,
  name: repositories.name,
  shortDescription: repositories.shortDescription,
  longDescription: repositories.longDescription,
  visibility: repositories.visibility,
  pulls: repositories.pulls,
  pushes: repositories.pushes,
  ...{ immutableTags: repositories.immutableTags, tagLimit: repositories.tagLimit }, // SPEC 11: what a push must respect
};

export type RepositoryRow = { [K in keyof typeof repositoryColumns]: (typeof repositoryColumns)[K]['_']['data'] };

export type RepositoryFilter = { namespace?: string; search?: string };

export async function insertRepository(values: NewRepository, executor: Executor = db) {
  const [row] = await executor.insert(repositories).values(values).returning();
  return row;
}

export async function findRepository(namespace: string, name: string): Promise<RepositoryRow | undefined> {
  const [row] = await db
    .select(repositoryColumns)
    .from(repositories)
    .innerJoin(accounts, eq(accounts.id, repositories.namespaceId))
    .where(and(eq(repositories.namespace, namespace), eq(repositories.name, name)));
  return row;
}

/** True when the repository is still there (a concurrent delete may have taken it). */
export async function updateRepository(
  id: string,
  values: Partial<Pick<NewRepository, 'shortDescription' | 'longDescription' | 'visibility' | 'immutableTags' | 'tagLimit'>>,
  executor: Executor = db,
): Promise<boolean> {
  const query =
    Object.keys(values).length > 0
      ? executor.update(repositories).set(values).where(eq(repositories.id, id)).returning({ id: repositories.id })
      : executor.select({ id: repositories.id }).from(repositories).where(eq(repositories.id, id));
  return (await query).length > 0;
}

/** Team grants on the repository go with it (cascade). */
export async function deleteRepository(id: string, executor: Executor = db): Promise<boolean> {
  const rows = await executor.delete(repositories).where(eq(repositories.id, id)).returning({ id: repositories.id });
  return rows.length > 0;
}

export async function grantTeamAccess(teamId: string, repositoryId: string, accessLevel: string, executor: Executor = db) {
  await executor
    .insert(teamRepositoryAccess)
    .values({ teamId, repositoryId, accessLevel })
    .onConflictDoUpdate({ target: [teamRepositoryAccess.teamId, teamRepositoryAccess.repositoryId], set: { accessLevel } });
}

export async function revokeTeamAccess(teamId: string, repositoryId: string, executor: Executor = db): Promise<boolean> {
  const rows = await executor
    .delete(teamRepositoryAccess)
    .where(and(eq(teamRepositoryAccess.teamId, teamId), eq(teamRepositoryAccess.repositoryId, repositoryId)))
    .returning({ teamId: teamRepositoryAccess.teamId });
  return rows.length > 0;
}

/** The teams with a grant on a repository, each with its member count (eNZi's Team JSON). */
export async function listTeamAccessForRepository(repositoryId: string) {
  return db
    .select({
      accessLevel: teamRepositoryAccess.accessLevel,
      team: {
        id: teams.id,
        orgId: teams.orgId,
        name: teams.name,
        description: teams.description,
        createdAt: teams.createdAt,
        membersCount: sql<number>`(${sql`select count(*)::int from ${teamMembers} where ${teamMembers.teamId} = ${teams.id}`})`,
      },
    })
    .from(teamRepositoryAccess)
    .innerJoin(teams, eq(teams.id, teamRepositoryAccess.teamId))
    .where(eq(teamRepositoryAccess.repositoryId, repositoryId))
    .orderBy(asc(teams.name));
}

/**
 * A team's grants on the repositories `viewer` may see: a member of the organization who is not in
 * the team learns nothing, not even the name, of a private repository they have no access to.
 */
export async function listRepositoryAccessForTeam(teamId: string, viewer: Principal, page: { after?: RepositoryCursor; limit: number }) {
  const after = page.after
    ? or(gt(repositories.namespace, page.after.namespace), and(eq(repositories.namespace, page.after.namespace), gt(repositories.name, page.after.name)))
    : undefined;
  return db
    .select({ accessLevel: teamRepositoryAccess.accessLevel, namespace: repositories.namespace, name: repositories.name })
    .from(teamRepositoryAccess)
    .innerJoin(repositories, eq(repositories.id, teamRepositoryAccess.repositoryId))
    .where(and(eq(teamRepositoryAccess.teamId, teamId), after, sql`${accessRankSql(viewer)} > 0`))
    .orderBy(asc(repositories.namespace), asc(repositories.name))
    .limit(page.limit);
}

/** A repository by its registry name, with the principal's access rank (0 none … 3 admin) in the same query. */
export async function findRepositoryWithAccess(principal: Principal | null, namespace: string, name: string) {
  const [row] = await db
    .select({ id: repositories.id, visibility: repositories.visibility, rank: accessRankSql(principal) })
    .from(repositories)
    .where(and(eq(repositories.namespace, namespace), eq(repositories.name, name)))
    .limit(1);
  return row ? { ...row, rank: Number(row.rank) } : undefined;
}

/** Creates a private repository for a first push; a concurrent first push finds the same row. */
export async function ensureRepository(
  namespace: Pick<Account, 'id' | 'name'>,
  name: string,
  executor: Executor = db,
): Promise<{ id: string; created: boolean } | null> {
  const [created] = await executor
    .insert(repositories)
    .values({ namespaceId: namespace.id, namespace: namespace.name, name, visibility: 'private' })
    .onConflictDoNothing()
    .returning({ id: repositories.id });
  if (created) return { id: created.id, created: true };
  const [existing] = await executor
    .select({ id: repositories.id })
    .from(repositories)
    .where(and(eq(repositories.namespace, namespace.name), eq(repositories.name, name)));
  // Neither inserted nor found: a concurrent delete took it between the two statements.
  return existing ? { id: existing.id, created: false } : null;
}

export async function countPull(repositoryId: string) {
  await db.update(repositories).set({ pulls: sql`${repositories.pulls} + 1` }).where(eq(repositories.id, repositoryId));
}

export async function countPush(repositoryId: string) {
  await db.update(repositories).set({ pushes: sql`${repositories.pushes} + 1` }).where(eq(repositories.id, repositoryId));
}
