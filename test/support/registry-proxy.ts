// Shared by the registry proxy tests (test/integration/registry-proxy-*.test.ts): the real
// handleRegistryRequest behind an http.Server of the test's own, a recording upstream standing in
// for the registry, and a raw socket client that sends bytes exactly as written and reads answers.
import http, { type IncomingHttpHeaders } from 'node:http';
import net, { type AddressInfo } from 'node:net';
import { afterAll } from 'vitest';
import type { RegistryProxyOptions } from '@/lib/registry/context';
import { handleRegistryRequest } from '@/lib/registry/proxy';
import { isRegistryUrl } from '@/lib/registry/server-timeouts';
import { CLIENT_IP_HEADER, forwardedClientIp } from '@/lib/request';

const servers: http.Server[] = [];
const sockets = new Set<net.Socket>();

afterAll(async () => {
  for (const socket of sockets) socket.destroy();
  await Promise.all(servers.splice(0).map((server) => new Promise((resolve) => server.close(resolve))));
});

function track(server: http.Server) {
  servers.push(server);
  server.on('connection', (socket: net.Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
}

async function listen(server: http.Server): Promise<number> {
  track(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

/** One request as the upstream's own HTTP parser saw it. */
export type UpstreamRequest = {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  rawHeaders: string[];
  body: Buffer;
  rawTrailers: string[];
  /** Which upstream connection carried it (1, 2, …). */
  connection: number;
};

export type RecordingUpstream = {
  url: string;
  /** Every complete request, in the order their bodies ended. */
  requests: UpstreamRequest[];
  /** Requests whose headers arrived, complete or not. */
  started: number;
  /** Bytes the upstream's parser refused (a request it could not frame). */
  parseErrors: string[];
  /** The most requests in progress at once, per repository namespace (the first path segment after /v2/). */
  peakByNamespace: Map<string, number>;
  /** Requests in progress now, per namespace. */
  runningByNamespace: Map<string, number>;
  /** Requests whose body stopped before its end (the proxy aborted them). */
  aborted: UpstreamRequest[];
};

/**
 * A stand-in for the registry: answers like the distribution API (202 with a Location for upload
 * starts and chunks, 201 for PUTs) once it has read the whole request body, and records everything.
 */
export async function startUpstream(): Promise<RecordingUpstream> {
  const upstream: Omit<RecordingUpstream, 'url'> = {
    requests: [],
    started: 0,
    parseErrors: [],
    peakByNamespace: new Map(),
    runningByNamespace: new Map(),
    aborted: [],
  };
  let connections = 0;
  const connectionOf = new WeakMap<net.Socket, number>();
  const server = http.createServer((req, res) => {
    upstream.started++;
    const namespace = /^\/v2\/([^/?]+)/.exec(req.url ?? '')?.[1] ?? '';
    const running = (upstream.runningByNamespace.get(namespace) ?? 0) + 1;
    upstream.runningByNamespace.set(namespace, running);
    upstream.peakByNamespace.set(namespace, Math.max(upstream.peakByNamespace.get(namespace) ?? 0, running));
    const chunks: Buffer[] = [];
    const record = (): UpstreamRequest => ({
      method: req.method ?? '',
      url: req.url ?? '',
      headers: req.headers,
      rawHeaders: req.rawHeaders,
      body: Buffer.concat(chunks),
      rawTrailers: req.rawTrailers,
      connection: connectionOf.get(req.socket) ?? 0,
    });
    let ended = false;
    const leave = () => upstream.runningByNamespace.set(namespace, (upstream.runningByNamespace.get(namespace) ?? 1) - 1);
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('close', () => {
      if (ended) return;
      leave();
      upstream.aborted.push(record());
    });
    req.on('end', () => {
      ended = true;
      leave();
      upstream.requests.push(record());
      const upload = /^(\/v2\/.+\/blobs\/uploads)\/?([^/?]*)/.exec(req.url ?? '');
      const location = upload ? `${upload[1]}/${upload[2] || 'u-1'}?_state=s%2Bt%3D` : undefined;
      const status = req.method === 'POST' || req.method === 'PATCH' ? 202 : req.method === 'PUT' ? 201 : req.method === 'DELETE' ? 202 : 200;
      const body = status === 200 ? '{"upstream":true}' : '';
      res.writeHead(status, {
        'Content-Type': 'application/json',
        'Content-Length': Buffer.byteLength(body),
        'Docker-Distribution-Api-Version': 'registry/2.0',
        ...(location ? { Location: location } : {}),
      });
      res.end(req.method === 'HEAD' ? undefined : body);
    });
  });
  server.on('connection', (socket: net.Socket) => connectionOf.set(socket, ++connections));
  server.on('clientError', (error: NodeJS.ErrnoException, socket) => {
    upstream.parseErrors.push(error.code ?? error.message);
    socket.destroy();
  });
  const port = await listen(server);
  return Object.assign(upstream, { url: `http://127.0.0.1:${port}` });
}

/**
 * The real proxy behind a server of its own, set up like scripts/server.ts; returns its port.
 * `otherRoutes` answers everything outside /v2 (standing in for the rest of the app).
 */
export async function startProxy(
  options: RegistryProxyOptions,
  opts: { configure?: (server: http.Server) => void; otherRoutes?: http.RequestListener; serverOptions?: http.ServerOptions } = {},
): Promise<number> {
  const server = http.createServer(opts.serverOptions ?? {}, (req, res) => {
    req.headers[CLIENT_IP_HEADER] = forwardedClientIp(req.socket.remoteAddress, undefined, 0);
    if (opts.otherRoutes && !isRegistryUrl(req.url)) return opts.otherRoutes(req, res);
    void handleRegistryRequest(req, res, options);
  });
  opts.configure?.(server);
  return listen(server);
}

export type RawResponse = { status: number; headers: Record<string, string>; body: string };
export type RawExchange = { responses: RawResponse[]; closed: boolean; informational: number[] };

type Parsed = { response: RawResponse; used: number } | null;

/** Parses one response at the start of `data`; `bodyless` for the answer to a HEAD. */
function parseResponse(data: Buffer, bodyless: boolean, closed: boolean): Parsed {
  const end = data.indexOf('\r\n\r\n');
  if (end < 0) return null;
  const [statusLine, ...lines] = data.subarray(0, end).toString('latin1').split('\r\n');
  const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(statusLine)?.[1]);
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const colon = line.indexOf(':');
    const name = line.slice(0, colon).trim().toLowerCase();
    headers[name] = headers[name] === undefined ? line.slice(colon + 1).trim() : `${headers[name]}, ${line.slice(colon + 1).trim()}`;
  }
  let at = end + 4;
  if (bodyless || status < 200 || status === 204 || status === 304) return { response: { status, headers, body: '' }, used: at };
  if (headers['content-length'] !== undefined) {
    const length = Number(headers['content-length']);
    if (data.length < at + length) return null;
    return { response: { status, headers, body: data.subarray(at, at + length).toString('utf8') }, used: at + length };
  }
  if (/chunked/i.test(headers['transfer-encoding'] ?? '')) {
    const parts: Buffer[] = [];
    for (;;) {
      const lineEnd = data.indexOf('\r\n', at);
      if (lineEnd < 0) return null;
      const size = Number.parseInt(data.subarray(at, lineEnd).toString('latin1'), 16);
      if (data.length < lineEnd + 2 + size + 2) return null;
      parts.push(data.subarray(lineEnd + 2, lineEnd + 2 + size));
      at = lineEnd + 2 + size + 2;
      if (size === 0) return { response: { status, headers, body: Buffer.concat(parts).toString('utf8') }, used: at };
    }
  }
  // Delimited by the connection's end.
  if (!closed) return null;
  return { response: { status, headers, body: data.subarray(at).toString('utf8') }, used: data.length };
}

/** A connection to the proxy that reads answers as they come; the test writes when it likes. */
export type OpenExchange = {
  socket: net.Socket;
  /** Resolves once `expect` final answers have come or the server closed the connection. */
  result: Promise<RawExchange>;
  /** The answers so far. */
  sofar: RawExchange;
};

/** `expect` beyond the answers that will come means: until the server closes the connection. */
export function openExchange(port: number, opts: { expect?: number; heads?: boolean[]; waitMs?: number } = {}): OpenExchange {
  const expected = opts.expect ?? 1;
  const socket = net.connect(port, '127.0.0.1');
  sockets.add(socket);
  let data = Buffer.alloc(0);
  const sofar: RawExchange = { responses: [], closed: false, informational: [] };
  const result = new Promise<RawExchange>((resolve, reject) => {
    let finished = false;
    const finish = () => {
      if (finished) return;
      finished = true;
      clearTimeout(limit);
      socket.destroy();
      resolve(sofar);
    };
    const parse = () => {
      for (;;) {
        const parsed = parseResponse(data, opts.heads?.[sofar.responses.length] ?? false, sofar.closed);
        if (!parsed) break;
        data = data.subarray(parsed.used);
        if (parsed.response.status < 200) sofar.informational.push(parsed.response.status);
        else sofar.responses.push(parsed.response);
      }
      if (sofar.responses.length >= expected || sofar.closed) finish();
    };
    // A safety net against a hung server: the assertions then see fewer answers than they expect.
    const limit = setTimeout(() => {
      if (!finished) reject(new Error(`no answer in time; got ${JSON.stringify(sofar)} and ${JSON.stringify(data.toString('latin1'))}`));
      socket.destroy();
    }, opts.waitMs ?? 15_000);
    socket.on('data', (chunk: Buffer) => {
      data = Buffer.concat([data, chunk]);
      parse();
    });
    socket.on('error', () => {});
    socket.on('close', () => {
      sofar.closed = true;
      parse();
      finish();
    });
  });
  return { socket, result, sofar };
}

/**
 * Writes `payload` (a string or Buffer, or parts written one after another with `gapMs` between
 * them) on one fresh connection and reads answers until `expect` final responses have come or the
 * server closed the connection. `heads` marks which of the expected answers answer a HEAD.
 */
export function rawExchange(
  port: number,
  payload: string | Buffer | (string | Buffer)[],
  opts: { expect?: number; heads?: boolean[]; gapMs?: number; waitMs?: number } = {},
): Promise<RawExchange> {
  const parts = Array.isArray(payload) ? payload : [payload];
  const { socket, result } = openExchange(port, opts);
  socket.on('connect', async () => {
    for (const [i, part] of parts.entries()) {
      if (i > 0 && opts.gapMs) await new Promise((r) => setTimeout(r, opts.gapMs));
      if (socket.destroyed) return;
      socket.write(part);
    }
  });
  return result;
}

/**
 * A chunked upload that sends one byte every `everyMs` until `finish()` sends the last chunk or
 * `stop()` goes silent (the connection stays open). Returns what it sent, for comparing.
 */
export function tricklingUpload(port: number, requestHead: string, everyMs: number, opts: { waitMs?: number; untilClosed?: boolean } = {}) {
  // Waiting for a second answer that never comes is waiting for the connection to close.
  const exchange = openExchange(port, { waitMs: opts.waitMs ?? 120_000, expect: opts.untilClosed ? 2 : 1 });
  let sent = '';
  let timer: NodeJS.Timeout | undefined;
  const tick = () => {
    if (exchange.socket.destroyed || exchange.sofar.responses.length > 0) return;
    const byte = String.fromCharCode(97 + (sent.length % 26));
    sent += byte;
    exchange.socket.write(`1\r\n${byte}\r\n`);
    timer = setTimeout(tick, everyMs);
  };
  exchange.socket.on('connect', () => {
    exchange.socket.write(requestHead);
    tick();
  });
  return {
    ...exchange,
    sent: () => sent,
    stop: () => clearTimeout(timer),
    finish: () => {
      clearTimeout(timer);
      if (!exchange.socket.destroyed) exchange.socket.write('0\r\n\r\n');
    },
  };
}

export { chunked, head } from './raw-http';
