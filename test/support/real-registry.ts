// The real distribution registry (Debian's docker-registry) on a free loopback port, with its own
// storage folder and registry/config.yml (deletes enabled): for tests whose answers must come from
// the registry (docs/decisions/032-real-registry-in-integration-tests.md).
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net, { type AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { config } from '@/lib/config';
import { registryEnv } from '@/lib/registry/embedded/binary';
import { startProxy } from './registry-proxy';

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function answers(url: string): Promise<boolean> {
  try {
    return (await fetch(url)).status === 200;
  } catch {
    return false;
  }
}

/** A docker-registry of the file's own; `stop` and `start` take it away and bring it back on the same port and storage. */
export type RealRegistry = { url: string; stop: () => Promise<void>; start: () => Promise<void> };

/** Starts docker-registry before the file's tests and removes it and its storage after. */
export function useDockerRegistry(): RealRegistry {
  const registry: RealRegistry = { url: '', stop: async () => {}, start: async () => {} };
  let child: ChildProcess | undefined;
  let storage = '';
  let port = 0;
  registry.start = async () => {
    const configFile = path.join(__dirname, '../../registry/config.yml');
    // The environment the embedded registry gets: this storage and address, nothing of the test's.
    const started = spawn(config.dockerRegistryBin, ['serve', configFile], {
      env: registryEnv(storage, `127.0.0.1:${port}`),
      stdio: 'ignore',
    });
    child = started;
    // Waits on the condition, the registry answering, not on a time.
    while (!(await answers(`${registry.url}/v2/`))) {
      if (started.exitCode !== null) throw new Error('docker-registry exited; apt-get install docker-registry');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  };
  registry.stop = async () => {
    const running = child;
    child = undefined;
    if (!running || running.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      running.once('exit', () => resolve());
      running.kill();
    });
  };
  beforeAll(async () => {
    port = await freePort();
    storage = fs.mkdtempSync(path.join(os.tmpdir(), 'berth-registry-'));
    registry.url = `http://127.0.0.1:${port}`;
    await registry.start();
  });
  afterAll(async () => {
    await registry.stop();
    if (storage) fs.rmSync(storage, { recursive: true, force: true });
  });
  return registry;
}

/** docker-registry and the proxy in front of it for the file's tests; `proxy` is filled in before the first. */
export function useRealRegistry(): { proxy: string } {
  const urls = { proxy: '' };
  const registry = useDockerRegistry();
  beforeAll(async () => {
    urls.proxy = `http://127.0.0.1:${await startProxy({ upstreamUrl: registry.url })}`;
  });
  return urls;
}

/**
 * docker-registry as Berth's configured upstream while the file runs, so that Berth's own requests to
 * it (the tags API, deletions) go there as the proxy's do; for the proxy, see test/support/registry.ts.
 */
export function useConfiguredRegistry(): RealRegistry {
  const registry = useDockerRegistry();
  let previous: string | undefined;
  beforeAll(() => {
    previous = config.registryUpstreamUrl;
    config.registryUpstreamUrl = registry.url;
  });
  afterAll(() => {
    config.registryUpstreamUrl = previous;
  });
  return registry;
}
