// The SQL of the credentials inventory (SPEC 12): the filters of the token list, each one a
// condition an index of access_tokens serves (db/schema.ts), and the bulk deactivation.
import { and, eq, inArray, isNotNull, isNull, sql, type SQL } from 'drizzle-orm';
import type { Executor } from '@/db';
import { accessTokens } from '@/db/schema';
import type { TokenScope } from '@/lib/access-tokens/format';

export type InventoryFilters = {
  /** Unused for this many days (never-used tokens counted from their creation). */
  stale?: number;
  neverUsed?: boolean;
  expiringWithinDays?: number;
  /** The username that made the token (`generatedBy`). */
  createdBy?: string;
  scope?: TokenScope;
  temporary?: boolean;
  /**
   * Descriptions holding this text, in upper or lower case: the Access Tokens tab's search. Not an API filter: it
   * reads every token of the list it narrows, so it is only given with one owner's tokens.
   */
  labelContains?: string;
};

const days = (n: number) => sql`make_interval(days => ${n})`;

/** The conditions of `filters`, spelled as the indexes are (coalesce(…), the partial indexes' predicates). */
export function inventoryConditions(filters: InventoryFilters = {}): SQL[] {
  const t = accessTokens;
  const where: SQL[] = [];
  if (filters.stale !== undefined) {
    // Implied (a token is used after it is made), and stated so the newest-first walk of the
    // (created_at, id) index starts N days back instead of reading every recent token first.
    const before = sql`now() - ${days(filters.stale)}`;
    where.push(sql`coalesce(${t.lastUsed}, ${t.createdAt}) < ${before} and ${t.createdAt} < ${before}`);
  }
  if (filters.neverUsed !== undefined) where.push(filters.neverUsed ? isNull(t.lastUsed) : isNotNull(t.lastUsed));
  if (filters.expiringWithinDays !== undefined) {
    where.push(sql`${t.expiresAt} > now() and ${t.expiresAt} <= now() + ${days(filters.expiringWithinDays)}`);
  }
  if (filters.createdBy !== undefined) where.push(eq(t.generatedBy, filters.createdBy));
  if (filters.scope !== undefined) where.push(eq(t.scope, filters.scope));
  // A literal, not a parameter: the partial index's predicate must be provable when the query is planned.
  if (filters.temporary !== undefined) where.push(filters.temporary ? sql`${t.temporary}` : sql`not ${t.temporary}`);
  if (filters.labelContains) where.push(sql`${t.tokenLabel} ilike ${`%${filters.labelContains.replace(/[\\%_]/g, '\\$&')}%`} escape '\\'`);
  return where;
}

/** Deactivates the active tokens among `hashedTokens`; answers those it changed. */
export async function deactivateTokensByHash(hashedTokens: string[], executor: Executor) {
  if (hashedTokens.length === 0) return [];
  return executor
    .update(accessTokens)
    .set({ isActive: false, deactivatedAt: sql`now()` })
    .where(and(inArray(accessTokens.hashedToken, hashedTokens), eq(accessTokens.isActive, true)))
    .returning({ id: accessTokens.id, hint: accessTokens.hint, ownerId: accessTokens.ownerId });
}
