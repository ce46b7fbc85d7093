// Raw HTTP/1.1 against the running server, for the proxy's framing and fairness specs: bytes go out
// exactly as written (no client library normalizes them), answers are read back as they come.
import net from 'node:net';
import { PORT } from './env';
import { recordAuthorization } from './leak-record';

export type RawAnswer = { status: number; headers: Record<string, string>; body: string };

/** A request head: the request line, each header line as given, the blank line. */
export const head = (requestLine: string, ...headers: string[]) => `${requestLine}\r\n${headers.map((h) => `${h}\r\n`).join('')}\r\n`;

/** A chunked body, one chunk per part. */
export const chunked = (...parts: string[]) => `${parts.map((p) => `${Buffer.byteLength(p).toString(16)}\r\n${p}\r\n`).join('')}0\r\n\r\n`;

function parseAnswer(data: Buffer): { answer: RawAnswer; used: number } | null {
  const end = data.indexOf('\r\n\r\n');
  if (end < 0) return null;
  const [statusLine, ...lines] = data.subarray(0, end).toString('latin1').split('\r\n');
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const colon = line.indexOf(':');
    headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(statusLine)?.[1]);
  const length = Number(headers['content-length'] ?? 0);
  if (data.length < end + 4 + length) return null;
  return { answer: { status, headers, body: data.subarray(end + 4, end + 4 + length).toString('utf8') }, used: end + 4 + length };
}

/**
 * One connection: `send` writes, `answers` resolves once `count` final answers have come or the
 * server closed the connection. Answers here always carry a Content-Length (the proxy's and the
 * registry's do); 1xx interim answers are skipped.
 */
export function rawConnection(count = 1, authorization?: string) {
  if (authorization) recordAuthorization(authorization.replace(/^Authorization: /, ''), 'raw socket');
  const socket = net.connect(PORT, '127.0.0.1');
  const got: RawAnswer[] = [];
  let data = Buffer.alloc(0);
  let closed = false;
  const answers = new Promise<{ answers: RawAnswer[]; closed: boolean }>((resolve) => {
    const check = () => {
      for (let parsed = parseAnswer(data); parsed; parsed = parseAnswer(data)) {
        data = data.subarray(parsed.used);
        if (parsed.answer.status >= 200) got.push(parsed.answer);
      }
      if (got.length >= count || closed) {
        socket.destroy();
        resolve({ answers: got, closed });
      }
    };
    socket.on('data', (chunk: Buffer) => {
      data = Buffer.concat([data, chunk]);
      check();
    });
    socket.on('error', () => {});
    socket.on('close', () => {
      closed = true;
      check();
    });
  });
  const connected = new Promise<void>((resolve) => socket.once('connect', () => resolve()));
  return {
    socket,
    answers,
    got,
    send: async (bytes: string) => {
      await connected;
      if (!socket.destroyed) socket.write(bytes);
    },
  };
}

/** Sends `bytes` on a fresh connection and waits for `count` answers (or the connection's end). */
export async function rawExchange(bytes: string, count = 1, authorization?: string) {
  const connection = rawConnection(count, authorization);
  await connection.send(bytes);
  return connection.answers;
}
