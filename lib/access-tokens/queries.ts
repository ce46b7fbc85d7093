import { and, asc, desc, eq, getTableColumns, inArray, sql, type SQL } from 'drizzle-orm';
import { db, type Executor } from '@/db';
import { accessTokens, accounts, type NewToken, type Token } from '@/db/schema';
import { retiredTokenSecrets } from '@/db/schema-rotation';
import type { TimeCursor } from '@/lib/validation';
import { DEFAULT_TOKEN_SORT, type TokenSort, type TokenSortKey } from '@/lib/access-tokens/sort';
import { inventoryConditions, type InventoryFilters } from '@/lib/access-tokens/inventory-queries';

export type TokenWithOwner = Token & { username: string };

const withOwner = { ...getTableColumns(accessTokens), username: accounts.name };

export async function insertToken(values: NewToken, executor: Executor = db): Promise<Token> {
  const [row] = await executor.insert(accessTokens).values(values).returning();
  return row;
}

/**
 * The sort keys of the token list, spelled as the indexes (owner_id, key, id) of db/schema.ts are:
 * one non-null timestamptz per row, never-used as '-infinity' and never-expiring as 'infinity'.
 */
const sortKeys: Record<TokenSortKey, SQL> = {
  created: sql`${accessTokens.createdAt}`,
  lastUsed: sql`coalesce(${accessTokens.lastUsed}, '-infinity'::timestamptz)`,
  expires: sql`coalesce(${accessTokens.expiresAt}, 'infinity'::timestamptz)`,
};

/**
 * One page in `sort` (newest first by default); the cursor is the (key, id) of the last row of the
 * previous page, with the key as the database's text (`cursorAt`), so no rounding skips a row.
 */
export async function listTokens(opts: {
  ownerId?: string;
  after?: TimeCursor;
  limit: number;
  filters?: InventoryFilters;
  sort?: TokenSort;
}): Promise<(TokenWithOwner & { cursorAt: string })[]> {
  const { by, order } = opts.sort ?? DEFAULT_TOKEN_SORT;
  const key = sortKeys[by];
  const beyond = order === 'desc' ? sql`<` : sql`>`;
  const cursor: SQL | undefined = opts.after
    ? sql`(${key}, ${accessTokens.id}) ${beyond} (${opts.after.at}::timestamptz, ${opts.after.id}::uuid)`
    : undefined;
  const direction = order === 'desc' ? desc : asc;
  return db
    .select({ ...withOwner, cursorAt: sql<string>`(${key})::text` })
    .from(accessTokens)
    .innerJoin(accounts, eq(accounts.id, accessTokens.ownerId))
    .where(and(opts.ownerId ? eq(accessTokens.ownerId, opts.ownerId) : undefined, cursor, ...inventoryConditions(opts.filters)))
    .orderBy(direction(key), direction(accessTokens.id))
    .limit(opts.limit);
}

export async function countTokens(ownerId?: string, filters?: InventoryFilters): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(accessTokens)
    .where(and(ownerId ? eq(accessTokens.ownerId, ownerId) : undefined, ...inventoryConditions(filters)));
  return row.n;
}

/** `ownerId` confines the lookup to one user's tokens; without it, every user's (for admins). */
function scoped(hashedToken: string, ownerId?: string) {
  return and(eq(accessTokens.hashedToken, hashedToken), ownerId ? eq(accessTokens.ownerId, ownerId) : undefined);
}

export async function getToken(hashedToken: string, ownerId?: string): Promise<TokenWithOwner | undefined> {
  const [row] = await db
    .select(withOwner)
    .from(accessTokens)
    .innerJoin(accounts, eq(accounts.id, accessTokens.ownerId))
    .where(scoped(hashedToken, ownerId))
    .limit(1);
  return row;
}

/** Updates one token; answers the row as it was before, or undefined when none matched. */
export async function updateToken(
  hashedToken: string,
  ownerId: string | undefined,
  values: Partial<Pick<Token, 'tokenLabel' | 'isActive'>>,
  executor: Executor = db,
): Promise<Token | undefined> {
  const [before] = await executor.select().from(accessTokens).where(scoped(hashedToken, ownerId)).for('update');
  if (!before) return undefined;
  // A deactivation records its moment: what was signed in with the token before it stays out (SPEC 10).
  const deactivated = values.isActive === false ? { deactivatedAt: sql`now()` } : {};
  if (Object.keys(values).length > 0) await executor.update(accessTokens).set({ ...values, ...deactivated }).where(eq(accessTokens.id, before.id));
  return before;
}

/** Deletes the matching tokens; answers the deleted rows with their owners' names. */
export async function deleteTokens(hashedTokens: string[], ownerId?: string, executor: Executor = db) {
  if (hashedTokens.length === 0) return [];
  return executor
    .delete(accessTokens)
    .where(
      and(inArray(accessTokens.hashedToken, hashedTokens), ownerId ? eq(accessTokens.ownerId, ownerId) : undefined),
    )
    .returning({ id: accessTokens.id, hint: accessTokens.hint, ownerId: accessTokens.ownerId, tokenLabel: accessTokens.tokenLabel });
}

