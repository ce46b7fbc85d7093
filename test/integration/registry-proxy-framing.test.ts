// One client request is one upstream request (SPEC 10, issue 8): the real proxy is driven over a
// raw socket with every method and every way of framing a body, and a recording upstream proves
// what reached the registry. A body goes upstream only where the registry API takes one, always with
// explicit framing; anything ambiguous is refused with 400 before a byte is sent upstream.
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { UpstreamPool } from '@/lib/registry/upstream-pool';
import { basic } from '../support/http';
import { chunked, head, rawExchange, startProxy, startUpstream, type RawExchange, type RecordingUpstream, type UpstreamRequest } from '../support/registry-proxy';
import { createRepository } from '../support/repositories';
import { createToken } from '../support/tokens';
import { createUser, type TestUser } from '../support/users';

const DIGEST = `sha256:${'a'.repeat(64)}`;
const OCI_MANIFEST = 'application/vnd.oci.image.manifest.v1+json';

let upstream: RecordingUpstream;
let pool: UpstreamPool;
let port: number;
let me: TestUser;
let victim: TestUser;
let auth: string;
let sentinels = 0;

beforeAll(async () => {
  upstream = await startUpstream();
  pool = new UpstreamPool({ connections: 64, perClient: 64, queueMs: 5000 });
  port = await startProxy({ upstreamUrl: upstream.url, pool });
  me = await createUser({ prefix: 'me' });
  victim = await createUser({ prefix: 'victim' });
  await createRepository(me.account, 'repo');
  await createRepository(victim.account, 'repo');
  auth = `Authorization: ${basic(me.name, (await createToken(me)).token)}`;
});

/**
 * Runs one exchange, then a sentinel GET through the proxy: the upstream requests recorded in
 * between are what the exchange caused (a request smuggled onto a kept-alive upstream connection
 * would sit before the sentinel on it). Also checks the upstream's own parser refused nothing.
 */
async function throughProxy(
  exchange: () => Promise<RawExchange>,
  opts: { cutOff?: boolean } = {},
): Promise<{ client: RawExchange; seen: UpstreamRequest[] }> {
  const before = upstream.requests.length;
  const parseErrors = upstream.parseErrors.length;
  const client = await exchange();
  const tag = `sentinel-${++sentinels}`;
  const sentinel = await rawExchange(port, head(`GET /v2/${me.name}/repo/tags/list?${tag}= HTTP/1.1`, 'Host: berth', auth));
  expect(sentinel.responses.map((r) => r.status)).toEqual([200]);
  const recorded = upstream.requests.slice(before);
  const at = recorded.findIndex((r) => r.url.includes(tag));
  expect(at, 'the sentinel reached the upstream').toBeGreaterThanOrEqual(0);
  expect(recorded.slice(at + 1), 'nothing reached the upstream after the sentinel').toEqual([]);
  // A request cut off mid-body leaves the upstream's parser at an unexpected end, and nothing else.
  const errors = upstream.parseErrors.slice(parseErrors).filter((code) => !(opts.cutOff && code === 'HPE_INVALID_EOF_STATE'));
  expect(errors, 'the upstream could parse every byte it got').toEqual([]);
  return { client, seen: recorded.slice(0, at) };
}

/** A 400 in the registry's envelope (a HEAD gets its headers), on a connection the proxy then closes. */
function expectRefusedFraming(client: RawExchange, opts: { code?: string; head?: boolean } = {}) {
  expect(client.responses.map((r) => r.status)).toEqual([400]);
  if (!opts.head) expect(JSON.parse(client.responses[0].body)).toEqual({ errors: [{ code: opts.code ?? 'UNSUPPORTED', message: expect.any(String) }] });
  expect(client.responses[0].headers['content-type']).toMatch(/^application\/json/);
  expect(client.responses[0].headers['docker-distribution-api-version']).toBe('registry/2.0');
  expect(client.responses[0].headers.connection).toBe('close');
  expect(client.closed).toBe(true);
}

type Route = { name: string; method: string; path: () => string; takesBody: boolean; headers?: string[] };

