// The credential path's SQL: the rows a secret is checked against, the counted attempts (lockout and
// rate limits) and the stored secrets. Only lib/auth calls these.
import { and, desc, eq, gt, inArray, isNull, lt, ne, or, sql } from 'drizzle-orm';
import { db, type Executor } from '@/db';
import { accessTokens, accounts, authLimits, settings, webSessions, type Account, type Token } from '@/db/schema';
import { retiredTokenSecrets } from '@/db/schema-rotation';

export async function findUserByName(name: string): Promise<Account | undefined> {
  const [row] = await db
    .select()
    .from(accounts)
    .where(and(eq(accounts.name, name), eq(accounts.isOrg, false)))
    .limit(1);
  return row;
}

export async function findAccountById(id: string): Promise<Account | undefined> {
  const [row] = await db.select().from(accounts).where(eq(accounts.id, id)).limit(1);
  return row;
}

/** The token and its owner in one query: the hot path of every token-authenticated request. */
export async function findTokenByHash(hashedToken: string) {
  const [row] = await db
    .select({ token: accessTokens, owner: accounts })
    .from(accessTokens)
    .innerJoin(accounts, eq(accounts.id, accessTokens.ownerId))
    .where(eq(accessTokens.hashedToken, hashedToken))
    .limit(1);
  return row;
}

/** A secret a rotation replaced, with its token and the token's owner (asked only when no token has it now). */
export async function findRetiredSecret(hashedToken: string) {
  const [row] = await db
    .select({ retired: retiredTokenSecrets, token: accessTokens, owner: accounts })
    .from(retiredTokenSecrets)
    .innerJoin(accessTokens, eq(accessTokens.id, retiredTokenSecrets.tokenId))
    .innerJoin(accounts, eq(accounts.id, accessTokens.ownerId))
    .where(eq(retiredTokenSecrets.hashedToken, hashedToken))
    .limit(1);
  return row;
}

export async function findTokenById(id: string): Promise<Token | undefined> {
  const [row] = await db.select().from(accessTokens).where(eq(accessTokens.id, id)).limit(1);
  return row;
}

/** Writes last-used time and IP at most once a minute per token; true when it wrote. */
export async function touchToken(id: string, ip: string, executor: Executor = db): Promise<boolean> {
  const rows = await executor
    .update(accessTokens)
    .set({ lastUsed: sql`now()`, lastUsedIp: ip })
    .where(
      and(
        eq(accessTokens.id, id),
        or(isNull(accessTokens.lastUsed), lt(accessTokens.lastUsed, sql`now() - interval '1 minute'`)),
      ),
    )
    .returning({ id: accessTokens.id });
  return rows.length > 0;
}

/** An in-flight reservation older than this is a crashed request's: it no longer holds a place. */
const STALE_IN_FLIGHT = sql`interval '60 seconds'`;

export type LimitRule = { key: string; windowMs: number; windowLimit: number; lockThreshold?: number };

/**
 * Takes one place for an attempt under `rule` in one statement, or none: the row's lock, its window's
 * failures plus the attempts in flight, and (for a username) its failures in a row must all leave room.
 * True when the place was taken.
 */
export async function reservePlace(rule: LimitRule, executor: Executor = db): Promise<boolean> {
  const window = sql`make_interval(secs => ${rule.windowMs / 1000})`;
  const expired = sql`${authLimits.windowStart} <= now() - ${window}`;
  const live = sql`(case when ${authLimits.inFlightAt} < now() - ${STALE_IN_FLIGHT} then 0 else ${authLimits.inFlight} end)`;
  const rows = await executor
    .insert(authLimits)
    .values({ key: rule.key, inFlight: 1, inFlightAt: sql`now()` })
    .onConflictDoUpdate({
      target: authLimits.key,
      set: {
        windowStart: sql`case when ${expired} then now() else ${authLimits.windowStart} end`,
        windowFailures: sql`case when ${expired} then 0 else ${authLimits.windowFailures} end`,
        inFlight: sql`${live} + 1`,
        inFlightAt: sql`now()`,
        updatedAt: sql`now()`,
      },
      setWhere: and(
        or(isNull(authLimits.lockedUntil), sql`${authLimits.lockedUntil} <= now()`),
        or(expired, sql`${authLimits.windowFailures} + ${live} < ${rule.windowLimit}`),
        rule.lockThreshold === undefined ? undefined : sql`${authLimits.consecutiveFailures} + ${live} < ${rule.lockThreshold}`,
      ),
    })
    .returning({ key: authLimits.key });
  return rows.length > 0;
}

/**
 * Settles a reserved attempt: the place is given back, and a failure counts in the window and, for a
 * username, in a row (the one that reaches the threshold locks it for `lockMs` and starts a new
 * count); a success ends the run of failures. Answers the row's lock as it is now.
 */
