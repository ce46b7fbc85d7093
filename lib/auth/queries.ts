// The credential path's SQL: the rows a secret is checked against, the lockout counters, the
// rate-limit counts and the stored secrets. Only lib/auth calls these.
import { and, eq, isNull, lt, or, sql } from 'drizzle-orm';
import { db, queryRows, type Executor } from '@/db';
import { accessTokens, accounts, auditEvents, settings, type Account, type Token } from '@/db/schema';

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

const failures = sql`${auditEvents.action} in ('signin.failed', 'auth.failed')`;

/**
 * Seconds until an attempt may be made again (null: not limited) for the address's failures and the
 * username's failed passwords within the window, and whether a password of that username failed from
 * this address (see rate-limit.ts).
 */
export async function recentFailures(attempt: { ip: string; username: string | null }, limits: { userFailures: number; ipFailures: number; windowMs: number }) {
  const window = sql`now() - make_interval(secs => ${limits.windowMs / 1000})`;
  const retry = (at: ReturnType<typeof sql>) =>
    sql`ceil(extract(epoch from (${at}) + make_interval(secs => ${limits.windowMs / 1000}) - now()))::int`;
  const ipAt = sql`(select ${auditEvents.at} from ${auditEvents} where ${failures} and ${auditEvents.ip} = ${attempt.ip}
    and ${auditEvents.at} > ${window} order by ${auditEvents.at} desc offset ${limits.ipFailures - 1} limit 1)`;
  const passwordFailures = sql`${failures} and ${auditEvents.actor} = ${attempt.username} and ${auditEvents.credential} = 'password'`;
  const userAt = sql`(select ${auditEvents.at} from ${auditEvents} where ${passwordFailures}
    and ${auditEvents.at} > ${window} order by ${auditEvents.at} desc offset ${limits.userFailures - 1} limit 1)`;
  const failedHere = sql`exists (select 1 from ${auditEvents} where ${passwordFailures}
    and ${auditEvents.ip} = ${attempt.ip} and ${auditEvents.at} > ${window})`;
  const [row] = await queryRows<{ ip_retry: number | null; user_retry: number | null; failed_here: boolean }>(
    sql`select ${retry(ipAt)} as ip_retry, ${retry(userAt)} as user_retry, ${failedHere} as failed_here`,
  );
  return row;
}

/** A stored secret, written by the first instance that needs it; everyone reads the stored value. */
export async function storedSetting(key: string, generate: () => string): Promise<string> {
  await db.insert(settings).values({ key, value: generate() }).onConflictDoNothing();
  const [row] = await db.select().from(settings).where(eq(settings.key, key));
  return row.value;
}