const ROUTES: Route[] = [
  { name: 'tags list GET', method: 'GET', path: () => `/v2/${me.name}/repo/tags/list`, takesBody: false },
  { name: 'manifest GET', method: 'GET', path: () => `/v2/${me.name}/repo/manifests/latest`, takesBody: false },
  { name: 'manifest HEAD', method: 'HEAD', path: () => `/v2/${me.name}/repo/manifests/latest`, takesBody: false },
  { name: 'blob GET (raw relay)', method: 'GET', path: () => `/v2/${me.name}/repo/blobs/${DIGEST}`, takesBody: false },
  { name: 'blob HEAD', method: 'HEAD', path: () => `/v2/${me.name}/repo/blobs/${DIGEST}`, takesBody: false },
  { name: 'manifest DELETE', method: 'DELETE', path: () => `/v2/${me.name}/repo/manifests/${DIGEST}`, takesBody: false },
  { name: 'upload start POST', method: 'POST', path: () => `/v2/${me.name}/repo/blobs/uploads/`, takesBody: false },
  { name: 'upload status GET', method: 'GET', path: () => `/v2/${me.name}/repo/blobs/uploads/u-1?_state=x`, takesBody: false },
  { name: 'upload cancel DELETE', method: 'DELETE', path: () => `/v2/${me.name}/repo/blobs/uploads/u-1?_state=x`, takesBody: false },
  { name: 'monolithic upload POST with digest', method: 'POST', path: () => `/v2/${me.name}/repo/blobs/uploads/?digest=${DIGEST}`, takesBody: true },
  { name: 'upload chunk PATCH', method: 'PATCH', path: () => `/v2/${me.name}/repo/blobs/uploads/u-1?_state=x`, takesBody: true },
  { name: 'upload end PUT', method: 'PUT', path: () => `/v2/${me.name}/repo/blobs/uploads/u-1?_state=x&digest=${DIGEST}`, takesBody: true },
  { name: 'manifest PUT', method: 'PUT', path: () => `/v2/${me.name}/repo/manifests/latest`, takesBody: true, headers: [`Content-Type: ${OCI_MANIFEST}`] },
];

type Framing = { name: string; headers: string[]; body: string | Buffer; sent: string };

const FRAMINGS: Framing[] = [
  { name: 'no length', headers: [], body: '', sent: '' },
  { name: 'Content-Length: 0', headers: ['Content-Length: 0'], body: '', sent: '' },
  { name: 'Content-Length', headers: ['Content-Length: 5'], body: 'hello', sent: 'hello' },
  { name: 'chunked', headers: ['Transfer-Encoding: chunked'], body: chunked(['hel', 'lo']), sent: 'hello' },
  { name: 'chunked, empty', headers: ['Transfer-Encoding: chunked'], body: chunked([]), sent: '' },
];

const request = (route: Route, framing: Framing, extra: string[] = []) =>
  Buffer.concat([
    Buffer.from(head(`${route.method} ${route.path()} HTTP/1.1`, 'Host: berth', auth, ...(route.headers ?? []), ...framing.headers, ...extra)),
    Buffer.from(framing.body),
  ]);

describe('every method with every framing', () => {
  for (const route of ROUTES) {
    for (const framing of FRAMINGS) {
      const framed = framing.headers.length > 0 && framing.headers[0] !== 'Content-Length: 0';
      const refused = framed && !route.takesBody;
      it(`${route.name}, ${framing.name}: ${refused ? 'refused with 400, nothing upstream' : 'exactly one upstream request'}`, async () => {
        const { client, seen } = await throughProxy(() => rawExchange(port, request(route, framing), { heads: [route.method === 'HEAD'] }));
        if (refused) {
          expectRefusedFraming(client, { head: route.method === 'HEAD' });
          expect(seen).toEqual([]);
          return;
        }
        expect(client.responses).toHaveLength(1);
        expect(client.responses[0].status).toBeLessThan(300);
        expect(seen).toHaveLength(1);
        const [one] = seen;
        expect(one.method).toBe(route.method);
        expect(one.url.split('?')[0]).toBe(route.path().split('?')[0]);
        expect(one.body.toString()).toBe(framing.sent);
        const bodyMethod = ['POST', 'PUT', 'PATCH'].includes(route.method);
        if (framing.name === 'chunked' || framing.name === 'chunked, empty') {
          // Chunked stays chunked: Node re-frames it, so no length is invented or dropped.
          expect(one.headers['transfer-encoding']).toBe('chunked');
          expect(one.headers['content-length']).toBeUndefined();
        } else {
          expect(one.headers['transfer-encoding']).toBeUndefined();
          expect(one.headers['content-length']).toBe(framing.sent ? String(framing.sent.length) : bodyMethod ? '0' : undefined);
        }
      });
    }
  }
});

