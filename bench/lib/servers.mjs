// The processes a run starts: each logs to its own file under the run's work folder, a free port is
// found for it (scripts/free-ports.mjs), and all are stopped at the end, before the clean-ups run.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { freePorts } from '../../scripts/free-ports.mjs';
import { log, ROOT } from './settings.mjs';

/** This run's temporary folder: configurations, storage, logs. Removed at the end. */
export const work = fs.mkdtempSync(path.join(os.tmpdir(), 'berth-bench-'));

const children = [];
let stopping = false;
/** Clean-ups that must wait until every server has stopped. */
const cleanups = [];
/** Set when a server dies before the run ends; waits fail on it at once. */
let early = null;

export const freePort = async () => (await freePorts(1))[0];

export function ensureCommand(binary, debianPackage) {
  if (!spawnSync(binary, ['-v'], { stdio: 'ignore' }).error) return;
  log(`${binary} is missing: installing Debian's ${debianPackage}`);
  const opts = { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } };
  const update = spawnSync('apt-get', ['update', '-q'], opts);
  const install = spawnSync('apt-get', ['install', '-y', '-q', debianPackage], opts);
  if (update.status !== 0 || install.status !== 0 || spawnSync(binary, ['-v'], { stdio: 'ignore' }).error) {
    throw new Error(`${binary} is required: apt-get install ${debianPackage}`);
  }
}

export function start(name, command, args, env = {}) {
  const logFile = fs.openSync(path.join(work, `${name}.log`), 'a');
  const child = spawn(command, args, { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', logFile, logFile] });
  child.name = name;
  children.push(child);
  child.on('exit', (code, signal) => {
    if (stopping || child.stopRequested) return;
    const output = fs.readFileSync(path.join(work, `${name}.log`), 'utf8').split('\n').slice(-15).join('\n');
    early = new Error(`${name} exited early (${code ?? signal}):\n${output}`);
  });
  return child;
}

export async function waitFor(url, accept = (status) => status > 0, timeoutMs = 240_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (early) throw early;
    const status = await new Promise((resolve) => {
      http.get(url, (res) => (res.resume(), resolve(res.statusCode ?? 0))).on('error', () => resolve(0));
    });
    if (accept(status)) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${url} did not answer within ${timeoutMs / 1000} s`);
}

/** Stops one server before the run ends (SIGTERM); resolves when it has exited. */
export function stopOne(child) {
  child.stopRequested = true;
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', resolve);
    child.kill('SIGTERM');
    setTimeout(() => child.kill('SIGKILL'), 5000).unref();
  });
}

/** Runs `cleanup` once every server has stopped (dropping a database they use, say). */
export const afterStop = (cleanup) => cleanups.push(cleanup);

/** Stops every server, runs the clean-ups and removes the work folder. */
export async function stopAll() {
  stopping = true;
  await Promise.all(
    children.map(
      (child) =>
        new Promise((resolve) => {
          if (child.exitCode !== null || child.signalCode !== null) return resolve();
          child.once('exit', resolve);
          child.kill('SIGTERM');
          setTimeout(() => child.kill('SIGKILL'), 5000).unref();
        }),
    ),
  );
  for (const cleanup of cleanups) await cleanup().catch((error) => console.error(error));
  fs.rmSync(work, { recursive: true, force: true });
}

/** Builds when there is no production build, or when a source file is newer than it. */
export function ensureBuild() {
  const buildId = path.join(ROOT, '.next', 'BUILD_ID');
  const built = fs.existsSync(buildId) ? fs.statSync(buildId).mtimeMs : 0;
  const newest = (dir) => {
    let latest = 0;
    if (!fs.existsSync(dir)) return 0;
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      latest = Math.max(latest, entry.isDirectory() ? newest(full) : fs.statSync(full).mtimeMs);
    }
    return latest;
  };
  const sources = Math.max(...['app', 'lib', 'pages', 'db'].map((d) => newest(path.join(ROOT, d))), fs.statSync(path.join(ROOT, 'next.config.mjs')).mtimeMs);
  // The server itself is compiled in a second (dist/server.mjs): always, so it is never older than its sources.
  execFileSync(process.execPath, ['scripts/build-server.mjs'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
  if (built && built >= sources && !process.argv.includes('--build')) return;
  log('building the production app (next build)…');
  execFileSync('npx', ['next', 'build'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
}
