import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { requestGate } from '@/lib/api/request-gate';

// A real server whose handler holds every request until the test lets it answer.
let server: http.Server | undefined;
afterEach(async () => {
  server?.closeAllConnections();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
});

async function gatedServer(limit: number) {
  const admit = requestGate(limit);
  const entered: string[] = [];
  const held = new Map<string, http.ServerResponse>();
  server = http.createServer((req, res) => admit(req, res, () => (entered.push(`${req.method} ${req.url}`), held.set(`${req.method} ${req.url}`, res))));
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  const agent = new http.Agent({ keepAlive: false });
  const send = (path: string, method = 'GET') => {
    const req = http.request({ port, host: '127.0.0.1', path, method, agent });
    const done = new Promise<number>((resolve, reject) => {
      req.on('response', (res) => (res.resume(), res.on('end', () => resolve(res.statusCode ?? 0))));
      req.on('error', reject);
    });
    done.catch(() => {}); // requests the test leaves unanswered end with the server
    req.end();
    return { req, done };
  };
  const answer = (key: string) => held.get(key)!.end('ok');
  const until = async (what: () => boolean) => {
    while (!what()) await new Promise((r) => setTimeout(r, 5));
  };
  return { entered, send, answer, until };
}

describe('the request gate', () => {
  it('lets `limit` reads in at once and the next one in when one ends, in order', async () => {
    const s = await gatedServer(2);
    const a = s.send('/api/a');
    const b = s.send('/api/b');
    await s.until(() => s.entered.length === 2);
    const c = s.send('/api/c');
    const d = s.send('/repositories');
    await new Promise((r) => setTimeout(r, 50));
    expect(s.entered).toEqual(['GET /api/a', 'GET /api/b']);
    s.answer('GET /api/b');
    expect(await b.done).toBe(200);
    await s.until(() => s.entered.length === 3);
    expect(s.entered[2]).toBe('GET /api/c');
    for (const key of ['GET /api/a', 'GET /api/c']) s.answer(key);
    await s.until(() => s.entered.length === 4);
    s.answer('GET /repositories');
    expect(await Promise.all([a.done, c.done, d.done])).toEqual([200, 200, 200]);
  });

  it('never holds back the health checks, the registry API or requests with a body', async () => {
    const s = await gatedServer(1);
    s.send('/api/busy');
    await s.until(() => s.entered.length === 1);
    for (const [path, method] of [['/_ping', 'GET'], ['/api/health', 'GET'], ['/v2/', 'GET'], ['/v2/a/b/blobs/uploads/', 'POST'], ['/api/v0/repositories/x', 'POST'], ['/api/v0/x', 'DELETE']]) {
      s.send(path, method);
    }
    await s.until(() => s.entered.length === 7);
    const waiting = s.send('/api/v0/repositories');
    await new Promise((r) => setTimeout(r, 50));
    expect(s.entered).not.toContain('GET /api/v0/repositories');
    s.answer('GET /api/busy');
    await s.until(() => s.entered.includes('GET /api/v0/repositories'));
    s.answer('GET /api/v0/repositories');
    expect(await waiting.done).toBe(200);
  });

  it('passes the turn of a client that left while it waited', async () => {
    const s = await gatedServer(1);
    s.send('/api/first');
    await s.until(() => s.entered.length === 1);
    const gone = s.send('/api/gone');
    await new Promise((r) => setTimeout(r, 50));
    gone.req.destroy();
    await new Promise((r) => setTimeout(r, 50));
    const next = s.send('/api/next');
    s.answer('GET /api/first');
    await s.until(() => s.entered.includes('GET /api/next'));
    expect(s.entered).not.toContain('GET /api/gone');
    s.answer('GET /api/next');
    expect(await next.done).toBe(200);
  });
});