describe('the smuggling payload of the security review', () => {
  const smuggled = () =>
    head(`PUT /v2/${victim.name}/repo/manifests/latest HTTP/1.1`, 'Host: registry', `Content-Type: ${OCI_MANIFEST}`, 'Content-Length: 2') + '{}';

  it('a chunked GET whose body is a manifest PUT is refused; nothing reaches the upstream', async () => {
    const payload = head(`GET /v2/${me.name}/repo/tags/list HTTP/1.1`, 'Host: berth', auth, 'Transfer-Encoding: chunked') + chunked([smuggled()]).toString();
    const { client, seen } = await throughProxy(() => rawExchange(port, payload));
    expectRefusedFraming(client);
    expect(seen).toEqual([]);
    expect(upstream.requests.filter((r) => r.url.includes(victim.name))).toEqual([]);
  });

  it('the same body with a Content-Length is refused too', async () => {
    const body = smuggled();
    const payload = head(`GET /v2/${me.name}/repo/tags/list HTTP/1.1`, 'Host: berth', auth, `Content-Length: ${body.length}`) + body;
    const { client, seen } = await throughProxy(() => rawExchange(port, payload));
    expectRefusedFraming(client);
    expect(seen).toEqual([]);
  });

  it('as a second request of its own on the connection it is a request without credentials: 401, nothing upstream for it', async () => {
    const payload = head(`GET /v2/${me.name}/repo/tags/list HTTP/1.1`, 'Host: berth', auth) + smuggled();
    const { client, seen } = await throughProxy(() => rawExchange(port, payload, { expect: 2 }));
    expect(client.responses.map((r) => r.status)).toEqual([200, 401]);
    expect(seen.map((r) => `${r.method} ${r.url}`)).toEqual([`GET /v2/${me.name}/repo/tags/list`]);
  });
});

