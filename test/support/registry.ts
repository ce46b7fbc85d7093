// The /v2 registry proxy on a real node:http server: it works on Node's own streams, not on Requests.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll } from 'vitest';
import type { RegistryProxyOptions } from '@/lib/registry/context';
import { handleRegistryRequest } from '@/lib/registry/proxy';
import { CLIENT_IP_HEADER } from '@/lib/request';

/**
 * The proxy on a free local port for the file's tests; `url` is filled in before the first of them.
 * `options` is read at each request (e.g. the upstream of a registry started in beforeAll); a client's
 * `x-test-client-ip` header stands for the address scripts/server.ts would take from the socket.
 */
export function useRegistryServer(options: () => RegistryProxyOptions = () => ({})): { url: string } {
  const registry = { url: '' };
  let server: http.Server;
  beforeAll(async () => {
    server = http.createServer((req, res) => {
      const ip = req.headers['x-test-client-ip'];
      if (typeof ip === 'string') req.headers[CLIENT_IP_HEADER] = ip;
      void handleRegistryRequest(req, res, options());
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    registry.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return registry;
}
