// `npm start` itself, on a fresh data directory and no REGISTRY_UPSTREAM_URL, for the embedded
// registry's spec; and the docker-registry processes that serve a given storage folder.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { freePortsSync } from './env';
import { EXTRA_LOGS_DIR, recordSecret } from './leak-record';
import { expectOwnServer } from './own-servers';
import { tempDir } from './registry-support';

const ROOT = path.join(__dirname, '..');

export type Berth = {
  url: string;
  host: string;
  dataDir: string;
  storage: string;
  admin: { name: string; password: string };
  child: ChildProcess;
  exit: Promise<unknown>;
  log: string;
};

/** Starts `npm start` (its own process group) and waits for /api/health. */
export async function startBerth(env: Record<string, string> = {}): Promise<Berth> {
  const [port] = freePortsSync(1);
  const dataDir = tempDir('berth-embedded-');
  const admin = { name: 'admin', password: `embedded-${randomBytes(12).toString('base64url')}` };
  recordSecret(admin.password, 'embedded registry spec');
  fs.mkdirSync(EXTRA_LOGS_DIR, { recursive: true });
  const log = path.join(EXTRA_LOGS_DIR, `embedded-${port}.log`);
  const out = fs.openSync(log, 'a');
  const child = spawn('npm', ['start'], {
    cwd: ROOT,
    detached: true,
    stdio: ['ignore', out, out],
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      NODE_ENV: 'production',
      PORT: String(port),
      DATA_DIR: dataDir,
      ADMIN_USERNAME: admin.name,
      ADMIN_PASSWORD: admin.password,
      ...env,
    },
  });
  fs.closeSync(out);
  const exit = new Promise((resolve) => child.once('exit', resolve));
  const url = `http://127.0.0.1:${port}`;
  const berth = { url, host: `127.0.0.1:${port}`, dataDir, storage: path.join(dataDir, 'registry'), admin, child, exit, log };
  let exited = false;
  void exit.then(() => (exited = true));
  for (const deadline = Date.now() + 120_000; Date.now() < deadline && !exited; ) {
    if (await fetch(`${url}/api/health`).then((r) => r.ok, () => false)) {
      expectOwnServer(port, child.pid!, 'Berth (npm start)');
      return berth;
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`npm start did not become healthy:\n${fs.readFileSync(log, 'utf8').slice(-3000)}`);
}

/** Stops Berth's whole process group with `signal` and waits for npm to exit. */
export async function stopBerth(berth: Berth, signal: NodeJS.Signals = 'SIGTERM') {
  if (berth.child.exitCode !== null || berth.child.signalCode !== null) return;
  process.kill(-berth.child.pid!, signal);
  const stopped = await Promise.race([berth.exit.then(() => true), new Promise((r) => setTimeout(() => r(false), 15_000))]);
  if (!stopped) {
    process.kill(-berth.child.pid!, 'SIGKILL');
    await berth.exit;
  }
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