describe('framings an attacker tries', () => {
  const patch = () => `PATCH /v2/${me.name}/repo/blobs/uploads/u-1?_state=x HTTP/1.1`;
  const tags = () => `GET /v2/${me.name}/repo/tags/list HTTP/1.1`;

  // Node's parser refuses these itself, with its own 400 and a closed connection: the proxy is never called.
  const REFUSED_BY_NODE: [string, () => string][] = [
    ['Content-Length with Transfer-Encoding', () => head(patch(), 'Host: berth', auth, 'Content-Length: 5', 'Transfer-Encoding: chunked') + chunked(['hello'])],
    ['Transfer-Encoding before Content-Length', () => head(tags(), 'Host: berth', auth, 'Transfer-Encoding: chunked', 'Content-Length: 5') + chunked(['hello'])],
    ['two Content-Lengths, equal', () => head(patch(), 'Host: berth', auth, 'Content-Length: 5', 'Content-Length: 5') + 'hello'],
    ['two Content-Lengths, different', () => head(patch(), 'Host: berth', auth, 'Content-Length: 5', 'Content-Length: 6') + 'hello!'],
    ['a Content-Length list', () => head(patch(), 'Host: berth', auth, 'Content-Length: 5, 5') + 'hello'],
    ['Content-Length: +5', () => head(patch(), 'Host: berth', auth, 'Content-Length: +5') + 'hello'],
    ['Content-Length: -5', () => head(patch(), 'Host: berth', auth, 'Content-Length: -5') + 'hello'],
    ['Content-Length: 0x5', () => head(patch(), 'Host: berth', auth, 'Content-Length: 0x5') + 'hello'],
    ['an empty Content-Length', () => head(patch(), 'Host: berth', auth, 'Content-Length: ') + 'hello'],
    ['Transfer-Encoding: chunked, identity', () => head(patch(), 'Host: berth', auth, 'Transfer-Encoding: chunked, identity') + chunked(['hello'])],
    ['Transfer-Encoding: identity', () => head(patch(), 'Host: berth', auth, 'Transfer-Encoding: identity') + 'hello'],
    ['Transfer-Encoding: xchunked', () => head(patch(), 'Host: berth', auth, 'Transfer-Encoding: xchunked') + chunked(['hello'])],
    ['two Transfer-Encoding headers', () => head(patch(), 'Host: berth', auth, 'Transfer-Encoding: chunked', 'Transfer-Encoding: chunked') + chunked(['hello'])],
    ['obs-fold of Transfer-Encoding', () => `${patch()}\r\nHost: berth\r\n${auth}\r\nTransfer-Encoding:\r\n chunked\r\n\r\n${chunked(['hello'])}`],
    ['obs-fold of another header', () => `${tags()}\r\nHost: berth\r\n${auth}\r\nX-A: a\r\n b\r\nContent-Length: 0\r\n\r\n`],
    ['a space before the colon', () => head(tags(), 'Host: berth', auth, 'Transfer-Encoding : chunked') + chunked(['hello'])],
    ['bare LF line ends', () => `${tags()}\nHost: berth\n${auth}\nContent-Length: 5\n\nhello`],
    ['bare LF inside the chunked body', () => head(patch(), 'Host: berth', auth, 'Transfer-Encoding: chunked') + '5\nhello\n0\n\n'],
    ['a chunk size with junk', () => head(patch(), 'Host: berth', auth, 'Transfer-Encoding: chunked') + '5 x\r\nhello\r\n0\r\n\r\n'],
    ['a NUL in a header value', () => head(tags(), 'Host: berth', auth, 'X-A: a\0b')],
  ];
  for (const [name, payload] of REFUSED_BY_NODE) {
    it(`${name}: Node refuses it with 400, nothing upstream`, async () => {
      const { client, seen } = await throughProxy(() => rawExchange(port, payload()));
      expect(client.responses.map((r) => r.status)).toEqual([400]);
      expect(client.closed).toBe(true);
      expect(seen).toEqual([]);
    });
  }

  // A body Node finds malformed only after its first bytes went upstream: the client's request fails
  // there, and the upstream request is cut off with it (its connection closed, never reused), so the
  // upstream never gets a complete request.
  const MALFORMED_MID_BODY: [string, () => string][] = [
    ['a Content-Length in the trailers', () => head(patch(), 'Host: berth', auth, 'Transfer-Encoding: chunked') + chunked(['hello'], ['Content-Length: 5'])],
    ['Transfer-Encoding in the trailers', () => head(patch(), 'Host: berth', auth, 'Transfer-Encoding: chunked') + chunked(['hello'], ['Transfer-Encoding: chunked'])],
    ['a bad second chunk size', () => head(patch(), 'Host: berth', auth, 'Transfer-Encoding: chunked') + '5\r\nhello\r\nzz\r\nworld\r\n0\r\n\r\n'],
  ];
  for (const [name, payload] of MALFORMED_MID_BODY) {
    it(`${name}: Node refuses it, the upstream request is cut off, no complete request upstream`, async () => {
      const aborted = upstream.aborted.length;
      const { client, seen } = await throughProxy(() => rawExchange(port, [head(patch(), 'Host: berth', auth, 'Transfer-Encoding: chunked'), payload().slice(head(patch(), 'Host: berth', auth, 'Transfer-Encoding: chunked').length)], { gapMs: 100 }), { cutOff: true });
      expect(client.responses.map((r) => r.status)).toEqual([400]);
      expect(client.closed).toBe(true);
      expect(seen).toEqual([]);
      expect(upstream.aborted.length - aborted).toBeLessThanOrEqual(1);
    });
  }

  // These pass Node's parser and are refused by the proxy from the raw headers.
  const REFUSED_BY_PROXY: [string, () => string][] = [
    ['Transfer-Encoding: gzip, chunked', () => head(patch(), 'Host: berth', auth, 'Transfer-Encoding: gzip, chunked') + chunked(['hello'])],
    ['Transfer-Encoding: identity, chunked', () => head(patch(), 'Host: berth', auth, 'Transfer-Encoding: identity, chunked') + chunked(['hello'])],
    ['an empty Transfer-Encoding with a Content-Length', () => head(patch(), 'Host: berth', auth, 'Transfer-Encoding: ', 'Content-Length: 5') + 'hello'],
    ['Transfer-Encoding in HTTP/1.0', () => head(patch().replace('HTTP/1.1', 'HTTP/1.0'), 'Host: berth', auth, 'Transfer-Encoding: chunked') + chunked(['hello'])],
    ['a GET body in HTTP/1.0 with keep-alive', () => head(tags().replace('HTTP/1.1', 'HTTP/1.0'), 'Host: berth', auth, 'Connection: keep-alive', 'Content-Length: 5') + 'hello'],
    ['a GET body after Expect: 100-continue', () => head(tags(), 'Host: berth', auth, 'Expect: 100-continue', 'Content-Length: 5') + 'hello'],
    ['a blob GET with a chunked body, before the raw relay', () => head(`GET /v2/${me.name}/repo/blobs/${DIGEST} HTTP/1.1`, 'Host: berth', auth, 'Transfer-Encoding: chunked') + chunked(['hello'])],
    ['a body on a request without credentials', () => head(tags(), 'Host: berth', 'Content-Length: 5') + 'hello'],
  ];
  for (const [name, payload] of REFUSED_BY_PROXY) {
    it(`${name}: 400 UNSUPPORTED, nothing upstream`, async () => {
      const { client, seen } = await throughProxy(() => rawExchange(port, payload()));
      expectRefusedFraming(client);
      expect(seen).toEqual([]);
    });
  }

  it('Transfer-Encoding: CHUNKED is chunked (codings are case-insensitive) and goes upstream as chunked', async () => {
    const { client, seen } = await throughProxy(() => rawExchange(port, head(patch(), 'Host: berth', auth, 'Transfer-Encoding: CHUNKED') + chunked(['hello'])));
    expect(client.responses.map((r) => r.status)).toEqual([202]);
    expect(seen.map((r) => [r.body.toString(), r.headers['transfer-encoding']])).toEqual([['hello', 'chunked']]);
  });

  it('a chunked body with extensions and trailers: the body goes upstream, extensions and trailers do not', async () => {
    const body = '5;ext="x"\r\nhello\r\n0\r\nX-Smuggle: 1\r\nAuthorization: Basic eDp5\r\n\r\n';
    const { client, seen } = await throughProxy(() => rawExchange(port, head(patch(), 'Host: berth', auth, 'Transfer-Encoding: chunked') + body));
    expect(client.responses.map((r) => r.status)).toEqual([202]);
    expect(seen).toHaveLength(1);
    expect(seen[0].body.toString()).toBe('hello');
    expect(seen[0].rawTrailers).toEqual([]);
    expect(seen[0].headers['x-smuggle']).toBeUndefined();
    expect(seen[0].headers.authorization).toBeUndefined();
  });

  it('Expect: 100-continue on an upload: one 100 from Berth, one upstream request without Expect', async () => {
    const { client, seen } = await throughProxy(() => rawExchange(port, [head(patch(), 'Host: berth', auth, 'Expect: 100-continue', 'Content-Length: 5'), 'hello'], { gapMs: 50 }));
    expect(client.informational).toEqual([100]);
    expect(client.responses.map((r) => r.status)).toEqual([202]);
    expect(seen.map((r) => [r.body.toString(), r.headers.expect])).toEqual([['hello', undefined]]);
  });

  it('HTTP/1.0 with a body and keep-alive, then a second request: two upstream requests, each framed', async () => {
    const payload =
      head(patch().replace('HTTP/1.1', 'HTTP/1.0'), 'Host: berth', auth, 'Connection: keep-alive', 'Content-Length: 5') +
      'hello' +
      head(tags().replace('HTTP/1.1', 'HTTP/1.0'), 'Host: berth', auth, 'Connection: keep-alive');
    const { client, seen } = await throughProxy(() => rawExchange(port, payload, { expect: 2 }));
    expect(client.responses.map((r) => r.status)).toEqual([202, 200]);
    // Pipelined requests run upstream side by side; only their answers keep the order.
    expect(seen.map((r) => [r.method, r.body.toString(), r.headers['content-length']]).sort()).toEqual([
      ['GET', '', undefined],
      ['PATCH', 'hello', '5'],
    ]);
  });

  it('Content-Length: 05 is five bytes, sent upstream as 5', async () => {
    const { seen } = await throughProxy(() => rawExchange(port, head(patch(), 'Host: berth', auth, 'Content-Length: 05') + 'hello'));
    expect(seen.map((r) => [r.body.toString(), r.headers['content-length']])).toEqual([['hello', '5']]);
  });

  it('a header that names Content-Length as hop-by-hop does not strip the framing', async () => {
    const { seen } = await throughProxy(() => rawExchange(port, head(patch(), 'Host: berth', auth, 'Connection: content-length', 'Content-Length: 5') + 'hello'));
    expect(seen.map((r) => [r.body.toString(), r.headers['content-length']])).toEqual([['hello', '5']]);
  });

  it('Upgrade and Connection headers stay on this side', async () => {
    const { client, seen } = await throughProxy(() => rawExchange(port, head(tags(), 'Host: berth', auth, 'Connection: Upgrade, X-Keep', 'Upgrade: h2c', 'X-Keep: 1')));
    expect(client.responses.map((r) => r.status)).toEqual([200]);
    expect(seen.map((r) => [r.headers.upgrade, r.headers['x-keep'], r.headers.connection])).toEqual([[undefined, undefined, 'keep-alive']]);
  });

  it('an absolute-form target is no registry path: 404, nothing upstream', async () => {
    const { client, seen } = await throughProxy(() => rawExchange(port, head(`GET http://127.0.0.1/v2/${me.name}/repo/tags/list HTTP/1.1`, 'Host: berth', auth)));
    expect(client.responses.map((r) => r.status)).toEqual([404]);
    expect(seen).toEqual([]);
  });
});

