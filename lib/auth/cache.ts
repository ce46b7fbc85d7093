/**
 * Short-lived, process-local memory of credential checks, so that a CI client repeating the same
 * token does not cost the database a lookup per request. SPEC 6 allows one second of staleness;
 * every audited change (token deactivated, user deactivated, admin rights changed, a failure…)
 * empties every cache at once, so on this instance a change applies at the very next request and
 * other instances follow within the second.
 */
import { onAuditEvent } from '@/lib/audit/record';

export const STALE_MS = 1000;
const MAX_ENTRIES = 10_000;

const caches = new Set<Map<string, { at: number }>>();

export class ShortCache<T> {
  private readonly entries = new Map<string, { at: number; value: T }>();

  constructor() {
    caches.add(this.entries);
  }

  get(key: string): T | undefined {
    const hit = this.entries.get(key);
    if (!hit) return undefined;
    if (Date.now() - hit.at < STALE_MS) return hit.value;
    this.entries.delete(key);
    return undefined;
  }

  set(key: string, value: T) {
    if (this.entries.size >= MAX_ENTRIES) this.entries.clear();
    this.entries.set(key, { at: Date.now(), value });
  }

  delete(key: string) {
    this.entries.delete(key);
  }
}

/** Nothing remembered may outlive a change of this instance's: every audited change empties it all. */
export function forgetCredentials() {
  for (const entries of caches) entries.clear();
}
onAuditEvent(forgetCredentials);
