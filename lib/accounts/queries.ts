// Accounts, organization memberships and teams: the only SQL of lib/accounts.
import { and, asc, eq, gt, inArray, sql, type SQL } from 'drizzle-orm';
import { db, type Executor } from '@/db';
import { accounts, orgMembers, teamMembers, teams, type Account, type NewAccount, type Team } from '@/db/schema';
import type { AccountFilter } from '@/lib/accounts/filters';


export async function findAccountByName(name: string): Promise<Account | undefined> {
  const [row] = await db.select().from(accounts).where(eq(accounts.name, name)).limit(1);
  return row;
}

export async function anyAdminExists(): Promise<boolean> {
  const [row] = await db.select({ id: accounts.id }).from(accounts).where(eq(accounts.isAdmin, true)).limit(1);
  return !!row;
}

/** The first admin: a new account, or an existing one of that name made an active admin. */
export async function upsertFirstAdmin(name: string, passwordHash: string) {
  await db
    .insert(accounts)
    .values({ name, isAdmin: true, passwordHash })
    .onConflictDoUpdate({ target: accounts.name, set: { isAdmin: true, isActive: true } });
}

export async function insertAccount(values: NewAccount, executor: Executor = db): Promise<Account> {
  const [row] = await executor.insert(accounts).values(values).returning();
  return row;
}

export async function updateAccount(
  id: string,
  values: Partial<Pick<Account, 'fullName' | 'isAdmin' | 'isActive'>>,
  executor: Executor = db,
): Promise<Account | undefined> {
  // On `executor`, never `db`: the embedded PGlite has one connection, held by an open transaction.
  if (Object.keys(values).length === 0) return (await executor.select().from(accounts).where(eq(accounts.id, id)))[0];
  // A deactivation records its moment: what was signed in before it stays out (SPEC 10).
  const deactivated = values.isActive === false ? { deactivatedAt: sql`now()` } : {};
  const [row] = await executor.update(accounts).set({ ...values, ...deactivated }).where(eq(accounts.id, id)).returning();
  return row;
}

function filterCondition(filter: AccountFilter): SQL | undefined {
  switch (filter) {
    case 'users':
      return eq(accounts.isOrg, false);
    case 'orgs':
      return eq(accounts.isOrg, true);
    case 'admins':
      return and(eq(accounts.isOrg, false), eq(accounts.isAdmin, true));
    case 'non-admins':
      return and(eq(accounts.isOrg, false), eq(accounts.isAdmin, false));
    case 'active-users':
      return and(eq(accounts.isOrg, false), eq(accounts.isActive, true));
    case 'inactive-users':
      return and(eq(accounts.isOrg, false), eq(accounts.isActive, false));
    default:
      return undefined;
  }
}

/** Accounts by name; `after` is the last name of the previous page. */
export async function listAccounts(opts: { filter: AccountFilter; after?: string; limit: number }) {
  return db
    .select()
    .from(accounts)
    .where(and(filterCondition(opts.filter), opts.after ? gt(accounts.name, opts.after) : undefined))
    .orderBy(asc(accounts.name))
    .limit(opts.limit);
}

/** A new password ends the lockout and every session that carries the old credentials version. */
export async function setPasswordHash(id: string, passwordHash: string, executor: Executor = db): Promise<Account | undefined> {
  const [row] = await executor
    .update(accounts)
    .set({
      passwordHash,
      credentialsVersion: sql`${accounts.credentialsVersion} + 1`,
    })
    .where(eq(accounts.id, id))
    .returning();
  return row;
}

/** True when the account went (a concurrent delete may have taken it first). */
export async function deleteAccountRow(id: string, executor: Executor = db): Promise<boolean> {
  const rows = await executor.delete(accounts).where(eq(accounts.id, id)).returning({ id: accounts.id });
  return rows.length > 0;
}

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

/** True when the team is still there (a concurrent delete may have taken it). */
export async function updateTeam(id: string, values: Partial<Pick<Team, 'name' | 'description'>>, executor: Executor = db): Promise<boolean> {
  const query = Object.keys(values).length > 0 ? executor.update(teams).set(values).where(eq(teams.id, id)).returning({ id: teams.id }) : executor.select({ id: teams.id }).from(teams).where(eq(teams.id, id));
  return (await query).length > 0;
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