describe('pipelined requests on one client connection', () => {
  // Node hands pipelined requests over as they are parsed, so they run upstream side by side; only the
  // answers keep their order.
  it('four requests, four answers in order, four upstream requests, each with its own body', async () => {
    const payload =
      head(`GET /v2/${me.name}/repo/tags/list HTTP/1.1`, 'Host: berth', auth) +
      head(`PATCH /v2/${me.name}/repo/blobs/uploads/u-1?_state=x HTTP/1.1`, 'Host: berth', auth, 'Content-Length: 5') +
      'hello' +
      head(`HEAD /v2/${me.name}/repo/manifests/latest HTTP/1.1`, 'Host: berth', auth) +
      head(`PUT /v2/${me.name}/repo/manifests/latest HTTP/1.1`, 'Host: berth', auth, `Content-Type: ${OCI_MANIFEST}`, 'Transfer-Encoding: chunked') +
      chunked(['{"schema', 'Version":2}']).toString();
    const { client, seen } = await throughProxy(() => rawExchange(port, payload, { expect: 4, heads: [false, false, true, false] }));
    expect(client.responses.map((r) => r.status)).toEqual([200, 202, 200, 201]);
    expect(seen.map((r) => `${r.method} ${r.body.toString()}`).sort()).toEqual(['GET ', 'HEAD ', 'PATCH hello', 'PUT {"schemaVersion":2}']);
  });

  it('a refused request ends the connection: what was pipelined after it is never read', async () => {
    const payload =
      head(`GET /v2/${me.name}/repo/tags/list HTTP/1.1`, 'Host: berth', auth) +
      head(`GET /v2/${me.name}/repo/tags/list HTTP/1.1`, 'Host: berth', auth, 'Content-Length: 5') +
      'hello' +
      head(`DELETE /v2/${me.name}/repo/manifests/${DIGEST} HTTP/1.1`, 'Host: berth', auth);
    const { client, seen } = await throughProxy(() => rawExchange(port, payload, { expect: 3 }));
    expect(client.responses.map((r) => r.status)).toEqual([200, 400]);
    expect(client.closed).toBe(true);
    expect(seen.map((r) => r.method)).toEqual(['GET']);
  });
});

