// The bad-input suite, queries (issue 5, item 5): bad paging, cursors and filters on every list.
// Each answers a 4xx in MSR's envelope; unknown query parameters are ignored, as MSR does. The
// world's rows are compared before and after.
import { afterAll, describe, expect, it } from 'vitest';
import * as tokens from '@/app/api/v0/api_tokens/route';
import * as audit from '@/app/api/v0/audit/route';
import * as namespaceRepos from '@/app/api/v0/repositories/[namespace]/route';
import * as repos from '@/app/api/v0/repositories/route';
import * as orgMembers from '@/app/enzi/v0/accounts/[name]/members/route';
import * as teamMembers from '@/app/enzi/v0/accounts/[name]/teams/[team]/members/route';
import * as teams from '@/app/enzi/v0/accounts/[name]/teams/route';
import * as accounts from '@/app/enzi/v0/accounts/route';
import { encodeCursor } from '@/lib/api/pagination';
import { expectRefused, expectUnchanged, useWorld } from '../support/bad-input';
import { call, expectJson, handler, type AnyHandler } from '../support/http';
import { uniqueName } from '../support/users';

const world = useWorld();

// Nothing of the world changes: checked once every test of this file has run.
afterAll(() => expectUnchanged(world));

type Params = Record<string, string>;

type ListRoute = { label: string; handler: AnyHandler; params: () => Params; path: () => string; paging: 'msr' | 'enzi' };

const listRoutes: ListRoute[] = [
  { label: 'GET /api/v0/api_tokens', handler: handler(tokens.GET), params: () => ({}), path: () => '/api/v0/api_tokens', paging: 'msr' },
  { label: 'GET /api/v0/audit', handler: handler(audit.GET), params: () => ({}), path: () => '/api/v0/audit', paging: 'msr' },
  { label: 'GET /api/v0/repositories', handler: handler(repos.GET), params: () => ({}), path: () => '/api/v0/repositories', paging: 'msr' },
  {
    label: 'GET /api/v0/repositories/{namespace}',
    handler: handler(namespaceRepos.GET),
    params: () => ({ namespace: world.org.name }),
    path: () => `/api/v0/repositories/${world.org.name}`,
    paging: 'msr',
  },
  { label: 'GET /enzi/v0/accounts', handler: handler(accounts.GET), params: () => ({}), path: () => '/enzi/v0/accounts', paging: 'enzi' },
  {
    label: 'GET /enzi/v0/accounts/{org}/members',
    handler: handler(orgMembers.GET),
    params: () => ({ name: world.org.name }),
    path: () => `/enzi/v0/accounts/${world.org.name}/members`,
    paging: 'enzi',
  },
  {
    label: 'GET /enzi/v0/accounts/{org}/teams',
    handler: handler(teams.GET),
    params: () => ({ name: world.org.name }),
    path: () => `/enzi/v0/accounts/${world.org.name}/teams`,
    paging: 'enzi',
  },
  {
    label: 'GET /enzi/v0/accounts/{org}/teams/{team}/members',
    handler: handler(teamMembers.GET),
    params: () => ({ name: world.org.name, team: world.team.name }),
    path: () => `/enzi/v0/accounts/${world.org.name}/teams/${world.team.name}/members`,
    paging: 'enzi',
  },
];

const UUID = '6f1c2d3e-4a5b-4c6d-8e7f-8091a2b3c4d5';
const b64 = (text: string) => Buffer.from(text).toString('base64url');

const BAD_SIZES = ['0', '-1', '101', '1000', 'abc', '1.5', '', ' ', '1e3', 'Infinity', 'NaN', '10abc', '99999999999999999999'];

/** Cursors that are not ours: garbage, JSON of the wrong shape, and well-shaped keys that are not. */
function badCursors(paging: 'msr' | 'enzi', label: string): string[] {
  const garbage = ['!!!', '%%%', 'not-a-cursor', 'a'.repeat(2000), b64('not json'), b64('\u0000')];
  const shapes = ['[]', '{}', '1', 'null', 'true', '[1,2]', '{"a":1}'].map(b64);
  if (paging === 'enzi') return [...garbage, ...shapes, encodeCursor('a\u0000b'), encodeCursor({ name: 'x' })];
  const byTime = label.includes('api_tokens') || label.includes('audit');
  if (byTime) {
    return [
      ...garbage,
      ...shapes,
      encodeCursor({ at: 1, id: UUID }),
      encodeCursor({ at: '2026-01-01 00:00:00+00', id: 'not-a-uuid' }),
      encodeCursor({ at: 'not-a-timestamp', id: UUID }),
      encodeCursor({ at: '2026-13-45 25:61:00+00', id: UUID }),
      encodeCursor({ at: '99999999-01-01', id: UUID }),
      encodeCursor({ at: "2026-01-01'; drop table accounts; --", id: UUID }),
      encodeCursor({ at: 'a\u0000b', id: UUID }),
      encodeCursor({ at: 'x'.repeat(65), id: UUID }),
    ];
  }
  return [
    ...garbage,
    ...shapes,
    encodeCursor({ namespace: 1, name: 'x' }),
    encodeCursor({ namespace: 'x' }),
    encodeCursor({ namespace: 'a\u0000b', name: 'c' }),
    encodeCursor(['a', 'b']),
  ];
}

