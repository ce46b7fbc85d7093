// `/v2/_catalog` input (issue 8, item 3): `n` and `last` are validated before the query runs, and
// refusals use the registry's error envelope; paging itself keeps working.
import { beforeAll, describe, expect, it } from 'vitest';
import { basic } from '../support/http';
import { head, rawExchange, startProxy } from '../support/registry-proxy';
import { createRepository } from '../support/repositories';
import { createToken } from '../support/tokens';
import { createUser, type TestUser } from '../support/users';

let port: number;
let user: TestUser;
let auth: string;

beforeAll(async () => {
  port = await startProxy({ upstreamUrl: 'http://127.0.0.1:9' });
  user = await createUser({ prefix: 'cat' });
  for (const name of ['a', 'b', 'c']) await createRepository(user.account, name);
  auth = `Authorization: ${basic(user.name, (await createToken(user)).token)}`;
});

async function catalog(query: string) {
  const { responses } = await rawExchange(port, head(`GET /v2/_catalog${query} HTTP/1.1`, 'Host: berth', auth));
  expect(responses).toHaveLength(1);
  const [response] = responses;
  expect(response.headers['content-type']).toMatch(/^application\/json/);
  expect(response.headers['docker-distribution-api-version']).toBe('registry/2.0');
  return { status: response.status, body: JSON.parse(response.body), link: response.headers.link };
}

/** The caller's own names on the page (other tests' repositories may sit in between). */
const own = (body: { repositories: string[] }) => body.repositories.filter((name) => name.startsWith(`${user.name}/`));

describe('/v2/_catalog paging input', () => {
  for (const n of ['abc', '0', '-1', '1.5', '1e3', '+5', '%205', '5%00', '0x10', '9'.repeat(13), '%00']) {
    it(`n=${n}: 400 PAGINATION_NUMBER_INVALID`, async () => {
      const { status, body } = await catalog(`?n=${n}`);
      expect(status).toBe(400);
      expect(body).toEqual({ errors: [{ code: 'PAGINATION_NUMBER_INVALID', message: expect.any(String) }] });
    });
  }

  for (const [name, last] of [
    ['a NUL', '%00'],
    ['a NUL after a name', 'a%2Fb%00'],
    ['capitals', 'Alice%2Fapp'],
    ['a trailing slash', 'alice%2F'],
    ['traversal', '..%2F..%2Fetc'],
    ['SQL', "a'%20or%201%3D1--"],
    ['256 characters', `${'a'.repeat(128)}%2F${'b'.repeat(127)}`],
  ] as const) {
    it(`last with ${name}: 400 NAME_INVALID`, async () => {
      const { status, body } = await catalog(`?last=${last}`);
      expect(status).toBe(400);
      expect(body).toEqual({ errors: [{ code: 'NAME_INVALID', message: expect.any(String) }] });
    });
  }

  it('a repeated n or last: 400 before anything runs', async () => {
    for (const query of ['?n=1&n=2', '?last=a&last=b']) {
      const { status, body } = await catalog(query);
      expect(status).toBe(400);
      expect(body.errors[0].code).toBe('UNSUPPORTED');
    }
  });

  it('pages with n and last, and links to the next page', async () => {
    const first = await catalog(`?n=1&last=${encodeURIComponent(`${user.name.slice(0, -1)}`)}`);
    expect(first.status).toBe(200);
    expect(first.body.repositories).toHaveLength(1);
    const all = await catalog(`?n=1000&last=${encodeURIComponent(user.name.slice(0, -1))}`);
    expect(own(all.body)).toEqual([`${user.name}/a`, `${user.name}/b`, `${user.name}/c`]);
    const after = await catalog(`?n=1&last=${encodeURIComponent(`${user.name}/a`)}`);
    expect(after.body.repositories).toEqual([`${user.name}/b`]);
    expect(after.link).toBe(`</v2/_catalog?last=${encodeURIComponent(`${user.name}/b`)}&n=1>; rel="next"`);
  });

  it('n above 1000 is served as 1000; empty values count as absent', async () => {
    const big = await catalog(`?n=5000&last=${encodeURIComponent(`${user.name}/a`)}`);
    expect(big.status).toBe(200);
    expect(big.body.repositories.length).toBeLessThanOrEqual(1000);
    expect(own(big.body)).toEqual([`${user.name}/b`, `${user.name}/c`]);
    const empty = await catalog('?n=&last=');
    expect(empty.status).toBe(200);
    expect(empty.body.repositories.length).toBeLessThanOrEqual(100);
  });
});