export async function settlePlace(
  rule: LimitRule & { lockMs?: number },
  outcome: 'failed' | 'succeeded',
  executor: Executor = db,
): Promise<{ lockedUntil: Date | null; lockedNow: boolean }> {
  const failed = outcome === 'failed';
  const trips = rule.lockThreshold !== undefined && failed ? sql`${authLimits.consecutiveFailures} + 1 >= ${rule.lockThreshold}` : sql`false`;
  const [row] = await executor
    .update(authLimits)
    .set({
      inFlight: sql`greatest(${authLimits.inFlight} - 1, 0)`,
      windowFailures: failed ? sql`${authLimits.windowFailures} + 1` : authLimits.windowFailures,
      consecutiveFailures: failed ? sql`case when ${trips} then 0 else ${authLimits.consecutiveFailures} + 1 end` : sql`0`,
      lockedUntil: sql`case when ${trips} then now() + make_interval(secs => ${(rule.lockMs ?? 0) / 1000}) else ${authLimits.lockedUntil} end`,
      updatedAt: sql`now()`,
    })
    .where(eq(authLimits.key, rule.key))
    .returning({
      lockedUntil: authLimits.lockedUntil,
      // RETURNING sees the new row: a failure that tripped the lock started a new count under a running lock.
      lockedNow: sql<boolean>`${failed && rule.lockThreshold !== undefined} and ${authLimits.consecutiveFailures} = 0 and ${authLimits.lockedUntil} > now()`,
    });
  return { lockedUntil: row?.lockedUntil ?? null, lockedNow: !!row?.lockedNow };
}

/** Counts a failure that reserved no place (a token): in the window only; false when the window was full. */
export async function countFailure(rule: LimitRule, executor: Executor = db): Promise<boolean> {
  const window = sql`make_interval(secs => ${rule.windowMs / 1000})`;
  const expired = sql`${authLimits.windowStart} <= now() - ${window}`;
  const rows = await executor
    .insert(authLimits)
    .values({ key: rule.key, windowFailures: 1 })
    .onConflictDoUpdate({
      target: authLimits.key,
      set: {
        windowStart: sql`case when ${expired} then now() else ${authLimits.windowStart} end`,
        windowFailures: sql`case when ${expired} then 1 else ${authLimits.windowFailures} + 1 end`,
        updatedAt: sql`now()`,
      },
      setWhere: or(expired, sql`${authLimits.windowFailures} < ${rule.windowLimit}`),
    })
    .returning({ key: authLimits.key });
  return rows.length > 0;
}

export type LimitState = { key: string; lockedFor: number | null; windowFor: number | null; windowFailures: number };

/**
 * The state of some keys now: seconds left of a lock, seconds left of a window that holds failures
 * (null when there is none), and the window's failures.
 */
export async function limitStates(keys: string[], windowMs: number): Promise<LimitState[]> {
  if (keys.length === 0) return [];
  const window = sql`make_interval(secs => ${windowMs / 1000})`;
  const rows = await db
    .select({
      key: authLimits.key,
      lockedFor: sql<number | null>`case when ${authLimits.lockedUntil} > now() then ceil(extract(epoch from ${authLimits.lockedUntil} - now()))::int end`,
      windowFor: sql<number | null>`case when ${authLimits.windowStart} > now() - ${window} then ceil(extract(epoch from ${authLimits.windowStart} + ${window} - now()))::int end`,
      windowFailures: sql<number>`case when ${authLimits.windowStart} > now() - ${window} then ${authLimits.windowFailures} else 0 end`,
    })
    .from(authLimits)
    .where(inArray(authLimits.key, keys));
  return rows.map((r) => ({ ...r, lockedFor: r.lockedFor === null ? null : Number(r.lockedFor), windowFor: r.windowFor === null ? null : Number(r.windowFor), windowFailures: Number(r.windowFailures) }));
}

/** Locks of some keys that are still running, with their end. */
export async function runningLocks(keys: string[]): Promise<{ key: string; lockedUntil: Date }[]> {
  if (keys.length === 0) return [];
  const rows = await db
    .select({ key: authLimits.key, lockedUntil: authLimits.lockedUntil })
    .from(authLimits)
    .where(and(inArray(authLimits.key, keys), sql`${authLimits.lockedUntil} > now()`));
  return rows.flatMap((r) => (r.lockedUntil ? [{ key: r.key, lockedUntil: r.lockedUntil }] : []));
}

/** Forgets a key and every key that starts with `prefix` (an unlock: the username and its pairs). */
export async function forgetKeys(key: string, prefix: string, executor: Executor = db) {
  await executor.delete(authLimits).where(or(eq(authLimits.key, key), sql`starts_with(${authLimits.key}, ${prefix})`));
}

