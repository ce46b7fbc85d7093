// Raw HTTP/1.1 pieces for tests that write requests byte by byte.

/** A chunked body, one chunk per part, with optional trailer lines. */
export function chunked(parts: (string | Buffer)[], trailers: string[] = []): Buffer {
  const pieces: Buffer[] = [];
  for (const part of parts) {
    const bytes = Buffer.from(part);
    if (bytes.length) pieces.push(Buffer.from(`${bytes.length.toString(16)}\r\n`), bytes, Buffer.from('\r\n'));
  }
  pieces.push(Buffer.from(`0\r\n${trailers.map((t) => `${t}\r\n`).join('')}\r\n`));
  return Buffer.concat(pieces);
}

/** A request head: the request line, then each header line as given, then the blank line. */
export const head = (requestLine: string, ...headers: string[]) => `${requestLine}\r\n${headers.map((h) => `${h}\r\n`).join('')}\r\n`;
