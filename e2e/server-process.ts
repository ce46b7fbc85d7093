// Berth processes a spec starts itself: each in a process group of its own, its output in a log the
// leak check reads, ready once /api/health answers 200 from a process it started (own-servers.ts),
// and stopped with SIGTERM, as a process manager stops a server.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { freePortsSync, SERVER_ARGS } from './env';
import { EXTRA_LOGS_DIR } from './leak-record';
import { expectOwnServer } from './own-servers';

const ROOT = path.join(__dirname, '..');

export type ServerProcess = { name: string; port: number; url: string; child: ChildProcess; exit: Promise<unknown>; log: string };

type StartOptions = {
  /** Names the server in errors and in its log's file name. */
  name: string;
  /** Its environment besides PATH, HOME, NODE_ENV=production and PORT. */
  env: Record<string, string>;
  port?: number;
  /** What runs: the production build as `npm start` runs it (SERVER_ARGS), unless told otherwise. */
  command?: { file: string; args: string[] };
  timeoutMs?: number;
};

/** Starts a server and waits for its health; stops it and throws with the end of its log if it exits or stays unhealthy. */
export async function startServer({ name, env, port = freePortsSync(1)[0], command = { file: process.execPath, args: SERVER_ARGS }, timeoutMs = 120_000 }: StartOptions): Promise<ServerProcess> {
  fs.mkdirSync(EXTRA_LOGS_DIR, { recursive: true });
  const log = path.join(EXTRA_LOGS_DIR, `${name.replace(/[^\w.-]+/g, '-')}-${port}.log`);
  const out = fs.openSync(log, 'a');
  const child = spawn(command.file, command.args, {
    cwd: ROOT,
    detached: true,
    stdio: ['ignore', out, out],
    env: { PATH: process.env.PATH, HOME: process.env.HOME, NODE_ENV: 'production', PORT: String(port), ...env },
  });
  fs.closeSync(out);
  const exit = new Promise((resolve) => child.once('exit', resolve));
  const server = { name, port, url: `http://127.0.0.1:${port}`, child, exit, log };
  let exited = false;
  void exit.then(() => (exited = true));
  for (const deadline = Date.now() + timeoutMs; Date.now() < deadline && !exited; ) {
    const healthy = await fetch(`${server.url}/api/health`).then(
      (response) => response.ok,
      () => false,
    );
    if (healthy) {
      expectOwnServer(port, child.pid!, name);
      return server;
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  await stopServer(server);
  throw new Error(`${name} ${exited ? 'exited' : 'did not become healthy'}:\n${fs.readFileSync(log, 'utf8').slice(-4000)}`);
}

/** Sends `signal` to the server's process group and waits for it to exit; SIGKILL after `graceMs`. */
export async function stopServer({ child, exit }: Pick<ServerProcess, 'child' | 'exit'>, { signal = 'SIGTERM' as NodeJS.Signals, graceMs = 10_000 } = {}) {
  if (child.exitCode !== null || child.signalCode !== null || !child.pid) return;
  process.kill(-child.pid, signal);
  const stopped = await Promise.race([exit.then(() => true), new Promise((resolve) => setTimeout(() => resolve(false), graceMs))]);
  if (!stopped) {
    process.kill(-child.pid, 'SIGKILL');
    await exit;
  }
}
