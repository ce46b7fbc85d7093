import { and, asc, desc, eq, getTableColumns, gte, inArray, lt, lte, sql, type SQL } from 'drizzle-orm';
import { db, type Executor } from '@/db';
import { auditEvents, type NewAuditEvent } from '@/db/schema';
import type { TimeCursor } from '@/lib/validation';

export type AuditFilter = {
  actor?: string;
  action?: string;
  target?: string;
  targetType?: string;
  tokenId?: string;
  since?: Date;
  until?: Date;
};

function conditions(f: AuditFilter): SQL | undefined {
  return and(
    f.actor ? eq(auditEvents.actor, f.actor) : undefined,
    f.action ? eq(auditEvents.action, f.action) : undefined,
    f.target ? eq(auditEvents.target, f.target) : undefined,
    f.targetType ? eq(auditEvents.targetType, f.targetType) : undefined,
    f.tokenId ? sql`${auditEvents.details}->>'tokenId' = ${f.tokenId}` : undefined,
    f.since ? gte(auditEvents.at, f.since) : undefined,
    f.until ? lte(auditEvents.at, f.until) : undefined,
  );
}

/** Newest first; the cursor is the (at, id) of the last row of the previous page. */
export async function listAuditEvents(filter: AuditFilter, opts: { after?: TimeCursor; limit: number }) {
  const cursor = opts.after
    ? sql`(${auditEvents.at}, ${auditEvents.id}) < (${opts.after.at}::timestamptz, ${opts.after.id}::uuid)`
    : undefined;
  return db
    .select({ ...getTableColumns(auditEvents), cursorAt: sql<string>`${auditEvents.at}::text` })
    .from(auditEvents)
    .where(and(conditions(filter), cursor))
    .orderBy(desc(auditEvents.at), desc(auditEvents.id))
    .limit(opts.limit);
}

export async function countAuditEvents(filter: AuditFilter): Promise<number> {
  const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(auditEvents).where(conditions(filter));
  return row.n;
}

export async function insertAuditEvent(executor: Executor, values: NewAuditEvent) {
  await executor.insert(auditEvents).values(values);
}

/**
 * Deletes up to `limit` events older than `days` days, oldest first, and answers how many went. The
 * batch is found through audit_events_at_idx, so each costs the same however long the log is.
 */
export async function deleteEventsOlderThan(days: number, limit: number): Promise<number> {
  const oldest = db
    .select({ id: auditEvents.id })
    .from(auditEvents)
    .where(lt(auditEvents.at, sql`now() - make_interval(days => ${days})`))
    .orderBy(asc(auditEvents.at), asc(auditEvents.id))
    .limit(limit);
  const rows = await db.delete(auditEvents).where(inArray(auditEvents.id, oldest)).returning({ id: auditEvents.id });
  return rows.length;
}
