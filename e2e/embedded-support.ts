// `npm start` itself, on a fresh data directory and no REGISTRY_UPSTREAM_URL, for the embedded
// registry's spec; and the docker-registry processes that serve a given storage folder.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { recordSecret } from './leak-record';
import { tempDir } from './registry-support';
import { startServer, stopServer, type ServerProcess } from './server-process';

export type Berth = ServerProcess & {
  host: string;
  dataDir: string;
  storage: string;
  admin: { name: string; password: string };
};

/** Starts `npm start` (its own process group) and waits for /api/health. */
export async function startBerth(env: Record<string, string> = {}): Promise<Berth> {
  const dataDir = tempDir('berth-embedded-');
  const admin = { name: 'admin', password: `embedded-${randomBytes(12).toString('base64url')}` };
  recordSecret(admin.password, 'embedded registry spec');
  const server = await startServer({
    name: 'embedded',
    command: { file: 'npm', args: ['start'] },
    env: { DATA_DIR: dataDir, ADMIN_USERNAME: admin.name, ADMIN_PASSWORD: admin.password, ...env },
  });
  return { ...server, host: `127.0.0.1:${server.port}`, dataDir, storage: path.join(dataDir, 'registry'), admin };
}

/** Stops Berth's whole process group with `signal` and waits for npm to exit. */
export function stopBerth(berth: Berth, signal: NodeJS.Signals = 'SIGTERM') {
  return stopServer(berth, { signal, graceMs: 15_000 });
}

export type RegistryProcess = { pid: number; port: number };

/** The docker-registry processes serving `storage` (read from /proc: their environment names it). */
export function registryProcesses(storage: string): RegistryProcess[] {
  const found: RegistryProcess[] = [];
  for (const pid of fs.readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    try {
      if (!fs.readFileSync(`/proc/${pid}/comm`, 'utf8').startsWith('docker-registry')) continue;
      const env = fs.readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0');
      if (!env.includes(`REGISTRY_STORAGE_FILESYSTEM_ROOTDIRECTORY=${storage}`)) continue;
      const addr = env.find((e) => e.startsWith('REGISTRY_HTTP_ADDR='))?.split(':').pop();
      found.push({ pid: Number(pid), port: Number(addr) });
    } catch {
      // gone meanwhile
    }
  }
  return found;
}

/** Waits until `check` holds, polling; throws with `what` after `ms`. */
export async function eventually<T>(what: string, check: () => Promise<T | undefined> | T | undefined, ms = 30_000): Promise<T> {
  for (const deadline = Date.now() + ms; Date.now() < deadline; ) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** Whether anything accepts connections on a loopback port. */
export function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
  });
}

/** The health answer of a Berth. */
export async function health(berth: Berth): Promise<{ registry: string; embeddedRegistry?: { state: string; restarts: number } }> {
  return (await fetch(`${berth.url}/api/health`)).json();
}

/** The path of a blob in the registry's filesystem storage. */
export const blobPath = (storage: string, digest: string) => {
  const hex = digest.replace(/^sha256:/, '');
  return path.join(storage, 'docker', 'registry', 'v2', 'blobs', 'sha256', hex.slice(0, 2), hex, 'data');
};
