// Garbage collection of the embedded registry's storage (docs/decisions/045-embedded-registry.md):
// `docker-registry garbage-collect` while Berth refuses pushes (503 UNAVAILABLE with
// Retry-After) and keeps serving pulls, with the bytes it reclaimed in the log and the audit log.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { db } from '@/db';
import { audit } from '@/lib/audit/record';
import { log } from '@/lib/log';
import { embeddedRegistry, lockFile, lockHeld } from '@/lib/registry/embedded/state';
import { CONFIG_FILE, registryEnv, registryStorage } from '@/lib/registry/embedded/binary';

/** The bytes of every file under `dir`. */
export function directoryBytes(dir: string): number {
  let total = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) total += fs.statSync(path.join(entry.parentPath, entry.name)).size;
  }
  return total;
}

/** How long a collection waits for the pushes already under way before it starts. */
const DRAIN_MS = 2000;

export type Collection = { bytesBefore: number; bytesAfter: number; bytesReclaimed: number; durationMs: number };

/**
 * Takes the lock (refusing pushes), waits for running pushes, collects, and records what it freed.
 * Throws when another collection holds the lock or docker-registry fails.
 */
export async function collectGarbage(binary: string, dataDir: string, drainMs = DRAIN_MS): Promise<Collection> {
  const storage = registryStorage(dataDir);
  fs.mkdirSync(storage, { recursive: true });
  if (embeddedRegistry()?.collecting) throw new Error('a garbage collection is already running');
  takeLock(dataDir);
  const state = embeddedRegistry();
  if (state) Object.assign(state, { collecting: true, state: 'collecting' });
  const started = Date.now();
  try {
    await new Promise((r) => setTimeout(r, drainMs));
    const bytesBefore = directoryBytes(storage);
    // Not --delete-untagged: distribution 2.8 counts the platform images of a multi-platform index as
    // untagged and deletes them. Berth deletes the manifests it removes by digest; their blobs go here.
    await run(binary, ['garbage-collect', CONFIG_FILE], registryEnv(storage));
    const bytesAfter = directoryBytes(storage);
    const result = { bytesBefore, bytesAfter, bytesReclaimed: Math.max(0, bytesBefore - bytesAfter), durationMs: Date.now() - started };
    log.info(result, 'registry garbage collection finished');
    await audit(db, { name: null, credential: null, request: { ip: '', userAgent: 'berth registry:gc' } }, {
      action: 'registry.garbage_collected',
      targetType: 'registry',
      target: 'embedded',
      details: result,
    });
    return result;
  } finally {
    if (state) Object.assign(state, { collecting: false, state: state.state === 'collecting' ? 'running' : state.state });
    fs.rmSync(lockFile(dataDir), { force: true });
  }
}

/** The lock, created exclusively; one left by a collection that died is taken over. */
function takeLock(dataDir: string) {
  const file = lockFile(dataDir);
  const create = () => fs.writeFileSync(file, String(process.pid), { flag: 'wx' });
  try {
    return create();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  if (lockHeld(dataDir)) throw new Error('a garbage collection is already running');
  fs.rmSync(file, { force: true });
  create();
}

function run(binary: string, args: string[], env: NodeJS.ProcessEnv): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(binary, args, { env, stdio: ['ignore', 'ignore', 'pipe'] });
    let errors = '';
    child.stderr.setEncoding('utf8').on('data', (text: string) => (errors = (errors + text).slice(-2000)));
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`garbage-collect exited with ${code}: ${errors.trim().split('\n').pop()}`))));
  });
}
