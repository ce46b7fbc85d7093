// Counting token uses without a database write per request (SPEC 12): uses are added up in memory
// per token and UTC day, and a batch is flushed at least every 10 seconds and on shutdown. Flushes
// add to what is stored, so any number of instances (and flushes) add up (docs/decisions/035).
import { addUsage, pruneUsage, type UsageCounts, type UsageDayRow, type UsageIpRow } from '@/lib/access-tokens/usage-queries';
import type { Principal } from '@/lib/auth/principal';
import { config } from '@/lib/config';
import { log } from '@/lib/log';

export type UsageKind = keyof UsageCounts;

type Bucket = UsageCounts & { tokenId: string; day: string; ips: Map<string, number> };

/** How many distinct addresses one bucket remembers between flushes; past it, counts go on. */
const MAX_IPS_PER_BUCKET = 256;
/** How many buckets wait at most while the database is away; past it, the oldest are dropped. */
const MAX_BUCKETS = 100_000;
const DAY_MS = 24 * 60 * 60 * 1000;
export const KEPT_DAYS = 90;

export const utcDay = (at: number) => new Date(at).toISOString().slice(0, 10);

export class UsageCounter {
  private buckets = new Map<string, Bucket>();
  private timer: NodeJS.Timeout | null = null;
  private flushing: Promise<void> = Promise.resolve();
  private prunedDay = '';

  constructor(private readonly intervalMs = 10_000) {}

  /** One use of a token; `kind` null records only where it came from (e.g. the registry's token service). */
  record(tokenId: string, kind: UsageKind | null, ip: string, at = Date.now()) {
    const day = utcDay(at);
    const key = `${tokenId}|${day}`;
    let bucket = this.buckets.get(key);
    if (!bucket) {
      if (this.buckets.size >= MAX_BUCKETS) this.buckets.delete(this.buckets.keys().next().value as string);
      bucket = { tokenId, day, pulls: 0, pushes: 0, apiCalls: 0, signIns: 0, ips: new Map() };
      this.buckets.set(key, bucket);
    }
    if (kind) bucket[kind]++;
    if (ip && (bucket.ips.has(ip) || bucket.ips.size < MAX_IPS_PER_BUCKET)) bucket.ips.set(ip, at);
    this.timer ??= setInterval(() => void this.flush().catch(() => undefined), this.intervalMs).unref();
  }

  /** Uses counted and not flushed yet. */
  get pending(): number {
    return this.buckets.size;
  }

  /**
   * Writes what was counted so far as one batch. Flushes run one after another; a failed one puts
   * its counts back for the next (the database may be away for a while).
   */
  flush(): Promise<void> {
    const run = this.flushing.then(() => this.write());
    this.flushing = run.catch(() => undefined);
    return run;
  }

  private async write() {
    if (this.buckets.size === 0) return;
    const batch = [...this.buckets.values()];
    this.buckets = new Map();
    const days: UsageDayRow[] = batch.map(({ ips: _ips, ...counts }) => counts);
    const ips: UsageIpRow[] = batch.flatMap((b) => [...b.ips].map(([ip, at]) => ({ tokenId: b.tokenId, day: b.day, ip, lastSeen: new Date(at) })));
    try {
      await addUsage(days, ips);
    } catch (error) {
      for (const bucket of batch) this.putBack(bucket);
      log.warn({ err: error, buckets: batch.length }, 'could not flush token usage; kept for the next flush');
      throw error;
    }
    await this.pruneOncePerDay();
  }

  private putBack(old: Bucket) {
    const key = `${old.tokenId}|${old.day}`;
    const now = this.buckets.get(key);
    if (!now) {
      this.buckets.set(key, old);
      return;
    }
    for (const kind of ['pulls', 'pushes', 'apiCalls', 'signIns'] as const) now[kind] += old[kind];
    for (const [ip, at] of old.ips) if (now.ips.size < MAX_IPS_PER_BUCKET) now.ips.set(ip, Math.max(at, now.ips.get(ip) ?? 0));
  }

  private async pruneOncePerDay() {
    const today = utcDay(Date.now());
    if (this.prunedDay === today) return;
    this.prunedDay = today;
    await pruneUsage(utcDay(Date.now() - (KEPT_DAYS - 1) * DAY_MS)).catch((error) => log.warn({ err: error }, 'could not prune token usage'));
  }

  /** Stops the timer and flushes what is left: the clean shutdown. */
  async stop() {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.flush();
  }
}

// One counter per process, on globalThis: scripts/server.ts (which flushes it on shutdown), the App
// Router's bundles and the /v2 Pages route each load this file, and must count into the same one.
const SHARED = Symbol.for('berth.tokenUsage');
type WithCounter = typeof globalThis & { [SHARED]?: UsageCounter };

export function sharedUsageCounter(): UsageCounter {
  const holder = globalThis as WithCounter;
  holder[SHARED] ??= new UsageCounter();
  return holder[SHARED];
}

/** Counts one use by a token principal; a password's uses are not a token's. Never touches the database. */
export function countTokenUse(principal: Principal, kind: UsageKind | null) {
  if (!config.tokenUsage || principal.credential.kind !== 'token') return;
  sharedUsageCounter().record(principal.credential.tokenId, kind, principal.request.ip);
}

/** Stops counting's timer and writes this process's counts: scripts/server.ts calls it on a clean shutdown. */
export const stopTokenUsage = () => sharedUsageCounter().stop();