/** Rows whose window, lock and reservations have all run out: nothing is lost by removing them. */
export async function pruneLimits(windowMs: number, limit = 1000): Promise<number> {
  const window = sql`make_interval(secs => ${windowMs / 1000})`;
  const rows = await db
    .delete(authLimits)
    .where(
      inArray(
        authLimits.key,
        db
          .select({ key: authLimits.key })
          .from(authLimits)
          .where(
            and(
              sql`${authLimits.updatedAt} < now() - ${window} - ${STALE_IN_FLIGHT}`,
              or(isNull(authLimits.lockedUntil), sql`${authLimits.lockedUntil} <= now()`),
            ),
          )
          .limit(limit),
      ),
    )
    .returning({ key: authLimits.key });
  return rows.length;
}

export async function insertSession(values: { userId: string; tokenId: string | null; tokenGeneration: number; credentialsVersion: number; lifetimeMs: number; ip: string; userAgent: string }) {
  const [row] = await db
    .insert(webSessions)
    .values({
      userId: values.userId,
      tokenId: values.tokenId,
      tokenGeneration: values.tokenGeneration,
      credentialsVersion: values.credentialsVersion,
      expiresAt: sql`now() + make_interval(secs => ${values.lifetimeMs / 1000})`,
      ip: values.ip,
      userAgent: values.userAgent,
    })
    .returning();
  return row;
}

/** A session that has not ended, with its user and the token it began with, in one query. */
export async function findLiveSession(id: string) {
  const [row] = await db
    .select({ session: webSessions, user: accounts, token: accessTokens })
    .from(webSessions)
    .innerJoin(accounts, eq(accounts.id, webSessions.userId))
    .leftJoin(accessTokens, eq(accessTokens.id, webSessions.tokenId))
    .where(and(eq(webSessions.id, id), gt(webSessions.expiresAt, sql`now()`)))
    .limit(1);
  return row;
}

/** Last seen time and address, written at most once a minute per session. */
export async function touchSession(id: string, ip: string, userAgent: string) {
  await db
    .update(webSessions)
    .set({ lastSeenAt: sql`now()`, ip, userAgent })
    .where(and(eq(webSessions.id, id), lt(webSessions.lastSeenAt, sql`now() - interval '1 minute'`)));
}

export async function listLiveSessions(userId: string, limit: number) {
  return db
    .select({ session: webSessions, tokenHint: accessTokens.hint })
    .from(webSessions)
    .leftJoin(accessTokens, eq(accessTokens.id, webSessions.tokenId))
    .where(and(eq(webSessions.userId, userId), gt(webSessions.expiresAt, sql`now()`)))
    .orderBy(desc(webSessions.lastSeenAt))
    .limit(limit);
}

/** Deletes one session of the user; true when it went. */
export async function deleteSession(id: string, userId: string, executor: Executor = db): Promise<boolean> {
  const rows = await executor
    .delete(webSessions)
    .where(and(eq(webSessions.id, id), eq(webSessions.userId, userId)))
    .returning({ id: webSessions.id });
  return rows.length > 0;
}

/** Deletes every session of the user but `keep`; answers how many went. */
export async function deleteOtherSessions(userId: string, keep: string | undefined, executor: Executor = db): Promise<number> {
  const rows = await executor
    .delete(webSessions)
    .where(and(eq(webSessions.userId, userId), keep ? ne(webSessions.id, keep) : undefined))
    .returning({ id: webSessions.id });
  return rows.length;
}

/** Ended sessions, in batches: nothing is lost by removing them. */
export async function pruneSessions(limit = 1000): Promise<number> {
  const ended = db.select({ id: webSessions.id }).from(webSessions).where(lt(webSessions.expiresAt, sql`now()`)).limit(limit);
  const rows = await db.delete(webSessions).where(inArray(webSessions.id, ended)).returning({ id: webSessions.id });
  return rows.length;
}

/** A stored secret, written by the first instance that needs it; everyone reads the stored value. */
export async function storedSetting(key: string, generate: () => string): Promise<string> {
  await db.insert(settings).values({ key, value: generate() }).onConflictDoNothing();
  const [row] = await db.select().from(settings).where(eq(settings.key, key));
  return row.value;
}

/** PostgreSQL's LISTEN/NOTIFY channel on which instances announce changes that can end a credential. */
export const CREDENTIALS_CHANNEL = 'berth_credentials';

/** Announces a change to every instance listening; in a transaction, it is sent when that commits. */
export async function announceCredentialChange(action: string, executor: Executor = db) {
  await executor.execute(sql`select pg_notify(${CREDENTIALS_CHANNEL}, ${action})`);
}
