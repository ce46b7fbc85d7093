// SPEC 10: every method with every framing, the smuggling payload of the security review, and the
// framings an attacker tries, each through the real proxy to a recording upstream.
import { describe, expect, it, vi } from 'vitest';
import { auth, chunked, DIGEST, expectRefusedFraming, FRAMINGS, head, me, OCI_MANIFEST, pool, port, rawExchange, request, ROUTES, throughProxy, upstream, useFramingProxy, victim } from '../support/framing';

useFramingProxy();

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

describe('afterwards', () => {
  it('every upstream connection is back in the pool, and the upstream got only complete requests', async () => {
    await vi.waitFor(() => expect(pool.state()).toMatchObject({ running: 0, waiting: 0 }), { timeout: 10_000 });
    expect(upstream.started).toBe(upstream.requests.length + upstream.aborted.length);
  });
});