/**
 * Rotation (SPEC 12): the current secret joins the retired ones, the new one takes its place in the
 * same row (so id, label, owner, scope, restriction and expiry stay), the generation goes up, and the
 * grace period of the previous generation starts (none for 0); an older grace ends with it. Answers
 * the row as it was before and after, or undefined when none matched.
 */
export async function rotateTokenRow(
  hashedToken: string,
  ownerId: string | undefined,
  next: { hashedToken: string; hint: string; graceHours: number },
  executor: Executor,
): Promise<{ before: Token; after: Token } | undefined> {
  const [before] = await executor.select().from(accessTokens).where(scoped(hashedToken, ownerId)).for('update');
  if (!before) return undefined;
  await executor.insert(retiredTokenSecrets).values({ hashedToken: before.hashedToken, tokenId: before.id, generation: before.secretGeneration, hint: before.hint });
  const [after] = await executor
    .update(accessTokens)
    .set({
      hashedToken: next.hashedToken,
      hint: next.hint,
      secretGeneration: sql`${accessTokens.secretGeneration} + 1`,
      rotatingUntil: next.graceHours > 0 ? sql`now() + make_interval(hours => ${next.graceHours})` : null,
    })
    .where(eq(accessTokens.id, before.id))
    .returning();
  return { before, after };
}

/**
 * The user's active tokens that need attention: expiring within `expiringDays`, or unused (never
 * used, counting from creation) for `unusedDays`.
 */
export async function tokensNeedingAttention(ownerId: string, expiringDays: number, unusedDays: number) {
  const [row] = await db
    .select({
      expiring: sql<number>`count(*) filter (where ${accessTokens.expiresAt} > now() and ${accessTokens.expiresAt} <= now() + make_interval(days => ${expiringDays}))::int`,
      unused: sql<number>`count(*) filter (where coalesce(${accessTokens.lastUsed}, ${accessTokens.createdAt}) < now() - make_interval(days => ${unusedDays}) and (${accessTokens.expiresAt} is null or ${accessTokens.expiresAt} > now()))::int`,
    })
    .from(accessTokens)
    .where(and(eq(accessTokens.ownerId, ownerId), eq(accessTokens.isActive, true)));
  return row;
}

export async function deactivateTokenById(id: string, executor: Executor = db) {
  await executor.update(accessTokens).set({ isActive: false, deactivatedAt: sql`now()` }).where(eq(accessTokens.id, id));
}

/** The token a secret belongs to: as its current secret, or as a secret a rotation retired. */
export async function tokenBySecretHash(hash: string, executor: Executor): Promise<{ token: TokenWithOwner; retired: boolean } | undefined> {
  const [current] = await executor.select(withOwner).from(accessTokens).innerJoin(accounts, eq(accounts.id, accessTokens.ownerId)).where(eq(accessTokens.hashedToken, hash)).limit(1);
  if (current) return { token: current, retired: false };
  const [old] = await executor
    .select(withOwner)
    .from(retiredTokenSecrets)
    .innerJoin(accessTokens, eq(accessTokens.id, retiredTokenSecrets.tokenId))
    .innerJoin(accounts, eq(accounts.id, accessTokens.ownerId))
    .where(eq(retiredTokenSecrets.hashedToken, hash))
    .limit(1);
  return old && { token: old, retired: true };
}

/**
 * Records a leak of a token's current secret and deactivates it; a token already reported and still
 * inactive is left as it is (a replayed report). Answers whether anything changed.
 */
export async function recordLeak(id: string, url: string, executor: Executor): Promise<boolean> {
  const rows = await executor
    .update(accessTokens)
    .set({ isActive: false, deactivatedAt: sql`case when ${accessTokens.isActive} then now() else ${accessTokens.deactivatedAt} end`, leakedAt: sql`now()`, leakUrl: url })
    .where(and(eq(accessTokens.id, id), sql`(${accessTokens.leakedAt} is null or ${accessTokens.isActive})`))
    .returning({ id: accessTokens.id });
  return rows.length > 0;
}

/** A leaked retired secret still in its grace period: the grace ends now, so it stops working. */
export async function endGraceForLeak(id: string, url: string, executor: Executor): Promise<boolean> {
  const rows = await executor
    .update(accessTokens)
    .set({ rotatingUntil: sql`now()`, leakedAt: sql`now()`, leakUrl: url })
    .where(and(eq(accessTokens.id, id), sql`${accessTokens.rotatingUntil} > now()`))
    .returning({ id: accessTokens.id });
  return rows.length > 0;
}

/** The user's tokens reported leaked within `days`, newest report first. */
export async function leakedTokensOf(ownerId: string, days: number) {
  return db
    .select({ hint: accessTokens.hint, tokenLabel: accessTokens.tokenLabel, leakedAt: accessTokens.leakedAt, leakUrl: accessTokens.leakUrl })
    .from(accessTokens)
    .where(and(eq(accessTokens.ownerId, ownerId), sql`${accessTokens.leakedAt} > now() - make_interval(days => ${days})`))
    .orderBy(desc(accessTokens.leakedAt))
    .limit(5);
}
