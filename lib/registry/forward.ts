// Forwarding an authorized request to the registry: which headers go each way, and the streams that
// carry request and response bodies with backpressure (docs/decisions/005-registry-proxy.md).
import http, { type IncomingHttpHeaders, type IncomingMessage, type OutgoingHttpHeaders, type ServerResponse } from 'node:http';
import https from 'node:https';
import type { Socket } from 'node:net';
import { pipeline } from 'node:stream';
import { RegistryError } from '@/lib/registry/errors';
import { upstreamFraming, type Framing } from '@/lib/registry/framing';
import { sendError } from '@/lib/registry/respond';
import { log } from '@/lib/log';

const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-authenticate',
  'proxy-authorization',
  'proxy-connection',
  'te',
  'trailer',
  'trailers',
  'transfer-encoding',
  'upgrade',
]);

// Never passed upstream: our own credentials and client-IP header, the client's Host (the upstream
// builds its URLs from its own), Expect (Node has already answered 100-continue), and the client's
// framing (the upstream request gets its own, from framing.ts).
const NOT_FORWARDED = new Set(['authorization', 'cookie', 'host', 'expect', 'x-berth-client-ip', 'content-length']);

function withoutHopByHop(headers: IncomingHttpHeaders, alsoDrop: Set<string>): OutgoingHttpHeaders {
  const listed = new Set(
    String(headers.connection ?? '')
      .split(',')
      .map((h) => h.trim().toLowerCase())
      .filter(Boolean),
  );
  const out: OutgoingHttpHeaders = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined || HOP_BY_HOP.has(name) || listed.has(name) || alsoDrop.has(name)) continue;
    out[name] = value;
  }
  return out;
}

/** Rewrites an upstream `Location` to the public URL; redirects elsewhere (storage) pass unchanged. */
function publicLocation(location: string, upstream: URL, origin: string): string {
  if (location.startsWith('/')) return origin + location;
  try {
    const url = new URL(location);
    if (url.origin === upstream.origin) return origin + url.pathname + url.search;
  } catch {
    // Not a URL: leave it to the client.
  }
  return location;
}

/**
 * Pipes a response body into the client's kept-alive socket without ending it, with backpressure.
 * (`stream.pipeline` with `end: false` leaves a listener on the socket per use.)
 */
function pipeIntoSocket(source: IncomingMessage, socket: Socket): Promise<void> {
  return new Promise((resolve, reject) => {
    const cleanup = () => {
      source.unpipe(socket);
      source.off('end', onEnd).off('error', onError).off('close', onClose);
      socket.off('error', onError).off('close', onClose);
    };
    const onEnd = () => {
      cleanup();
      resolve();
    };
    const onError = (error: Error) => {
      cleanup();
      reject(error);
    };
    const onClose = () => onError(new Error('connection closed before the body was complete'));
    source.once('end', onEnd).once('error', onError).once('close', onClose);
    socket.once('error', onError).once('close', onClose);
    source.pipe(socket, { end: false });
  });
}

/**
 * The request headers sent upstream: hop-by-hop, our credentials and X-Forwarded-* dropped, and the
 * framing of the body as decided (without a body, no Content-Type either).
 */
export function upstreamHeaders(req: IncomingMessage, framing: Framing, acceptEncoding: string | string[] | undefined): OutgoingHttpHeaders {
  const headers = withoutHopByHop(req.headers, NOT_FORWARDED);
  for (const name of Object.keys(headers)) if (name.startsWith('x-forwarded-')) delete headers[name];
  if (framing.body === 'none') delete headers['content-type'];
  if (acceptEncoding) headers['accept-encoding'] = acceptEncoding;
  return { ...headers, ...upstreamFraming(req.method ?? 'GET', framing) };
}

/** The response headers passed to the client: hop-by-hop dropped, upstream `Location` made public. */
export function clientHeaders(headers: IncomingHttpHeaders, upstream: URL, origin: string): OutgoingHttpHeaders {
  const out = withoutHopByHop(headers, new Set());
  if (typeof out.location === 'string') out.location = publicLocation(out.location, upstream, origin);
  return out;
}

export type UpstreamExchange = {
  req: IncomingMessage;
  res: ServerResponse;
  origin: string;
  upstream: URL;
  agent: http.Agent;
  /** Path and query on the upstream. */
  path: string;
  headers: OutgoingHttpHeaders;
  framing: Framing;
  /** How long a request body may send nothing before both sides are cut off. */
  bodyIdleMs: number;
  /** The answer to a request body that stopped sending (when no answer has started yet). */
  stalled: RegistryError;
  /** Called with the upstream's answer; a promise it returns is awaited before the client gets it. */
  onResponse: (status: number, headers: IncomingHttpHeaders) => Promise<void> | void;
};

