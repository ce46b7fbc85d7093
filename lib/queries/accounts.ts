import { and, asc, eq, gt, sql, type SQL } from 'drizzle-orm';
import { db, type Executor } from '@/db';
import { accounts, type Account, type NewAccount } from '@/db/schema';

export const ACCOUNT_FILTERS = ['all', 'users', 'orgs', 'admins', 'non-admins', 'active-users', 'inactive-users'] as const;
export type AccountFilter = (typeof ACCOUNT_FILTERS)[number];

export async function findAccountByName(name: string): Promise<Account | undefined> {
  const [row] = await db.select().from(accounts).where(eq(accounts.name, name)).limit(1);
  return row;
}

export async function findUserByName(name: string): Promise<Account | undefined> {
  const row = await findAccountByName(name);
  return row && !row.isOrg ? row : undefined;
}

export async function findAccountById(id: string): Promise<Account | undefined> {
  const [row] = await db.select().from(accounts).where(eq(accounts.id, id)).limit(1);
  return row;
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
  const [row] = await executor.update(accounts).set(values).where(eq(accounts.id, id)).returning();
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

export async function countAccounts(filter: AccountFilter): Promise<number> {
  const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(accounts).where(filterCondition(filter));
  return row.n;
}

/**
 * Counts a failed password in one statement, so concurrent failures all count; the attempt that
 * reaches the threshold locks password sign-in and starts a new count.
 */
export async function recordFailedPassword(id: string, threshold: number, lockMs: number, executor: Executor = db) {
  const [row] = await executor
    .update(accounts)
    .set({
      failedPasswordAttempts: sql`case when ${accounts.failedPasswordAttempts} + 1 >= ${threshold} then 0 else ${accounts.failedPasswordAttempts} + 1 end`,
      lockedUntil: sql`case when ${accounts.failedPasswordAttempts} + 1 >= ${threshold} then now() + make_interval(secs => ${lockMs / 1000}) else ${accounts.lockedUntil} end`,
    })
    .where(eq(accounts.id, id))
    .returning({ lockedUntil: accounts.lockedUntil });
  return row?.lockedUntil ?? null;
}

export async function clearFailedPasswords(id: string, executor: Executor = db) {
  await executor.update(accounts).set({ failedPasswordAttempts: 0, lockedUntil: null }).where(eq(accounts.id, id));
}

/** A new password ends the lockout and every session that carries the old credentials version. */
export async function setPasswordHash(id: string, passwordHash: string, executor: Executor = db): Promise<Account | undefined> {
  const [row] = await executor
    .update(accounts)
    .set({
      passwordHash,
      credentialsVersion: sql`${accounts.credentialsVersion} + 1`,
      failedPasswordAttempts: 0,
      lockedUntil: null,
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
