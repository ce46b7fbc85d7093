// The server's last word on a fault (lib/faults.ts): a 500 that Next.js writes after a query found no
// database goes out as 503 UNAVAILABLE with Retry-After, however Next writes it; every other answer
// goes out untouched. A plain node:http server stands in for Next here; e2e/faults.spec.ts runs the
// real one against a database that goes away.
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { noteFault, serveWithFaults, withFaults } from '@/lib/faults';

const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
const ours = new TypeError("Cannot read properties of undefined (reading 'id')");

type Write = (req: IncomingMessage, res: ServerResponse) => void;

/** How the handler behind the path answers, as Next.js might: a fault noted first, then a page. */
const behaviours: Record<string, Write> = {
  '/page-end': (_req, res) => {
    noteFault(refused);
    res.statusCode = 500;
    res.setHeader('Content-Type', 'text/html');
    res.setHeader('Content-Security-Policy', "default-src 'self'");
    res.end('<html>Internal Server Error</html>');
  },
  '/page-stream': (_req, res) => {
    noteFault(refused);
    res.writeHead(500, { 'Content-Type': 'text/html', 'Content-Length': '9' });
    res.write('<html>', () => {});
    res.end('</html>');
    // Next may still set a header after it thinks the answer is written.
    res.setHeader('X-Late', '1');
  },
  '/api/v0/repositories': (_req, res) => {
    setTimeout(() => {
      noteFault(refused);
      res.statusCode = 500;
      res.end('{"oops":true}');
    }, 1);
  },
  '/v2/acme/app/manifests/1': (_req, res) => {
    noteFault(refused);
    res.writeHead(500).end('boom');
  },
  '/our-bug': (_req, res) => {
    noteFault(ours);
    res.statusCode = 500;
    res.end('Internal Server Error');
  },
  '/recovered': (_req, res) => {
    // The fault was met, then the page rendered after all.
    noteFault(refused);
    res.end('<html>fine</html>');
  },
  '/plain': (_req, res) => res.end('hello'),
};

let server: http.Server;
let base: string;

beforeAll(async () => {
  server = http.createServer((req, res) => void serveWithFaults(req, res, () => behaviours[req.url ?? '']?.(req, res)));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe('serveWithFaults', () => {
  it.each(['/page-end', '/page-stream'])('answers %s, a page that found no database, with a 503 page and Retry-After', async (path) => {
    const response = await fetch(`${base}${path}`);
    expect(response.status).toBe(503);
    expect(response.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(response.headers.get('x-late')).toBeNull();
    const body = await response.text();
    expect(body).toContain('Berth cannot reach its database');
    expect(body).not.toContain('Internal Server Error');
  });

  it('keeps the security headers Next set on the page', async () => {
    expect((await fetch(`${base}/page-end`)).headers.get('content-security-policy')).toBe("default-src 'self'");
  });

  it.each(['/api/v0/repositories', '/v2/acme/app/manifests/1'])('answers %s with the error envelope', async (path) => {
    const response = await fetch(`${base}${path}`);
    expect(response.status).toBe(503);
    expect(response.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(await response.json()).toEqual({ errors: [{ code: 'UNAVAILABLE', message: expect.stringContaining('database') }] });
  });

  it('answers HEAD without a body', async () => {
    const response = await fetch(`${base}/page-end`, { method: 'HEAD' });
    expect(response.status).toBe(503);
    expect(await response.text()).toBe('');
  });

  it('leaves a 500 of ours a 500, and every answer that is no 5xx as it was', async () => {
    const bug = await fetch(`${base}/our-bug`);
    expect([bug.status, await bug.text()]).toEqual([500, 'Internal Server Error']);
    const recovered = await fetch(`${base}/recovered`);
    expect([recovered.status, await recovered.text()]).toEqual([200, '<html>fine</html>']);
    const plain = await fetch(`${base}/plain`);
    expect([plain.status, await plain.text()]).toEqual([200, 'hello']);
  });
});

describe('withFaults', () => {
  it('answers what the code it ran noted, and only that', async () => {
    const { result, faults } = await withFaults(async () => {
      await new Promise((resolve) => setTimeout(resolve, 1));
      noteFault(refused);
      noteFault(ours);
      return 'done';
    });
    expect(result).toBe('done');
    expect(faults.error).toBe(refused);
    expect((await withFaults(async () => 1)).faults.error).toBeUndefined();
    // Outside any request a note goes nowhere, and throws nothing.
    expect(() => noteFault(refused)).not.toThrow();
  });
});
