// The embedded registry (docs/decisions/045-embedded-registry.md): with no REGISTRY_UPSTREAM_URL,
// `npm start` runs Debian's docker-registry as its child, on the loopback interface and a free port,
// storing under DATA_DIR/registry, and restarts it with backoff when it dies.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { log } from '@/lib/log';
import { CONFIG_FILE, registryBinary, registryEnv, registryStorage } from '@/lib/registry/embedded/binary';
import { everyMatchingMinute, parseCron } from '@/lib/registry/embedded/cron';
import { collectGarbage } from '@/lib/registry/embedded/gc';
import { serveCollectionRequests } from '@/lib/registry/embedded/gc-requests';
import { setEmbeddedRegistry, type EmbeddedRegistry } from '@/lib/registry/embedded/state';

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/**
 * The registry runs under a shell that holds our end of a pipe on its standard input: when Berth
 * exits in any way (SIGKILL and crashes included) the pipe closes, and the shell stops the registry,
 * so no orphan keeps the port or the storage. Its own exit status is passed through.
 */
const WATCHDOG = 'exec 3<&0; "$0" serve "$1" </dev/null & r=$!; (read -r _ <&3; kill -TERM $r 2>/dev/null) & w=$!; wait $r; s=$?; kill $w 2>/dev/null; exit $s';

async function healthy(url: string, child: ChildProcess, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline && child.exitCode === null) {
    try {
      const res = await fetch(`${url}/v2/`, { signal: AbortSignal.timeout(1000) });
      if (res.status < 500) return true;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return false;
}

export type Supervisor = { stop(): Promise<void> };

/** Starts the registry, waits until it answers, and keeps it running until `stop()`. */
export async function superviseRegistry(binary: string, dataDir: string): Promise<Supervisor> {
  const storage = registryStorage(dataDir);
  fs.mkdirSync(storage, { recursive: true });
  const state: EmbeddedRegistry = { state: 'starting', restarts: 0, collecting: false };
  setEmbeddedRegistry(state);
  let child: ChildProcess | undefined;
  let stopping = false;
  let backoffMs = 500;
  const secret = randomBytes(32).toString('hex');

  const launch = async (): Promise<boolean> => {
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    const spawned = spawn('sh', ['-c', WATCHDOG, binary, CONFIG_FILE], {
      stdio: ['pipe', 'ignore', 'pipe'],
      // One registry, so a secret of its own for its upload state (it warns without one).
      env: { ...registryEnv(storage, `127.0.0.1:${port}`), REGISTRY_HTTP_SECRET: secret },
      // Its own process group: a Ctrl-C in Berth's terminal reaches Berth, which then stops it.
      detached: true,
    });
    child = spawned;
    // The registry logs at warn level (registry/config.yml); its lines go into Berth's log.
    spawned.stderr?.setEncoding('utf8').on('data', (text: string) => {
      for (const line of text.split('\n').filter(Boolean)) log.warn({ registry: line.slice(0, 500) }, 'embedded registry');
    });
    spawned.on('exit', (code, signal) => {
      if (stopping || child !== spawned) return;
      state.state = 'restarting';
      state.restarts += 1;
      log.error({ code, signal, restarts: state.restarts, retryInMs: backoffMs }, 'the embedded registry stopped; restarting it');
      setTimeout(() => void relaunch(), backoffMs);
      backoffMs = Math.min(backoffMs * 2, 30_000);
    });
    if (!(await healthy(url, spawned, 15_000))) {
      spawned.kill('SIGKILL');
      return false;
    }
    state.url = url;
    state.state = state.collecting ? 'collecting' : 'running';
    log.info({ url, storage, restarts: state.restarts }, 'embedded registry is running');
    // A registry that stayed up a minute starts the next backoff from the beginning.
    setTimeout(() => {
      if (child === spawned && spawned.exitCode === null) backoffMs = 500;
    }, 60_000).unref();
    return true;
  };

  const relaunch = async () => {
    if (stopping) return;
    await launch().catch((error) => log.error({ err: error }, 'the embedded registry could not be started'));
  };

  if (!(await launch())) throw new Error(`${binary} did not answer its health check within 15 s`);

  return {
    async stop() {
      stopping = true;
      state.state = 'stopped';
      const running = child;
      if (!running || running.exitCode !== null || running.signalCode !== null) return;
      const exited = new Promise<void>((resolve) => running.once('exit', () => resolve()));
      // Closing the pipe is what stops it (the watchdog above); SIGKILL if it hangs.
      running.stdin?.end();
      const timer = setTimeout(() => running.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    },
  };
}

export type EmbeddedOptions = { dataDir: string; databaseUrl?: string; gcCron?: string };

/**
 * What `npm start` does without REGISTRY_UPSTREAM_URL: supervise docker-registry when it is
 * installed (and collect its garbage on REGISTRY_GC_CRON), else say in one line how to get one.
 */
export async function startEmbeddedRegistry(options: EmbeddedOptions): Promise<Supervisor | undefined> {
  const binary = registryBinary();
  if (!binary) {
    log.warn('no registry: pushes and pulls answer 503 until you install one (apt-get install docker-registry) or set REGISTRY_UPSTREAM_URL');
    return undefined;
  }
  if (options.databaseUrl) {
    log.warn('an embedded registry keeps its storage on this machine: several Berth instances on one database need one shared registry (REGISTRY_UPSTREAM_URL)');
  }
  // An in-memory database (DATA_DIR=memory://) gets a registry that forgets as it does.
  const dataDir = options.dataDir.startsWith('memory://') ? fs.mkdtempSync(path.join(os.tmpdir(), 'berth-registry-')) : options.dataDir;
  const supervisor = await superviseRegistry(binary, dataDir);
  const stopServing = serveCollectionRequests(binary, dataDir);
  const stopSchedule = options.gcCron
    ? everyMatchingMinute(parseCron(options.gcCron), () =>
        collectGarbage(binary, dataDir).catch((error) => log.error({ err: error }, 'scheduled registry garbage collection failed')),
      )
    : () => {};
  return {
    stop() {
      stopSchedule();
      stopServing();
      return supervisor.stop();
    },
  };
}
