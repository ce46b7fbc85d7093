// Where the end-to-end suite's server runs and who its first admin is. The config starts that
// server on its own fresh database, so these credentials are known before the first request.
import os from 'node:os';
import path from 'node:path';

export const PORT = Number(process.env.E2E_PORT ?? 3210);
export const BASE_URL = `http://127.0.0.1:${PORT}`;
/** The embedded database of this run, removed before the server starts. */
export const DATA_DIR = path.join(os.tmpdir(), `berth-e2e-${PORT}`);
/** Debian's Chromium: Playwright's own browsers cannot be downloaded here. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const ADMIN = { name: 'admin', password: 'e2e-admin-Passw0rd' } as const;
/** Everything the server prints, for the leak check (no-plaintext-secrets.check.ts) to read. */
export const SERVER_LOG = `${DATA_DIR}.log`;
/**
 * Where workers record every secret the suite used and every HTTP answer it received, for the leak
 * check. Inside Playwright's output folder, which is emptied when a run starts.
 */
export const LEAK_RECORD_DIR = path.join(__dirname, '..', 'test-results', 'leak-record');
