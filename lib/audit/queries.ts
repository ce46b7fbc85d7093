import { and, desc, eq, getTableColumns, gte, lte, sql, type SQL } from 'drizzle-orm';
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
