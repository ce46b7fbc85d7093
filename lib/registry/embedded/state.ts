// What the embedded registry is doing, shared by scripts/server.ts (which supervises it) and the
// bundles Next.js builds (the /v2 proxy, /api/health): on globalThis, as the logger and the pool are.
import fs from 'node:fs';
import path from 'node:path';
import { config } from '@/lib/config';

export type EmbeddedState = 'starting' | 'running' | 'restarting' | 'stopped' | 'collecting';

export type EmbeddedRegistry = {
  /** http://127.0.0.1:<port> once it has answered its health check. */
  url?: string;
  state: EmbeddedState;
  restarts: number;
  /** Pushes are refused while garbage collection runs (lib/registry/embedded/gc.ts). */
  collecting: boolean;
};

const KEY = Symbol.for('berth.embeddedRegistry');
const holder = globalThis as typeof globalThis & { [KEY]?: EmbeddedRegistry };

/** The embedded registry of this process, if scripts/server.ts started one. */
export function embeddedRegistry(): EmbeddedRegistry | undefined {
  return holder[KEY];
}

export function setEmbeddedRegistry(state: EmbeddedRegistry | undefined) {
  holder[KEY] = state;
}

/** Where /v2 goes: REGISTRY_UPSTREAM_URL, else the embedded registry once it runs, else nowhere. */
export function upstreamUrl(): string | undefined {
  return config.registryUpstreamUrl ?? embeddedRegistry()?.url;
}

/** Held while a collection runs, by `npm run registry:gc` or the server's own schedule: `<pid>`. */
export const lockFile = (dataDir: string) => path.join(dataDir, 'registry-gc.lock');

/** Whether this process's embedded registry is being collected (here, or by `npm run registry:gc`). */
export function collecting(dataDir: string): boolean {
  const embedded = embeddedRegistry();
  return !!embedded && (embedded.collecting || lockHeld(dataDir));
}

/** Whether a live process holds the collection lock. */
export function lockHeld(dataDir: string): boolean {
  let pid: number;
  try {
    pid = Number(fs.readFileSync(lockFile(dataDir), 'utf8'));
  } catch {
    return false;
  }
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false; // a lock left by a collection that died
  }
}
