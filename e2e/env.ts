// Where the end-to-end suite's servers run and who Berth's first admin is. The config starts those
// servers on ports and storage of their own, so these credentials are known before the first request.
import { spawnSync } from 'node:child_process';
import path from 'node:path';

/** `count` ports nothing listens on (scripts/free-ports.mjs), found synchronously for the config. */
export function freePortsSync(count: number): number[] {
  const script = path.join(__dirname, '..', 'scripts', 'free-ports.mjs');
  const found = spawnSync(process.execPath, [script, String(count)], { encoding: 'utf8' });
  if (found.status !== 0) throw new Error(`${script} failed: ${found.stderr || found.error}`);
  return found.stdout.trim().split(' ').map(Number);
}

// Chosen once, when the runner loads the config; its workers inherit the variables (each loads this
// file again), so every process of the run sees the same ports. Set, they are kept.
const unset = ['E2E_PORT', 'E2E_REGISTRY_PORT'].filter((name) => !process.env[name]);
if (unset.length) freePortsSync(unset.length).forEach((port, i) => (process.env[unset[i]] = String(port)));

export const PORT = Number(process.env.E2E_PORT);
export const BASE_URL = `http://127.0.0.1:${PORT}`;
/** The distribution registry behind Berth, for the registry specs. */
export const REGISTRY_PORT = Number(process.env.E2E_REGISTRY_PORT);
/**
 * What the servers keep, inside Playwright's output folder, which is emptied when a run starts: runs
 * from different checkouts never share a path, and what a run left is there to read until the next.
 */
const SERVERS_DIR = path.join(__dirname, '..', 'test-results', 'servers');
/** The embedded database of this run, removed before the server starts. */
export const DATA_DIR = path.join(SERVERS_DIR, `berth-${PORT}`);
/** Everything the server prints, for the leak check (no-plaintext-secrets.check.ts) to read. */
export const SERVER_LOG = `${DATA_DIR}.log`;
/** The secret-scanning key list the server reads at each leak report; the leak spec writes it. */
export const SCANNING_KEYS_FILE = `${DATA_DIR}-scanning-keys.json`;
export const REGISTRY_STORAGE = path.join(SERVERS_DIR, `registry-${REGISTRY_PORT}`);
/** Debian's Chromium: Playwright's own browsers cannot be downloaded here. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const ADMIN = { name: 'admin', password: 'e2e-admin-Passw0rd' } as const;
/** Node's arguments for the production server, as `npm start` runs it (package.json) after `npm run build`. */
export const SERVER_ARGS = ['--max-semi-space-size=4', '--v8-pool-size=2', '--initial-old-space-size=128', 'dist/server.mjs'];
/**
 * Where workers record every secret the suite used and every HTTP answer it received, for the leak
 * check. Inside Playwright's output folder too.
 */
export const LEAK_RECORD_DIR = path.join(__dirname, '..', 'test-results', 'leak-record');
