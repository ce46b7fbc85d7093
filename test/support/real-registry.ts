// The real distribution registry (Debian's docker-registry) on a free loopback port, with its own
// storage folder, behind the real /v2 proxy: for tests whose answers must come from the registry.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net, { type AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll } from 'vitest';
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

/** docker-registry and the proxy in front of it for the file's tests; `proxy` is filled in before the first. */
export function useRealRegistry(): { proxy: string } {
  const urls = { proxy: '' };
  let child: ChildProcess | undefined;
  let storage = '';
  beforeAll(async () => {
    const port = await freePort();
    storage = fs.mkdtempSync(path.join(os.tmpdir(), 'berth-registry-'));
    const config = path.join(__dirname, '../../registry/config.yml');
    child = spawn(process.env.DOCKER_REGISTRY_BIN ?? 'docker-registry', ['serve', config], {
      env: { ...process.env, REGISTRY_STORAGE_FILESYSTEM_ROOTDIRECTORY: storage, REGISTRY_HTTP_ADDR: `127.0.0.1:${port}` },
      stdio: 'ignore',
    });
    const upstream = `http://127.0.0.1:${port}`;
    // Waits on the condition, the registry answering, not on a time.
    while (!(await answers(`${upstream}/v2/`))) {
      if (child.exitCode !== null) throw new Error('docker-registry exited; apt-get install docker-registry');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    urls.proxy = `http://127.0.0.1:${await startProxy({ upstreamUrl: upstream })}`;
  });
  afterAll(() => {
    child?.kill();
    if (storage) fs.rmSync(storage, { recursive: true, force: true });
  });
  return urls;
}
