import { and, asc, eq, gt, inArray, sql, type SQL } from 'drizzle-orm';
import { db, type Executor } from '@/db';
import { accounts, orgMembers, repositories, teamMembers, teamRepositoryAccess, teams, type Team } from '@/db/schema';

export async function findOrgMember(orgId: string, userId: string) {
  const [row] = await db
    .select()
    .from(orgMembers)
    .where(and(eq(orgMembers.orgId, orgId), eq(orgMembers.userId, userId)));
  return row;
}

export async function upsertOrgMember(orgId: string, userId: string, isAdmin: boolean, executor: Executor = db) {
  const [row] = await executor
    .insert(orgMembers)
    .values({ orgId, userId, isAdmin })
    .onConflictDoUpdate({ target: [orgMembers.orgId, orgMembers.userId], set: { isAdmin } })
    .returning();
  return row;
}

/** Leaving an organization also leaves its teams, and with them their grants. */
export async function removeOrgMember(orgId: string, userId: string, executor: Executor = db): Promise<boolean> {
  return executor.transaction(async (tx) => {
    const orgTeams = tx.select({ id: teams.id }).from(teams).where(eq(teams.orgId, orgId));
    await tx.delete(teamMembers).where(and(eq(teamMembers.userId, userId), inArray(teamMembers.teamId, orgTeams)));
    const removed = await tx
      .delete(orgMembers)
      .where(and(eq(orgMembers.orgId, orgId), eq(orgMembers.userId, userId)))
      .returning({ userId: orgMembers.userId });
    return removed.length > 0;
  });
}

export async function listOrgMembers(orgId: string, opts: { after?: string; limit: number }) {
  return db
    .select({ member: accounts, isAdmin: orgMembers.isAdmin })
    .from(orgMembers)
    .innerJoin(accounts, eq(accounts.id, orgMembers.userId))
    .where(and(eq(orgMembers.orgId, orgId), opts.after ? gt(accounts.name, opts.after) : undefined))
    .orderBy(asc(accounts.name))
    .limit(opts.limit);
}

/** Organizations the user belongs to, with whether they administer each. */
export async function listOrgsOfUser(userId: string) {
  return db
    .select({ org: accounts, isAdmin: orgMembers.isAdmin })
    .from(orgMembers)
    .innerJoin(accounts, eq(accounts.id, orgMembers.orgId))
    .where(eq(orgMembers.userId, userId))
    .orderBy(asc(accounts.name));
}

/**
 * A correlated subquery as a selected field. Drizzle writes the columns at the top level of a field's
 * SQL without their table in a single-table select (`"org_id" = "id"`), so an inner `id` would bind to
 * the subquery's own table; nested in a second `sql`, they keep their table names.
 */
const subquery = <T>(query: SQL) => sql<T>`(${query})`;

const teamColumns = {
  id: teams.id,
  orgId: teams.orgId,
  name: teams.name,
  description: teams.description,
  createdAt: teams.createdAt,
  membersCount: subquery<number>(sql`select count(*)::int from ${teamMembers} where ${teamMembers.teamId} = ${teams.id}`),
};
export type TeamRow = Team & { membersCount: number };

export async function insertTeam(values: { orgId: string; name: string; description: string }, executor: Executor = db): Promise<TeamRow> {
  const [row] = await executor.insert(teams).values(values).returning();
  return { ...row, membersCount: 0 };
}

export async function findTeam(orgId: string, name: string): Promise<TeamRow | undefined> {
  const [row] = await db
    .select(teamColumns)
    .from(teams)
    .where(and(eq(teams.orgId, orgId), eq(teams.name, name)));
  return row;
}

export async function listTeams(orgId: string, opts: { after?: string; limit: number; memberId?: string }) {
  const memberOf = opts.memberId
    ? sql`exists (select 1 from ${teamMembers} where ${teamMembers.teamId} = ${teams.id} and ${teamMembers.userId} = ${opts.memberId})`
    : undefined;
  return db
    .select(teamColumns)
    .from(teams)
    .where(and(eq(teams.orgId, orgId), opts.after ? gt(teams.name, opts.after) : undefined, memberOf))
    .orderBy(asc(teams.name))
    .limit(opts.limit);
}

export async function updateTeam(id: string, values: Partial<Pick<Team, 'name' | 'description'>>, executor: Executor = db) {
  if (Object.keys(values).length > 0) await executor.update(teams).set(values).where(eq(teams.id, id));
}

/** Deleting a team removes its memberships and grants (cascade), nothing else; true when it went. */
export async function deleteTeam(id: string, executor: Executor = db): Promise<boolean> {
  const rows = await executor.delete(teams).where(eq(teams.id, id)).returning({ id: teams.id });
  return rows.length > 0;
}

export async function listTeamMembers(teamId: string, opts: { after?: string; limit: number }) {
  return db
    .select({ member: accounts })
    .from(teamMembers)
    .innerJoin(accounts, eq(accounts.id, teamMembers.userId))
    .where(and(eq(teamMembers.teamId, teamId), opts.after ? gt(accounts.name, opts.after) : undefined))
    .orderBy(asc(accounts.name))
    .limit(opts.limit);
}

/** Joining a team makes the user a member of its organization too, in one transaction. */
export async function addTeamMember(team: Pick<Team, 'id' | 'orgId'>, userId: string, executor: Executor = db) {
  await executor.transaction(async (tx) => {
    await tx.insert(orgMembers).values({ orgId: team.orgId, userId }).onConflictDoNothing();
    await tx.insert(teamMembers).values({ teamId: team.id, userId }).onConflictDoNothing();
  });
}

export async function removeTeamMember(teamId: string, userId: string, executor: Executor = db): Promise<boolean> {
  const rows = await executor
    .delete(teamMembers)
    .where(and(eq(teamMembers.teamId, teamId), eq(teamMembers.userId, userId)))
    .returning({ userId: teamMembers.userId });
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

export async function listTeamAccessForRepository(repositoryId: string) {
  return db
    .select({ accessLevel: teamRepositoryAccess.accessLevel, team: teamColumns })
    .from(teamRepositoryAccess)
    .innerJoin(teams, eq(teams.id, teamRepositoryAccess.teamId))
    .where(eq(teamRepositoryAccess.repositoryId, repositoryId))
    .orderBy(asc(teams.name));
}

export async function listRepositoryAccessForTeam(teamId: string) {
  return db
    .select({ accessLevel: teamRepositoryAccess.accessLevel, namespace: repositories.namespace, name: repositories.name })
    .from(teamRepositoryAccess)
    .innerJoin(repositories, eq(repositories.id, teamRepositoryAccess.repositoryId))
    .where(eq(teamRepositoryAccess.teamId, teamId))
    .orderBy(asc(repositories.namespace), asc(repositories.name));
}

/** Member and team counts of accounts (zero for users), for eNZi's account JSON. */
export async function accountCounts(ids: string[]): Promise<Map<string, { membersCount: number; teamsCount: number }>> {
  const counts = new Map<string, { membersCount: number; teamsCount: number }>();
  if (ids.length === 0) return counts;
  const rows = await db
    .select({
      id: accounts.id,
      membersCount: subquery<number>(sql`select count(*)::int from ${orgMembers} where ${orgMembers.orgId} = ${accounts.id}`),
      teamsCount: subquery<number>(sql`select count(*)::int from ${teams} where ${teams.orgId} = ${accounts.id}`),
    })
    .from(accounts)
    .where(inArray(accounts.id, ids));
  for (const row of rows) counts.set(row.id, { membersCount: row.membersCount, teamsCount: row.teamsCount });
  return counts;
}