describe('refusals and the connection', () => {
  it('a refused upload whose body has not all arrived is not read to its end: the connection closes', async () => {
    const payload = head(`PATCH /v2/${victim.name}/repo/blobs/uploads/u-1?_state=x HTTP/1.1`, 'Host: berth', auth, 'Content-Length: 100000') + 'only the start';
    const { client, seen } = await throughProxy(() => rawExchange(port, payload, { expect: 2 }));
    expect(client.responses.map((r) => [r.status, r.headers.connection])).toEqual([[403, 'close']]);
    expect(client.closed).toBe(true);
    expect(seen).toEqual([]);
  });

  it('a refused request without a body keeps the connection for the next one', async () => {
    const payload =
      head(`GET /v2/${victim.name}/repo/tags/list HTTP/1.1`, 'Host: berth', auth) + head(`GET /v2/${me.name}/repo/tags/list HTTP/1.1`, 'Host: berth', auth);
    const { client, seen } = await throughProxy(() => rawExchange(port, payload, { expect: 2 }));
    expect(client.responses.map((r) => [r.status, r.headers.connection])).toEqual([
      [404, 'keep-alive'],
      [200, 'keep-alive'],
    ]);
    expect(seen.map((r) => r.url)).toEqual([`/v2/${me.name}/repo/tags/list`]);
  });
});

