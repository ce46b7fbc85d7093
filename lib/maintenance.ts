// The background upkeep of one instance (docs/decisions/025-audit-retention.md), started by the server
// and stopped on shutdown: audit events past AUDIT_RETENTION_DAYS, spent rate-limit rows and ended web
// sessions are deleted in small batches. Every instance runs it; their batches do not conflict (a row
// deleted by one is simply not found by the other). A round that fails (the database away) is logged
// and the next one tries again.
import { pruneAuditLog } from '@/lib/audit/retention';
import { pruneSpentLimits } from '@/lib/auth/attempts';
import { pruneEndedSessions } from '@/lib/auth/web-sessions';
import { config } from '@/lib/config';
import { log } from '@/lib/log';

export const MAINTENANCE_EVERY_MS = 10 * 60_000;

export type Maintenance = {
  /** Resolves once the round in progress (if any) has finished its batch. */
  stop(): Promise<void>;
  /** Resolves after the next round has run (tests wait on it rather than on time). */
  nextRound(): Promise<void>;
};

export type MaintenanceOptions = { everyMs?: number; retentionDays?: number; batch?: number; pauseMs?: number };

export function startMaintenance(opts: MaintenanceOptions = {}): Maintenance {
  const everyMs = opts.everyMs ?? MAINTENANCE_EVERY_MS;
  const retentionDays = opts.retentionDays ?? config.auditRetentionDays;
  let stopped = false;
  let running: Promise<void> = Promise.resolve();
  let waiting: (() => void)[] = [];
  let timer: NodeJS.Timeout | undefined;

  async function round() {
    try {
      const events = await pruneAuditLog(retentionDays, { batch: opts.batch, pauseMs: opts.pauseMs, stopped: () => stopped });
      const limits = stopped ? 0 : await pruneSpentLimits();
      const sessions = stopped ? 0 : await pruneEndedSessions();
      if (events || limits || sessions) log.info({ events, limits, sessions }, 'maintenance pruned old rows');
    } catch (error) {
      log.warn({ err: error }, 'maintenance round failed; the next one tries again');
    }
    const done = waiting;
    waiting = [];
    for (const resolve of done) resolve();
  }

  function schedule(delayMs: number) {
    if (stopped) return;
    timer = setTimeout(() => {
      running = round().then(() => schedule(everyMs));
    }, delayMs);
    // The loop never keeps a process alive on its own.
    timer.unref();
  }
  schedule(0);

  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
    nextRound: () => new Promise<void>((resolve) => waiting.push(resolve)),
  };
}
