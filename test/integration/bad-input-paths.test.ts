// The bad-input suite, paths and queries (issue 5, item 5): path traversal in every path parameter,
// and bad paging, cursors and filters on every list. Each answers a 4xx in MSR's envelope; unknown
// query parameters are ignored, as MSR does; the world's rows are compared before and after.
import { describe, expect, it } from 'vitest';
import * as tokenById from '@/app/api/v0/api_tokens/[hashedToken]/route';
import * as tokens from '@/app/api/v0/api_tokens/route';
import * as audit from '@/app/api/v0/audit/route';
import * as repository from '@/app/api/v0/repositories/[namespace]/[repo]/route';
import * as teamAccessList from '@/app/api/v0/repositories/[namespace]/[repo]/teamAccess/route';
import * as teamAccess from '@/app/api/v0/repositories/[namespace]/[repo]/teamAccess/[team]/route';
import * as namespaceRepos from '@/app/api/v0/repositories/[namespace]/route';
import * as repos from '@/app/api/v0/repositories/route';
import * as orgMember from '@/app/enzi/v0/accounts/[name]/members/[member]/route';
import * as orgMembers from '@/app/enzi/v0/accounts/[name]/members/route';
import * as account from '@/app/enzi/v0/accounts/[name]/route';
import * as teamMember from '@/app/enzi/v0/accounts/[name]/teams/[team]/members/[member]/route';
import * as teamMembers from '@/app/enzi/v0/accounts/[name]/teams/[team]/members/route';
import * as team from '@/app/enzi/v0/accounts/[name]/teams/[team]/route';
import * as teams from '@/app/enzi/v0/accounts/[name]/teams/route';
import * as unlock from '@/app/enzi/v0/accounts/[name]/unlock/route';
import * as accounts from '@/app/enzi/v0/accounts/route';
import { encodeCursor } from '@/lib/api/pagination';
import { expectRefused, expectUnchanged, HTML_FRAGMENTS, SQL_FRAGMENTS, TRAVERSAL, useWorld } from '../support/bad-input';
import { call, expectJson, handler, type AnyHandler } from '../support/http';
import { uniqueName } from '../support/users';

const world = useWorld();

type Params = Record<string, string>;

/** A route with path parameters: the world's real values for them, and a body it would accept. */
type PathRoute = {
  label: string;
  handler: AnyHandler;
  method: string;
  params: () => Params;
  body?: () => unknown;
  /** The codes of a parameter that names nothing. */
  codes: string[];
};

const repoParams = () => ({ namespace: world.org.name, repo: world.orgRepo.name });
const teamParams = () => ({ name: world.org.name, team: world.team.name });

