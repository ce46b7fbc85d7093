// SPEC 10: pipelined requests, refusals and the connection, form bodies and the query the registry
// reads, each through the real proxy to a recording upstream.
import { describe, expect, it, vi } from 'vitest';
import { auth, chunked, DIGEST, expectRefusedFraming, head, me, OCI_MANIFEST, pool, port, rawExchange, throughProxy, upstream, useFramingProxy, victim } from '../support/framing';

useFramingProxy();

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
