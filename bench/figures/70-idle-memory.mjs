// SPEC 9: resident memory of every process `npm start` starts (the npm launcher itself aside), idle,
// 30 s after start on an existing database, on embedded PGlite and on PostgreSQL; and, reported only,
// the same after the first start on a fresh data directory (issue 11: it must not stay at 600 MiB).
// `npm start` itself is run, as a user runs it, so the processes measured are the ones it leaves.
import path from 'node:path';
import { freePort, start, stopOne, waitFor, work } from '../lib/servers.mjs';
import { processTree, rssMiB } from '../lib/measure.mjs';
import { createDatabase } from '../lib/postgres.mjs';
import { ADMIN, log } from '../lib/settings.mjs';

const IDLE_MS = 30_000;
const TARGETS = { pglite: 250, postgres: 160 };

let runs = 0;

/** Starts `npm start` with `env`, waits for its health, then IDLE_MS; answers the tree's RSS less npm's own, then stops it. */
async function idleRss(env) {
  const port = await freePort();
  const npm = start(`npm-start-${runs++}`, 'npm', ['start'], { PORT: String(port), ADMIN_USERNAME: ADMIN.name, ADMIN_PASSWORD: ADMIN.password, ...env });
  await waitFor(`http://127.0.0.1:${port}/api/health`, (s) => s === 200);
  await new Promise((resolve) => setTimeout(resolve, IDLE_MS));
  const started = processTree(npm.pid).filter((pid) => pid !== npm.pid);
  const rss = started.reduce((sum, pid) => sum + rssMiB(pid), 0);
  const processes = started.length;
  // npm passes the signal on to the server its shell exec'd into; the server stops itself on it.
  await stopOne(npm);
  return { rss, processes };
}

const row = (figure, { rss, processes }, target) => ({
  figure: `${figure} (${processes} process${processes === 1 ? '' : 'es'})`,
  value: rss,
  unit: 'MiB',
  baselineName: '',
  baseline: null,
  ratio: null,
  target: target === null ? 0 : `≤ ${target} MiB`,
  pass: target === null ? null : rss <= target,
});

export default async function idleMemory() {
  const dataDir = path.join(work, 'idle-data');
  log('idle memory after `npm start`: embedded, first start on a fresh data directory…');
  const fresh = await idleRss({ DATA_DIR: dataDir, DATABASE_URL: '' });
  log('… embedded, on the existing database…');
  const pglite = await idleRss({ DATA_DIR: dataDir, DATABASE_URL: '' });
  log('… PostgreSQL…');
  const databaseUrl = await createDatabase();
  await idleRss({ DATABASE_URL: databaseUrl, DATA_DIR: path.join(work, 'idle-data-pg') });
  const postgres = await idleRss({ DATABASE_URL: databaseUrl, DATA_DIR: path.join(work, 'idle-data-pg') });
  return [
    row('idle RSS of what `npm start` starts, PGlite, 30 s after start', pglite, TARGETS.pglite),
    row('idle RSS of what `npm start` starts, PostgreSQL, 30 s after start', postgres, TARGETS.postgres),
    row('idle RSS, PGlite, 30 s after the first start on a fresh data directory', fresh, null),
  ];
}
