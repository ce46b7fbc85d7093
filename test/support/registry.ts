// The /v2 registry proxy on a real node:http server: it works on Node's own streams, not on Requests.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll } from 'vitest';
import { handleRegistryRequest } from '@/lib/registry/proxy';

/** The proxy on a free local port for the file's tests; `url` is filled in before the first of them. */
export function useRegistryServer(): { url: string } {
  const registry = { url: '' };
  let server: http.Server;
  beforeAll(async () => {
    server = http.createServer((req, res) => void handleRegistryRequest(req, res));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    registry.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return registry;
}
