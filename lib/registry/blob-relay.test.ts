import { createHash, randomBytes } from 'node:crypto';
import http, { type IncomingHttpHeaders, type RequestListener } from 'node:http';
import type { AddressInfo } from 'node:net';
import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { relayRaw } from './blob-relay';

const servers: (http.Server | net.Server)[] = [];
const sockets = new Set<net.Socket>();
afterEach(async () => {
  for (const socket of sockets) socket.destroy();
  sockets.clear();
  await Promise.all(servers.splice(0).map((s) => new Promise((resolve) => s.close(resolve))));
});

async function listen<T extends http.Server | net.Server>(server: T): Promise<string> {
  servers.push(server);
  server.on('connection', (socket: net.Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** A proxy in front of `upstream` that relays every GET raw; records whether it fell back. */
async function proxy(upstream: string, outcomes: boolean[]) {
  return listen(
    http.createServer(async (req, res) => {
      const handled = await relayRaw(res, {
        upstream: new URL(upstream),
        path: req.url!,
        headers: { accept: req.headers.accept ?? '*/*', range: req.headers.range },
        responseHeaders: (headers: IncomingHttpHeaders) => {
          const { connection: _connection, ...rest } = headers;
          return rest;
        },
      });
      outcomes.push(handled);
      if (!handled) {
        res.writeHead(502, { 'Content-Length': 8 });
        res.end('fallback');
      }
    }),
  );
}

function get(url: string, opts: { agent?: http.Agent; headers?: Record<string, string>; slow?: boolean } = {}) {
  return new Promise<{ status: number; headers: IncomingHttpHeaders; body: Buffer }>((resolve, reject) => {
    http
      .get(url, { agent: opts.agent, headers: opts.headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => {
          chunks.push(chunk);
          if (opts.slow) {
            res.pause();
            setTimeout(() => res.resume(), 1);
          }
        });
        res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }));
        res.on('error', reject);
      })
      .on('error', reject);
  });
}

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

describe('raw blob relay', () => {
  const blob = randomBytes(8 * 1024 * 1024 + 123);
  const registry: RequestListener = (req, res) => {
    if (req.url === '/blob') {
      const range = /^bytes=(\d+)-(\d+)$/.exec(req.headers.range ?? '');
      const body = range ? blob.subarray(Number(range[1]), Number(range[2]) + 1) : blob;
      res.writeHead(range ? 206 : 200, { 'Content-Length': body.length, 'Docker-Content-Digest': `sha256:${sha(blob)}` });
      return res.end(body);
    }
    if (req.url === '/trickle') {
      // Pieces below a socket's high-water mark, one per turn of the event loop, so the relay reads
      // and sends them one by one: a short write to a client whose kernel buffer is full waits in Node
      // without its write() returning false.
      res.writeHead(200, { 'Content-Length': blob.length });
      let at = 0;
      const more = () => {
        if (at >= blob.length) return void res.end();
        const ok = res.write(blob.subarray(at, (at += 8192)));
        if (ok) setImmediate(more);
        else res.once('drain', more);
      };
      return more();
    }
    if (req.url === '/chunked') {
      res.writeHead(200, { 'Content-Type': 'text/plain' });
      res.write('a');
      return res.end('b');
    }
    if (req.url === '/redirect') {
      res.writeHead(307, { Location: 'https://storage.example/blob', 'Content-Length': 0 });
      return res.end();
    }
    res.writeHead(404, { 'Content-Length': 2 });
    res.end('{}');
  };

  it('passes a body, its status and its headers through, on a kept-alive client connection', async () => {
    const outcomes: boolean[] = [];
    const url = await proxy(await listen(http.createServer(registry)), outcomes);
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    const first = await get(`${url}/blob`, { agent });
    expect(first.status).toBe(200);
    expect(first.headers['content-length']).toBe(String(blob.length));
    expect(first.headers['docker-content-digest']).toBe(`sha256:${sha(blob)}`);
    expect(sha(first.body)).toBe(sha(blob));
    const ranged = await get(`${url}/blob`, { agent, headers: { Range: 'bytes=10-19' } });
    expect(ranged.status).toBe(206);
    expect(ranged.body.equals(blob.subarray(10, 20))).toBe(true);
    const missing = await get(`${url}/nothing`, { agent });
    expect([missing.status, missing.body.toString()]).toEqual([404, '{}']);
    const redirect = await get(`${url}/redirect`, { agent });
    expect([redirect.status, redirect.headers.location]).toEqual([307, 'https://storage.example/blob']);
    agent.destroy();
    expect(outcomes).toEqual([true, true, true, true]);
  });

  it('keeps every byte in order for a client slower than the upstream', async () => {
    const url = await proxy(await listen(http.createServer(registry)), []);
    const slow = await get(`${url}/blob`, { slow: true });
    expect(sha(slow.body)).toBe(sha(blob));
  });

  it('finishes for a client that stops reading a while, when the upstream sends in short pieces', async () => {
    const url = await proxy(await listen(http.createServer(registry)), []);
    const body = await new Promise<Buffer>((resolve, reject) => {
      http
        .get(`${url}/trickle`, (res) => {
          const chunks: Buffer[] = [];
          // The client's socket buffer fills while it does not read; short writes then wait in Node.
          res.pause();
          setTimeout(() => res.resume(), 1000);
          res.on('data', (chunk: Buffer) => {
            chunks.push(chunk);
            if (chunks.length % 50 === 0) {
              res.pause();
              setTimeout(() => res.resume(), 20);
            }
          });
          res.on('end', () => resolve(Buffer.concat(chunks)));
          res.on('error', reject);
        })
        .on('error', reject);
    });
    expect(sha(body)).toBe(sha(blob));
  });

  it('leaves a chunked answer, a refused connection or a garbled head to the ordinary path', async () => {
    const outcomes: boolean[] = [];
    const garbled = await listen(net.createServer((socket) => socket.end('NOT HTTP\r\n\r\n')));
    const closed = await listen(net.createServer());
    const refusedPort = new URL(closed).port;
    await new Promise((resolve) => servers.pop()!.close(resolve));
    const upstream = await listen(http.createServer(registry));
    for (const base of [upstream, garbled, `http://127.0.0.1:${refusedPort}`]) {
      const url = await proxy(base, outcomes);
      const res = await get(`${url}/chunked`);
      expect([res.status, res.body.toString()]).toEqual([502, 'fallback']);
    }
    expect(outcomes).toEqual([false, false, false]);
  });

  it('cuts the body short when the upstream dies midway, and stops when the client goes away', async () => {
    const outcomes: boolean[] = [];
    const dying = await listen(
      net.createServer((socket) => {
        socket.once('data', () => socket.end('HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nonly ten b'));
      }),
    );
    const url = await proxy(dying, outcomes);
    await expect(get(`${url}/blob`)).rejects.toThrow();

    const upstream = await listen(http.createServer(registry));
    const url2 = await proxy(upstream, outcomes);
    await new Promise<void>((resolve) => {
      const req = http.get(`${url2}/blob`, (res) => {
        res.once('data', () => {
          req.destroy();
          resolve();
        });
      });
      req.on('error', () => {});
    });
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(outcomes).toEqual([true, true]);
  });
});
