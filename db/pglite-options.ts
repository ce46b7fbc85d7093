// The embedded PGlite sized for one small server (docs/decisions/028-footprint.md). PostgreSQL's
// defaults suit a machine of its own: 128 MB of shared buffers (PGlite raises it to 160), 64 MB for
// index builds, 100 connections' worth of shared memory. In PGlite all of that lives in the WASM
// memory of the server's own process, and a WASM memory never shrinks: whatever PostgreSQL once
// touches stays resident. One connection and a small cache (the operating system caches the files
// underneath as well) keep the server's idle memory down by about 150 MiB.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { PGlite } from '@electric-sql/pglite';

export const PGLITE_SETTINGS = [
  'shared_buffers=16MB',
  'max_connections=10',
  'temp_buffers=2MB',
  'work_mem=4MB',
  'maintenance_work_mem=16MB',
];

export const pgliteStartParams = (): string[] => [...PGlite.defaultStartParams, ...PGLITE_SETTINGS.flatMap((setting) => ['-c', setting])];

/**
 * Creates a fresh data directory in a short-lived process of its own. PGlite runs initdb in a second
 * WASM instance and copies its result over; in the server's process that left both instances' memory
 * behind (about 600 MiB after a first start, against 300 on any later one).
 */
export function createDataDirApart(dataDir: string) {
  if (fs.existsSync(path.join(dataDir, 'PG_VERSION'))) return;
  let entry: string;
  try {
    entry = createRequire(path.join(process.cwd(), 'package.json')).resolve('@electric-sql/pglite');
  } catch {
    return; // Not found from here: the database is created in this process instead, as before.
  }
  const script = `const { PGlite } = await import(${JSON.stringify(pathToFileURL(entry).href)});
const db = new PGlite(${JSON.stringify(dataDir)}, { startParams: ${JSON.stringify(pgliteStartParams())} });
await db.waitReady;
await db.close();`;
  const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], { stdio: ['ignore', 'ignore', 'inherit'] });
  if (run.status !== 0) throw new Error(`Could not create the embedded database in ${dataDir} (exit ${run.status ?? run.signal})`);
}