const pathRoutes: PathRoute[] = [
  ...(['GET', 'PATCH', 'DELETE'] as const).map((method) => ({
    label: `${method} /api/v0/api_tokens/{hashedToken}`,
    handler: handler(tokenById[method]),
    method,
    params: () => ({ hashedToken: world.target.hashedToken }),
    body: method === 'PATCH' ? () => ({ tokenLabel: 'renamed' }) : undefined,
    codes: ['NO_SUCH_API_TOKEN'],
  })),
  {
    label: 'GET /api/v0/repositories/{namespace}',
    handler: handler(namespaceRepos.GET),
    method: 'GET',
    params: () => ({ namespace: world.org.name }),
    codes: ['NO_SUCH_ACCOUNT'],
  },
  {
    label: 'POST /api/v0/repositories/{namespace}',
    handler: handler(namespaceRepos.POST),
    method: 'POST',
    params: () => ({ namespace: world.org.name }),
    body: () => ({ name: uniqueName('repo') }),
    codes: ['NO_SUCH_ACCOUNT'],
  },
  ...(['GET', 'PATCH', 'DELETE'] as const).map((method) => ({
    label: `${method} /api/v0/repositories/{namespace}/{repo}`,
    handler: handler(repository[method]),
    method,
    params: repoParams,
    body: method === 'PATCH' ? () => ({ shortDescription: 'changed' }) : undefined,
    codes: ['NO_SUCH_REPOSITORY'],
  })),
  {
    label: 'GET /api/v0/repositories/{namespace}/{repo}/teamAccess',
    handler: handler(teamAccessList.GET),
    method: 'GET',
    params: repoParams,
    codes: ['NO_SUCH_REPOSITORY'],
  },
  ...(['PUT', 'DELETE'] as const).map((method) => ({
    label: `${method} /api/v0/repositories/{namespace}/{repo}/teamAccess/{team}`,
    handler: handler(teamAccess[method]),
    method,
    params: () => ({ ...repoParams(), team: world.team.name }),
    body: method === 'PUT' ? () => ({ accessLevel: 'admin' }) : undefined,
    codes: ['NO_SUCH_REPOSITORY', 'NO_SUCH_TEAM'],
  })),
  ...(['GET', 'PATCH', 'DELETE'] as const).map((method) => ({
    label: `${method} /enzi/v0/accounts/{name}`,
    handler: handler(account[method]),
    method,
    params: () => ({ name: world.owner.name }),
    body: method === 'PATCH' ? () => ({ fullName: 'Changed', isAdmin: true }) : undefined,
    codes: ['NO_SUCH_ACCOUNT'],
  })),
  {
    label: 'POST /enzi/v0/accounts/{name}/unlock',
    handler: handler(unlock.POST),
    method: 'POST',
    params: () => ({ name: world.owner.name }),
    codes: ['NO_SUCH_ACCOUNT'],
  },
  {
    label: 'GET /enzi/v0/accounts/{org}/members',
    handler: handler(orgMembers.GET),
    method: 'GET',
    params: () => ({ name: world.org.name }),
    codes: ['NO_SUCH_ACCOUNT'],
  },
  ...(['PUT', 'DELETE'] as const).map((method) => ({
    label: `${method} /enzi/v0/accounts/{org}/members/{member}`,
    handler: handler(orgMember[method]),
    method,
    params: () => ({ name: world.org.name, member: world.member.name }),
    body: method === 'PUT' ? () => ({ isAdmin: true }) : undefined,
    codes: ['NO_SUCH_ACCOUNT', 'NO_SUCH_USER'],
  })),
  ...(['GET', 'POST'] as const).map((method) => ({
    label: `${method} /enzi/v0/accounts/{org}/teams`,
    handler: handler(teams[method]),
    method,
    params: () => ({ name: world.org.name }),
    body: method === 'POST' ? () => ({ name: uniqueName('team') }) : undefined,
    codes: ['NO_SUCH_ACCOUNT'],
  })),
  ...(['GET', 'PATCH', 'DELETE'] as const).map((method) => ({
    label: `${method} /enzi/v0/accounts/{org}/teams/{team}`,
    handler: handler(team[method]),
    method,
    params: teamParams,
    body: method === 'PATCH' ? () => ({ description: 'changed' }) : undefined,
    codes: ['NO_SUCH_ACCOUNT', 'NO_SUCH_TEAM'],
  })),
  {
    label: 'GET /enzi/v0/accounts/{org}/teams/{team}/members',
    handler: handler(teamMembers.GET),
    method: 'GET',
    params: teamParams,
    codes: ['NO_SUCH_ACCOUNT', 'NO_SUCH_TEAM'],
  },
  ...(['PUT', 'DELETE'] as const).map((method) => ({
    label: `${method} /enzi/v0/accounts/{org}/teams/{team}/members/{member}`,
    handler: handler(teamMember[method]),
    method,
    params: () => ({ ...teamParams(), member: world.member.name }),
    codes: ['NO_SUCH_ACCOUNT', 'NO_SUCH_TEAM', 'NO_SUCH_USER'],
  })),
];

/** Traversal on its own, and around the real value, so that no spelling reaches the real object. */
function badValues(real: string): string[] {
  return [
    ...TRAVERSAL,
    `${real}/..`,
    `../${real}`,
    `${real}/../${real}`,
    `./${real}`,
    `%2e%2e%2f${real}`,
    `${real}%2f..`,
    `${real}/`,
    `${real} `,
    ` ${real}`,
    `${real}\u0000`,
    real.toUpperCase(),
    `${real}' or '1'='1`,
    'x'.repeat(10_000),
    ...SQL_FRAGMENTS,
    ...HTML_FRAGMENTS,
  ];
}

/** The URL path is for the record only: a route handler takes its parameters from Next. */
const pathOf = (params: Params) => `/bad-input/${Object.values(params).map(encodeURIComponent).join('/')}`;

describe.each(pathRoutes)('$label', (route) => {
  it('answers 404 (400 for a NUL) to traversal and other spellings in every path parameter', async () => {
    const real = route.params();
    for (const name of Object.keys(real)) {
      for (const value of badValues(real[name])) {
        const params = { ...real, [name]: value };
        const response = await call(route.handler, route.method, pathOf(params), { auth: world.auth.admin, params, body: route.body?.() });
        const statuses = value.includes('\u0000') ? [400, 404] : [404];
        const codes = value.includes('\u0000') ? [...route.codes, 'INVALID_PARAMETERS'] : route.codes;
        await expectRefused(response, statuses, codes);
      }
    }
  });
});

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
    params: teamParams,
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

describe('the database after the bad requests', () => {
  it('still holds every row of the world, unchanged', async () => {
    await expectUnchanged(world);
  });
});
