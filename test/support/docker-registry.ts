// A real distribution registry (Debian's docker-registry, v2.8) for the file's tests, on a free port
// and storage of its own, with the configuration of registry/config.yml (deletes enabled); Berth's
// configuration points at it while the file runs.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { config } from '@/lib/config';
// @ts-expect-error: a plain .mjs script without types
import { freePorts } from '../../scripts/free-ports.mjs';

const CONFIG_FILE = path.join(__dirname, '..', '..', 'registry', 'config.yml');

async function waitForRegistry(url: string, child: ChildProcess) {
  for (let i = 0; i < 200; i++) {
    if (child.exitCode !== null) throw new Error(`docker-registry exited with ${child.exitCode}`);
    try {
      if ((await fetch(`${url}/v2/`)).status === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error('docker-registry did not start');
}

/** Starts the registry before the file's tests and stops it after; `url` is set once it answers. */
export function useDockerRegistry(): { url: string; stop: () => Promise<void>; start: () => Promise<void> } {
  const registry = { url: '', stop: async () => {}, start: async () => {} };
  let child: ChildProcess | undefined;
  let storage = '';
  let port = 0;
  let previous: string | undefined;
  const start = async () => {
    const env = { PATH: process.env.PATH, REGISTRY_HTTP_ADDR: `127.0.0.1:${port}`, REGISTRY_STORAGE_FILESYSTEM_ROOTDIRECTORY: storage };
    const started = spawn('docker-registry', ['serve', CONFIG_FILE], { stdio: 'ignore', env: env as unknown as NodeJS.ProcessEnv });
    child = started;
    await waitForRegistry(registry.url, started);
  };
  const stop = async () => {
    const running = child;
    child = undefined;
    if (!running || running.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      running.once('exit', () => resolve());
      running.kill('SIGTERM');
    });
  };
  beforeAll(async () => {
    storage = fs.mkdtempSync(path.join(os.tmpdir(), 'berth-registry-'));
    [port] = await freePorts(1);
    registry.url = `http://127.0.0.1:${port}`;
    registry.start = start;
    registry.stop = stop;
    await start();
    previous = config.registryUpstreamUrl;
    config.registryUpstreamUrl = registry.url;
  });
  afterAll(async () => {
    config.registryUpstreamUrl = previous;
    await stop();
    fs.rmSync(storage, { recursive: true, force: true });
  });
  return registry;
}
