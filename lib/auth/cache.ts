/**
 * Short-lived memory of credential checks, so that a CI client repeating the same token does not cost
 * the database a lookup per request. SPEC 6 allows one second of staleness; every audited change
 * (token deactivated, user deactivated, admin rights changed, a failure…) empties every cache of this
 * process at once, and on PostgreSQL the changes that can end a credential empty the other instances'
 * caches as well, within milliseconds (revocations.ts). The second stays as the bound when such a
 * notice is lost.
 *
 * Process-wide: scripts/server.ts and each bundle Next.js builds (App Router, Pages API routes) load
 * this file separately, and must all share one memory, or an instance's own change would leave the
 * copy of another bundle answering from what it remembered.
 */
import { onAuditEvent } from '@/lib/audit/record';

export const STALE_MS = 1000;
const MAX_ENTRIES = 10_000;

type Entries = Map<string, { at: number; value: unknown }>;

const key = Symbol.for('berth.credentialCaches');
const store = globalThis as unknown as { [key]?: Map<string, Entries> };
const caches = (store[key] ??= new Map<string, Entries>());

export class ShortCache<T> {
  private readonly entries: Entries;

  /** `name` says which memory this is: every copy of this file answers from the same one. */
  constructor(name: string) {
    const shared = caches.get(name) ?? new Map();
    caches.set(name, shared);
    this.entries = shared;
  }

  get(key: string): T | undefined {
    const hit = this.entries.get(key);
    if (!hit) return undefined;
    if (Date.now() - hit.at < STALE_MS) return hit.value as T;
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

/** Nothing remembered may outlive a change: empties every credential cache of this process. */
export function forgetCredentials() {
  for (const entries of caches.values()) entries.clear();
}

/** How many credentials this process remembers now (tests). */
export function rememberedCredentials(): number {
  let n = 0;
  for (const entries of caches.values()) n += entries.size;
  return n;
}

onAuditEvent('credential-cache', forgetCredentials);
