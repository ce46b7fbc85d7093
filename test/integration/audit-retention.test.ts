// SPEC 2, AUDIT_RETENTION_DAYS: events older than the retention are pruned in small batches by the
// background maintenance, recent ones stay; and the rate limits never depend on the log (SPEC 10).
import { and, eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { db } from '@/db';
import { auditEvents } from '@/db/schema';
import { deleteEventsOlderThan } from '@/lib/audit/queries';
import { pruneAuditLog } from '@/lib/audit/retention';
import { authenticateSecret } from '@/lib/auth/authenticate';
import { startMaintenance } from '@/lib/maintenance';
import { createUser, uniqueName } from '../support/users';

/** Events of an actor of its own, `daysAgo` old each. */
async function eventsOf(actor: string, ...daysAgo: number[]) {
  await db.insert(auditEvents).values(
    daysAgo.map((days) => ({
      action: 'repository.created',
      actor,
      targetType: 'repository',
      target: `${actor}/r`,
      at: sql`now() - make_interval(days => ${days})`,
    })),
  );
}

/** The ages in days of an actor's events that are left, oldest first. */
async function agesOf(actor: string): Promise<number[]> {
  const rows = await db
    .select({ days: sql<number>`floor(extract(epoch from now() - ${auditEvents.at}) / 86400)::int` })
    .from(auditEvents)
    .where(eq(auditEvents.actor, actor));
  return rows.map((r) => Number(r.days)).sort((a, b) => b - a);
}

describe('audit retention', () => {
  it('deletes old events a batch at a time, oldest first, and keeps the recent ones', async () => {
    const actor = uniqueName('retention');
    await eventsOf(actor, 900, 800, 700, 600, 500, 400, 366, 364, 30, 0);
    // One batch of three: the three oldest go, nothing else.
    expect(await deleteEventsOlderThan(365, 3)).toBe(3);
    expect(await agesOf(actor)).toEqual([600, 500, 400, 366, 364, 30, 0]);
    // A prune stopped after its first batch has deleted that batch only.
    let batches = 0;
    await pruneAuditLog(365, { batch: 2, pauseMs: 0, stopped: () => batches++ >= 1 });
    expect(await agesOf(actor)).toEqual([400, 366, 364, 30, 0]);
    // Run to the end, it leaves every event younger than the retention.
    await pruneAuditLog(365, { batch: 2, pauseMs: 0 });
    expect(await agesOf(actor)).toEqual([364, 30, 0]);
  });

  it('keeps every event when the retention is 0', async () => {
    const actor = uniqueName('retention');
    await eventsOf(actor, 5000, 1);
    expect(await pruneAuditLog(0)).toBe(0);
    expect(await agesOf(actor)).toEqual([5000, 1]);
  });

  it('runs in the background maintenance, which stops on request', async () => {
    const actor = uniqueName('retention');
    await eventsOf(actor, 40, 35, 31, 29, 2);
    const maintenance = startMaintenance({ retentionDays: 30, batch: 2, pauseMs: 0, everyMs: 60_000 });
    await maintenance.nextRound();
    await maintenance.stop();
    expect(await agesOf(actor)).toEqual([29, 2]);
  });
});

describe('rate limits and the audit log', () => {
  it('hold with the log pruned: the counted failures live in auth_limits, not in the events', async () => {
    const user = await createUser();
    const request = { ip: '10.99.0.1', userAgent: 'test' };
    // The window's limit (10 failures) is the one under test, not the lockout.
    const limits = { lockThreshold: 1000 };
    for (let i = 0; i < 10; i++) {
      expect(await authenticateSecret({ username: user.name, secret: `wrong-${i}` }, request, 'api', limits)).toMatchObject({ reason: 'invalid' });
    }
    // Every failure was recorded; removing the records changes nothing about the limit.
    const failures = and(eq(auditEvents.action, 'auth.failed'), eq(auditEvents.target, user.name));
    expect(await db.$count(auditEvents, failures)).toBe(10);
    await db.delete(auditEvents).where(failures);
    expect(await authenticateSecret({ username: user.name, secret: user.password }, request, 'api', limits)).toMatchObject({ ok: false, reason: 'throttled' });
  });
});