describe.each(listRoutes)('$label', (route) => {
  const get = (query: string) =>
    call(route.handler, 'GET', `${route.path()}?${query}`, { auth: world.auth.admin, params: route.params() });
  const sizeParam = () => (route.paging === 'msr' ? 'pageSize' : 'limit');
  const startParam = () => (route.paging === 'msr' ? 'pageStart' : 'start');

  it('answers INVALID_PARAMETERS to a page size of 0, -1, 1000, abc and the like', async () => {
    for (const size of BAD_SIZES) {
      const error = await expectRefused(await get(`${sizeParam()}=${encodeURIComponent(size)}`), 400, 'INVALID_PARAMETERS');
      expect(error.message).toContain(sizeParam());
    }
  });

  it('answers INVALID_PARAMETERS to a cursor that is not one of ours, however it is shaped', async () => {
    for (const cursor of badCursors(route.paging, route.label)) {
      await expectRefused(await get(`${startParam()}=${encodeURIComponent(cursor)}`), 400, 'INVALID_PARAMETERS');
    }
  });

  it('ignores unknown query parameters, answering as without them', async () => {
    const plain = await expectJson(await get(`${sizeParam()}=100`));
    const noisy = await get(`${sizeParam()}=100&foo=bar&__proto__=x&constructor=y&_=${Date.now()}&${encodeURIComponent("' or 1=1 --")}=1`);
    expect(await expectJson(noisy)).toEqual(plain);
  });
});

describe('filters that are not filters', () => {
  it('on the audit log: unknown actions, dates that are not dates, and values past their length', async () => {
    const get = (query: string) => call(audit.GET, 'GET', `/api/v0/audit?${query}`, { auth: world.auth.admin });
    for (const query of [
      'action=nope',
      'action=token.created%00',
      'since=yesterday',
      'since=2026-13-45',
      'until=2026-01-01T25:00:00Z',
      'until=9999-12-31T23:59:59-23:59',
      'since=0000-01-01T00:00:00%2B01:00',
      `actor=${'a'.repeat(65)}`,
      `target=${'t'.repeat(256)}`,
      'actor=a%00b',
      'target=a%00b',
      'count=yes',
    ]) {
      await expectRefused(await get(query), 400, 'INVALID_PARAMETERS');
    }
    // SQL in a filter value is only a value: it matches the events of that very actor name, if any.
    const fragment = "' or 1=1 --";
    const some = await expectJson<{ events: { actor: string }[] }>(await get(`actor=${encodeURIComponent(fragment)}&pageSize=100`));
    expect(some.events.filter((e) => e.actor !== fragment)).toEqual([]);
    const none = await expectJson<{ events: unknown[] }>(await get(`actor=${encodeURIComponent(`${uniqueName('x')}' or '1'='1`)}`));
    expect(none.events).toEqual([]);
  });

  it('on accounts and tokens: an unknown account filter and a username that is no name', async () => {
    for (const filter of ['bogus', 'USERS', '', "users' or 1=1 --"]) {
      await expectRefused(await call(accounts.GET, 'GET', `/enzi/v0/accounts?filter=${encodeURIComponent(filter)}`, { auth: world.auth.admin }), 400, 'INVALID_PARAMETERS');
    }
    for (const username of ['../x', '..', 'UPPER', '', 'a%2fb', "x' or 1=1 --", 'x'.repeat(65)]) {
      const query = `username=${encodeURIComponent(username)}`;
      await expectRefused(await call(tokens.GET, 'GET', `/api/v0/api_tokens?${query}`, { auth: world.auth.admin }), 400, 'INVALID_PARAMETERS');
      await expectRefused(await call(tokens.POST, 'POST', `/api/v0/api_tokens?${query}`, { auth: world.auth.admin, body: {} }), 400, 'INVALID_PARAMETERS');
    }
  });
});