/**
 * Sends one request upstream and streams its answer back. Resolves once both the client's answer
 * and the upstream request are over, which is when the upstream connection is free again.
 */
export function forward(exchange: UpstreamExchange): Promise<void> {
  const { req, res, upstream, framing } = exchange;
  const client = upstream.protocol === 'https:' ? https : http;
  const upstreamRequest = client.request({
    protocol: upstream.protocol,
    hostname: upstream.hostname,
    port: upstream.port,
    method: req.method,
    path: exchange.path,
    headers: exchange.headers,
    agent: exchange.agent,
  });
  // Over once both the client's answer and the upstream request have closed. (One 'close' listener
  // each: Next.js already puts several on the response.)
  let resolveOver: () => void = () => {};
  const over = new Promise<void>((resolve) => (resolveOver = resolve));
  let open = 2;
  const closedOne = () => {
    if (--open === 0) resolveOver();
  };
  upstreamRequest.once('close', closedOne);

  upstreamRequest.on('response', (upstreamResponse) => {
    const status = upstreamResponse.statusCode ?? 502;
    // A hook that returns a promise (recording a push) runs before the client hears of the answer.
    const hook = exchange.onResponse(status, upstreamResponse.headers);
    if (!hook) return answer(upstreamResponse, status);
    hook
      .catch((error: unknown) => log.error({ err: error }, 'a registry response hook failed'))
      .then(() => answer(upstreamResponse, status));
  });

  function answer(upstreamResponse: IncomingMessage, status: number) {
    if (res.destroyed || res.headersSent) return void upstreamResponse.destroy();
    const out = clientHeaders(upstreamResponse.headers, upstream, exchange.origin);
    res.writeHead(status, out);
    const sized = req.method === 'GET' && (status === 200 || status === 206) && out['content-length'] !== undefined;
    // A blob download has a Content-Length: its bytes go straight to the client's socket once the
    // headers are out, which spares the response object's bookkeeping per chunk (a third of the
    // proxy's CPU per pulled byte, measured). res.socket is set only while this response owns it.
    // (Blob downloads from a plain-HTTP upstream take the leaner relay of blob-relay.ts first.)
    if (sized && res.socket) {
      res.flushHeaders();
      pipeIntoSocket(upstreamResponse, res.socket).then(
        () => res.end(),
        () => {
          upstreamResponse.destroy();
          res.destroy();
        },
      );
      return;
    }
    pipeline(upstreamResponse, res, (error) => {
      if (error) res.destroy();
    });
  }

  // The first failure decides the answer: the upstream's gets 503, a stalled body its own refusal,
  // the client's (it went away) nothing. Either way both sides are ended.
  let failure: 'upstream' | 'stalled' | 'client' | null = null;
  const fail = (kind: 'upstream' | 'stalled' | 'client', error?: Error) => {
    if (failure) return;
    failure = kind;
    upstreamRequest.destroy();
    if (kind === 'client' || res.headersSent) {
      res.destroy();
      return;
    }
    if (kind === 'upstream') log.warn({ err: error }, 'registry upstream request failed');
    sendError(res, kind === 'stalled' ? exchange.stalled : new RegistryError('UNAVAILABLE', 503, 'the registry behind Berth is not answering'));
  };
  upstreamRequest.on('error', (error) => fail(req.destroyed && !req.complete ? 'client' : 'upstream', error));
  // A client that leaves before its answer is complete frees the upstream connection at once.
  const onResClose = () => {
    if (!res.writableFinished) fail('client');
    closedOne();
  };
  if (res.closed) onResClose();
  else res.once('close', onResClose);

  if (framing.body === 'none') {
    // Without a body the client's request is left alone: nothing of it is read, nothing piped.
    upstreamRequest.end();
    return over;
  }
  // A body that stops sending is cut off after bodyIdleMs. Time the upstream spends not taking
  // bytes (backpressure) is not the client's silence.
  const idle = setTimeout(function stalled() {
    if (upstreamRequest.writableNeedDrain) return void idle.refresh();
    fail('stalled');
  }, exchange.bodyIdleMs);
  const stopIdle = () => clearTimeout(idle);
  pipeline(req, upstreamRequest, (error) => {
    stopIdle();
    if (error) fail(req.destroyed && !req.complete ? 'client' : 'upstream', error);
  });
  req.on('data', () => idle.refresh());
  req.once('end', stopIdle);
  req.once('close', stopIdle);
  return over.finally(stopIdle);
}