describe('form bodies and the query the registry reads', () => {
  const start = (query: string, ...headers: string[]) => head(`POST /v2/${me.name}/repo/blobs/uploads/${query} HTTP/1.1`, 'Host: berth', auth, ...headers);

  for (const type of ['application/x-www-form-urlencoded', 'Application/X-WWW-Form-Urlencoded ; charset=utf-8', 'multipart/form-data; boundary=x']) {
    it(`a monolithic upload start with a ${type} body is refused: nothing upstream`, async () => {
      const body = `mount=${DIGEST}&from=${victim.name}/repo`;
      const { client, seen } = await throughProxy(() => rawExchange(port, start(`?digest=${DIGEST}`, `Content-Type: ${type}`, `Content-Length: ${body.length}`) + body));
      expectRefusedFraming(client);
      expect(seen).toEqual([]);
    });
  }

  it('an upload start with a form body and no digest is refused: it takes no body', async () => {
    const body = `mount=${DIGEST}&from=${victim.name}/repo`;
    const { client, seen } = await throughProxy(() => rawExchange(port, start('', 'Content-Type: application/x-www-form-urlencoded', `Content-Length: ${body.length}`) + body));
    expectRefusedFraming(client);
    expect(seen).toEqual([]);
  });

  it('an upload start with a form Content-Type and no body goes upstream without the Content-Type', async () => {
    const { seen } = await throughProxy(() => rawExchange(port, start('', 'Content-Type: application/x-www-form-urlencoded', 'Content-Length: 0')));
    expect(seen.map((r) => [r.headers['content-type'], r.headers['content-length']])).toEqual([[undefined, '0']]);
  });

  /** The upstream query of one upload start, as the registry's parser reads it. */
  async function forwardedQuery(query: string) {
    const { client, seen } = await throughProxy(() => rawExchange(port, start(query, 'Content-Length: 0')));
    expect(client.responses.map((r) => r.status)).toEqual([202]);
    expect(seen).toHaveLength(1);
    const raw = seen[0].url.split('?')[1] ?? '';
    return { raw, params: new URLSearchParams(raw) };
  }

  const mountFrom = (from: string) => `?mount=${DIGEST}&${from}`;
  for (const [name, query] of [
    ['from', () => mountFrom(`from=${victim.name}/repo`)],
    ['fr%6fm', () => mountFrom(`fr%6fm=${victim.name}/repo`)],
    ['%66%72%6f%6d', () => mountFrom(`%66%72%6f%6d=${victim.name}/repo`)],
    ['from=a%2Fb', () => mountFrom(`from=${victim.name}%2Frepo`)],
    ['from=a%2fb, all escaped', () => mountFrom(`from=${[...`${victim.name}/repo`].map((c) => `%${c.charCodeAt(0).toString(16)}`).join('')}`)],
  ] as const) {
    it(`a mount from a repository the caller may not pull (${name}) becomes a plain upload start`, async () => {
      const { raw, params } = await forwardedQuery(query());
      expect(params.has('from')).toBe(false);
      expect(params.has('mount')).toBe(false);
      expect(raw).not.toContain(victim.name);
    });
  }

  it('a mount from a repository the caller may pull goes upstream, re-encoded', async () => {
    const { raw, params } = await forwardedQuery(mountFrom(`fr%6fm=${me.name}%2Frepo`));
    expect(params.get('from')).toBe(`${me.name}/repo`);
    expect(params.get('mount')).toBe(DIGEST);
    expect(raw).toBe(`mount=${encodeURIComponent(DIGEST)}&from=${me.name}%2Frepo`);
  });

  for (const [name, query] of [
    ['from twice', () => mountFrom(`from=${me.name}/repo&from=${victim.name}/repo`)],
    ['from and fr%6fm', () => mountFrom(`from=${me.name}/repo&fr%6fm=${victim.name}/repo`)],
    ['mount twice', () => `?mount=${DIGEST}&mount=${DIGEST}&from=${me.name}/repo`],
  ] as const) {
    it(`${name}: ambiguous, refused with 400 before anything goes upstream`, async () => {
      const { client, seen } = await throughProxy(() => rawExchange(port, start(query(), 'Content-Length: 0')));
      expect(client.responses.map((r) => r.status)).toEqual([400]);
      expect(JSON.parse(client.responses[0].body).errors[0].code).toBe('UNSUPPORTED');
      expect(seen).toEqual([]);
    });
  }

  it('a semicolon does not split parameters: the registry gets it escaped inside the value', async () => {
    const { raw, params } = await forwardedQuery(`?mount=${DIGEST};from=${victim.name}/repo`);
    expect(raw).not.toContain(';');
    expect(params.has('from')).toBe(false);
  });

  it('the raw query is never forwarded: escapes are normalized, stray ones escaped', async () => {
    const { client, seen } = await throughProxy(() =>
      rawExchange(port, head(`PATCH /v2/${me.name}/repo/blobs/uploads/u-1?_state=a%2Bb%3D&x=%zz&y=a+b HTTP/1.1`, 'Host: berth', auth, 'Content-Length: 0')),
    );
    expect(client.responses.map((r) => r.status)).toEqual([202]);
    expect(seen.map((r) => r.url.split('?')[1])).toEqual(['_state=a%2Bb%3D&x=%25zz&y=a+b']);
  });

  it('a digest written with %3a in the path is forwarded with its colon', async () => {
    const { seen } = await throughProxy(() => rawExchange(port, head(`HEAD /v2/${me.name}/repo/blobs/${DIGEST.replace(':', '%3A')} HTTP/1.1`, 'Host: berth', auth), { heads: [true] }));
    expect(seen.map((r) => r.url)).toEqual([`/v2/${me.name}/repo/blobs/${DIGEST}`]);
  });
});

describe('afterwards', () => {
  it('every upstream connection is back in the pool, and the upstream got only complete requests', async () => {
    await vi.waitFor(() => expect(pool.state()).toMatchObject({ running: 0, waiting: 0 }), { timeout: 10_000 });
    expect(upstream.started).toBe(upstream.requests.length + upstream.aborted.length);
  });
});
