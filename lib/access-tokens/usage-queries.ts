// The SQL of token usage (SPEC 12): additive upserts of a batch counted in memory, and the reads of
// the usage API and View details. Every statement goes by the tables' primary keys or day indexes.
import { and, asc, desc, eq, gte, inArray, lt, max, sql } from 'drizzle-orm';
import { db } from '@/db';
import { accessTokens } from '@/db/schema';
import { tokenUsageDays, tokenUsageIps } from '@/db/schema-usage';

export type UsageCounts = { pulls: number; pushes: number; apiCalls: number; signIns: number };
export type UsageDayRow = UsageCounts & { tokenId: string; day: string };
export type UsageIpRow = { tokenId: string; day: string; ip: string; lastSeen: Date };

const byKey = <T extends { tokenId: string; day: string; ip?: string }>(a: T, b: T) =>
  a.tokenId.localeCompare(b.tokenId) || a.day.localeCompare(b.day) || (a.ip ?? '').localeCompare(b.ip ?? '');

/**
 * Adds a batch to what is stored: counts add up (so instances flushing the same token and day never
 * overwrite each other) and addresses keep their latest sighting. Rows of tokens deleted meanwhile
 * are dropped; the tokens that remain are held (`for key share`) so none goes mid-batch. Rows go in
 * key order, so two instances flushing at once wait for each other rather than deadlock.
 */
export async function addUsage(days: UsageDayRow[], ips: UsageIpRow[]): Promise<void> {
  const ids = [...new Set([...days.map((d) => d.tokenId), ...ips.map((i) => i.tokenId)])].sort();
  if (ids.length === 0) return;
  await db.transaction(async (tx) => {
    const alive = await tx.select({ id: accessTokens.id }).from(accessTokens).where(inArray(accessTokens.id, ids)).orderBy(asc(accessTokens.id)).for('key share');
    const kept = new Set(alive.map((row) => row.id));
    const dayRows = days.filter((d) => kept.has(d.tokenId)).sort(byKey);
    const ipRows = ips.filter((i) => kept.has(i.tokenId)).sort(byKey);
    if (dayRows.length > 0) {
      const add = (column: typeof tokenUsageDays.pulls, name: string) => sql`${column} + excluded.${sql.identifier(name)}`;
      await tx
        .insert(tokenUsageDays)
        .values(dayRows)
        .onConflictDoUpdate({
          target: [tokenUsageDays.tokenId, tokenUsageDays.day],
          set: {
            pulls: add(tokenUsageDays.pulls, 'pulls'),
            pushes: add(tokenUsageDays.pushes, 'pushes'),
            apiCalls: add(tokenUsageDays.apiCalls, 'api_calls'),
            signIns: add(tokenUsageDays.signIns, 'sign_ins'),
          },
        });
    }
    if (ipRows.length > 0) {
      await tx
        .insert(tokenUsageIps)
        .values(ipRows)
        .onConflictDoUpdate({
          target: [tokenUsageIps.tokenId, tokenUsageIps.day, tokenUsageIps.ip],
          set: { lastSeen: sql`greatest(${tokenUsageIps.lastSeen}, excluded.last_seen)` },
        });
    }
  });
}

/** A token's counts per day from `since` (inclusive, `YYYY-MM-DD`), with each day's distinct addresses. */
export async function usageSince(tokenId: string, since: string) {
  const [counts, ips] = await Promise.all([
    db
      .select({ day: tokenUsageDays.day, pulls: tokenUsageDays.pulls, pushes: tokenUsageDays.pushes, apiCalls: tokenUsageDays.apiCalls, signIns: tokenUsageDays.signIns })
      .from(tokenUsageDays)
      .where(and(eq(tokenUsageDays.tokenId, tokenId), gte(tokenUsageDays.day, since))),
    db
      .select({ day: tokenUsageIps.day, ips: sql<number>`count(*)::int` })
      .from(tokenUsageIps)
      .where(and(eq(tokenUsageIps.tokenId, tokenId), gte(tokenUsageIps.day, since)))
      .groupBy(tokenUsageIps.day),
  ]);
  return { counts, ips };
}

/** The last `limit` distinct addresses a token was used from, latest first. */
export async function recentAddresses(tokenId: string, limit: number): Promise<{ ip: string; lastSeen: Date }[]> {
  const lastSeen = max(tokenUsageIps.lastSeen);
  const rows = await db
    .select({ ip: tokenUsageIps.ip, lastSeen })
    .from(tokenUsageIps)
    .where(eq(tokenUsageIps.tokenId, tokenId))
    .groupBy(tokenUsageIps.ip)
    .orderBy(desc(lastSeen))
    .limit(limit);
  return rows.map((row) => ({ ip: row.ip, lastSeen: new Date(row.lastSeen as unknown as string | Date) }));
}

/** Drops the days before `before` (`YYYY-MM-DD`): usage is kept 90 days. */
export async function pruneUsage(before: string): Promise<void> {
  await db.delete(tokenUsageDays).where(lt(tokenUsageDays.day, before));
  await db.delete(tokenUsageIps).where(lt(tokenUsageIps.day, before));
}
