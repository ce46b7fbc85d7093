// Audit retention (SPEC 2, AUDIT_RETENTION_DAYS; docs/decisions/025-audit-retention.md): events older
// than the retention are deleted in small batches, with a pause between them, so that pruning a long
// backlog never holds a lock or the embedded database for long.
import { deleteEventsOlderThan } from '@/lib/audit/queries';

export const PRUNE_BATCH = 500;

/**
 * Deletes every event older than `days` days (none when `days` is 0), `batch` rows at a time, stopping
 * early when `stopped()` says so. Answers how many went.
 */
export async function pruneAuditLog(
  days: number,
  opts: { batch?: number; pauseMs?: number; stopped?: () => boolean } = {},
): Promise<number> {
  if (days <= 0) return 0;
  const batch = opts.batch ?? PRUNE_BATCH;
  let total = 0;
  while (!opts.stopped?.()) {
    const gone = await deleteEventsOlderThan(days, batch);
    total += gone;
    if (gone < batch) break;
    await new Promise((resolve) => setTimeout(resolve, opts.pauseMs ?? 50));
  }
  return total;
}
