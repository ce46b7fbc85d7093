// The connections to the registry, shared fairly (SPEC 10; docs/decisions/011-proxy-framing-and-fairness.md).
// Every upstream request holds a lease from start to end: at most `perClient` at once for one caller
// (a user, or an address when anonymous), at most `connections` in all. A request that finds no lease
// waits at most `queueMs`, then gets 503 TOOMANYREQUESTS with Retry-After; when a lease is freed it
// goes to the waiting caller with the fewest requests running, so one caller's backlog cannot starve
// the others. The agents never queue: they allow as many sockets as there are leases.
import http from 'node:http';
import https from 'node:https';
import { config } from '@/lib/config';
import { RegistryError } from '@/lib/registry/errors';

export type PoolLimits = {
  /** Upstream requests in progress at once, in all. */
  connections: number;
  /** Upstream requests in progress at once for one caller. */
  perClient: number;
  /** How long a request may wait for a lease. */
  queueMs: number;
};

export type Lease = { release(): void };

export type PoolState = { running: number; connections: number; waiting: number; saturated: boolean };

type Waiter = { client: string; admit(): void };

export class UpstreamPool {
  private readonly agents: Record<'http:' | 'https:', http.Agent>;
  private running = 0;
  private readonly byClient = new Map<string, number>();
  private readonly waiting: Waiter[] = [];

  constructor(readonly limits: PoolLimits) {
    const options = { keepAlive: true, maxSockets: limits.connections, maxFreeSockets: Math.min(32, limits.connections) };
    this.agents = { 'http:': new http.Agent(options), 'https:': new https.Agent(options) };
  }

  agentFor(upstream: URL): http.Agent {
    return this.agents[upstream.protocol === 'https:' ? 'https:' : 'http:'];
  }

  /** A lease for one upstream request of `client`; throws 503 TOOMANYREQUESTS after the bounded wait. */
  acquire(client: string, signal?: AbortSignal): Promise<Lease> {
    if (this.mayStart(client)) return Promise.resolve(this.start(client));
    return new Promise<Lease>((resolve, reject) => {
      const leave = () => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        const at = this.waiting.indexOf(waiter);
        if (at >= 0) this.waiting.splice(at, 1);
      };
      const waiter: Waiter = {
        client,
        admit: () => {
          leave();
          resolve(this.start(client));
        },
      };
      const timer = setTimeout(() => {
        leave();
        reject(this.busy(client));
      }, this.limits.queueMs);
      // The client went away while waiting: its place goes to the next one.
      const onAbort = () => {
        leave();
        reject(this.busy(client));
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.waiting.push(waiter);
    });
  }

  state(): PoolState {
    return { running: this.running, connections: this.limits.connections, waiting: this.waiting.length, saturated: this.running >= this.limits.connections };
  }

  private count(client: string) {
    return this.byClient.get(client) ?? 0;
  }

  private mayStart(client: string) {
    return this.running < this.limits.connections && this.count(client) < this.limits.perClient;
  }

  private start(client: string): Lease {
    this.running++;
    this.byClient.set(client, this.count(client) + 1);
    let released = false;
    return {
      release: () => {
        if (released) return;
        released = true;
        this.running--;
        const left = this.count(client) - 1;
        if (left > 0) this.byClient.set(client, left);
        else this.byClient.delete(client);
        this.dispatch();
      },
    };
  }

  /** Hands free leases to waiting callers under their cap, fewest running first (oldest among equals). */
  private dispatch() {
    while (this.running < this.limits.connections) {
      let best: Waiter | undefined;
      for (const waiter of this.waiting) {
        const count = this.count(waiter.client);
        if (count < this.limits.perClient && (!best || count < this.count(best.client))) best = waiter;
      }
      if (!best) return;
      best.admit();
    }
  }

  private busy(client: string): RegistryError {
    const retryAfter = String(Math.max(1, Math.ceil(this.limits.queueMs / 1000)));
    const message =
      this.count(client) >= this.limits.perClient
        ? `too many registry requests of yours at once (at most ${this.limits.perClient}); try again later`
        : 'every connection to the registry is busy; try again later';
    return new RegistryError('TOOMANYREQUESTS', 503, message, { 'Retry-After': retryAfter });
  }
}

// One pool per process, on globalThis: the Pages route that proxies and the App Router's health
// route are separate bundles, and both must see the same pool.
const SHARED = Symbol.for('berth.registry.upstreamPool');
type WithPool = typeof globalThis & { [SHARED]?: UpstreamPool };

/** The process's pool, sized by REGISTRY_MAX_UPSTREAM_CONNECTIONS and its neighbours. */
export function sharedUpstreamPool(): UpstreamPool {
  const holder = globalThis as WithPool;
  return (holder[SHARED] ??= new UpstreamPool(config.registryPool));
}

/** The shared pool's state, without creating it (no request has gone upstream yet: idle). */
export function sharedPoolState(): PoolState | null {
  return (globalThis as WithPool)[SHARED]?.state() ?? null;
}
