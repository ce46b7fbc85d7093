// Blob downloads from a plain-HTTP upstream, relayed over a bare TCP socket that reads into one reused
// buffer (docs/decisions/005-registry-proxy.md, "Pulls"). Node's HTTP client allocates a fresh 64 KiB
// buffer per read, and in a process that holds the whole app those allocations start a full garbage
// collection every few dozen MiB: a third of the proxy's CPU per pulled byte. Only the response head
// is parsed here; the body is the upstream's `Content-Length` bytes, copied to the client's socket
// with backpressure. Anything else (chunked, no length, a head that will not parse, a connection
// that fails before the head) is left to the ordinary proxy path: nothing has been sent by then, and
// a blob GET is safe to send again.
import type { IncomingHttpHeaders, IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import net from 'node:net';
import { log } from '@/lib/log';

/** Read size: the kernel hands over up to this much per read (a 64 KiB read costs the same calls). */
const READ_BUFFER_BYTES = 256 * 1024;
/** A response head larger than this is not a registry's: leave it to the ordinary path. */
const MAX_HEAD_BYTES = 64 * 1024;

export type RelayTarget = {
  upstream: URL;
  /** Path and query on the upstream, already checked by the route parser. */
  path: string;
  /** Request headers to send (hop-by-hop and our credentials already dropped). */
  headers: OutgoingHttpHeaders;
  /** Turns the upstream's response headers into the client's (hop-by-hop, Location). */
  responseHeaders: (headers: IncomingHttpHeaders) => OutgoingHttpHeaders;
};

/** Whether a request may take the raw path: a plain-HTTP upstream and a GET without a body. */
export function canRelayRaw(req: IncomingMessage, upstream: URL): boolean {
  const length = req.headers['content-length'];
  return upstream.protocol === 'http:' && req.method === 'GET' && (length === undefined || length === '0') && !req.headers['transfer-encoding'];
}

function requestHead(target: RelayTarget): string | null {
  const lines = [`GET ${target.path} HTTP/1.1`, `Host: ${target.upstream.host}`];
  for (const [name, value] of Object.entries(target.headers)) {
    if (value === undefined || name === 'content-length' || name === 'transfer-encoding') continue;
    for (const one of Array.isArray(value) ? value : [value]) lines.push(`${name}: ${one}`);
  }
  lines.push('Connection: close');
  const head = `${lines.join('\r\n')}\r\n\r\n`;
  // Node's server parser has already refused control characters in the URL and header values.
  return /[\0\r\n]/.test(lines.join('')) ? null : head;
}

type Head = { status: number; headers: IncomingHttpHeaders; length: number };

/** The status line and headers; null unless the body is delimited by a single Content-Length. */
function parseHead(text: string): Head | null {
  const [statusLine, ...lines] = text.split('\r\n');
  const status = /^HTTP\/1\.[01] (\d{3})(?: |$)/.exec(statusLine);
  if (!status) return null;
  const headers: Record<string, string | string[]> = {};
  for (const line of lines) {
    const colon = line.indexOf(':');
    if (colon <= 0 || /^[ \t]/.test(line)) return null;
    const name = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    const previous = headers[name];
    if (previous === undefined) headers[name] = value;
    else if (name === 'set-cookie') headers[name] = [...(Array.isArray(previous) ? previous : [previous]), value];
    else headers[name] = `${previous}, ${value}`;
  }
  const code = Number(status[1]);
  if (code < 200 || headers['transfer-encoding'] !== undefined) return null;
  const length = headers['content-length'];
  if (code === 204 || code === 304) return { status: code, headers, length: 0 };
  if (typeof length !== 'string' || !/^\d{1,15}$/.test(length)) return null;
  return { status: code, headers, length: Number(length) };
}

/**
 * Relays one blob GET. Resolves true once the response is over (sent, or the client went away), false
 * when nothing has been sent and the caller should forward the request the ordinary way.
 */
export function relayRaw(res: ServerResponse, target: RelayTarget): Promise<boolean> {
  const client = res.socket;
  const head = requestHead(target);
  if (!client || !head) return Promise.resolve(false);
  return new Promise<boolean>((resolve) => {
    const buffer = Buffer.allocUnsafe(READ_BUFFER_BYTES);
    let received: Buffer | null = Buffer.alloc(0); // the response head, until it is complete
    let left = 0;
    let settled = false;

    const upstream = net.connect({
      host: target.upstream.hostname.replace(/^\[(.*)\]$/, '$1'), // an IPv6 literal without its brackets
      port: Number(target.upstream.port || 80),
      onread: { buffer, callback: (bytes: number) => onRead(buffer.subarray(0, bytes)) },
    });

    const resume = () => {
      if (!settled) upstream.resume();
    };
    // Whether the upstream waits for the client's socket to take the last write.
    let waiting = false;
    const written = () => {
      if (!waiting) return;
      waiting = false;
      resume();
    };
    const finish = (handled: boolean) => {
      if (settled) return;
      settled = true;
      client.off('close', onClientClose).off('error', onClientClose);
      upstream.off('error', onUpstreamEnd).off('end', onUpstreamEnd).off('close', onUpstreamEnd);
      upstream.destroy();
      resolve(handled);
    };
    // Before the head: nothing sent, the ordinary path takes over. After it: the body is cut short.
    const onUpstreamEnd = () => {
      if (received) return finish(false);
      res.destroy();
      finish(true);
    };
    const onClientClose = () => finish(true);

    /** Copies a body chunk to the client; false pauses the upstream until the client has taken it. */
    const send = (chunk: Buffer): boolean => {
      const part = chunk.length > left ? chunk.subarray(0, left) : chunk;
      left -= part.length;
      if (part.length > 0) client.write(part, written);
      if (left === 0) {
        res.end();
        finish(true);
        return false;
      }
      // A write the kernel did not take at once still points into the read buffer: wait until it is
      // flushed (its callback), not for 'drain', which comes only after a write that returned false.
      if (client.writableLength > 0) {
        waiting = true;
        return false;
      }
      return true;
    };

    function onRead(chunk: Buffer): boolean {
      if (settled) return false;
      try {
        return received ? onHead(chunk) : send(chunk);
      } catch (error) {
        log.error({ err: error }, 'registry blob relay failed');
        // Before the head went out the ordinary path can still answer; after it, cut the body short.
        if (!received) res.destroy();
        finish(!received);
        return false;
      }
    }

    function onHead(chunk: Buffer): boolean {
      if (!received) return false;
      received = Buffer.concat([received, chunk]);
      const end = received.indexOf('\r\n\r\n');
      if (end < 0) {
        if (received.length <= MAX_HEAD_BYTES) return true;
        finish(false);
        return false;
      }
      const parsed = parseHead(received.subarray(0, end).toString('latin1'));
      if (!parsed) {
        finish(false);
        return false;
      }
      const rest = received.subarray(end + 4);
      received = null;
      res.writeHead(parsed.status, target.responseHeaders(parsed.headers));
      res.flushHeaders();
      left = parsed.length;
      return send(rest);
    }

    upstream.on('error', () => {}); // reported through 'close'
    upstream.once('error', onUpstreamEnd).once('end', onUpstreamEnd).once('close', onUpstreamEnd);
    client.once('close', onClientClose).once('error', onClientClose);
    upstream.write(head);
  });
}
