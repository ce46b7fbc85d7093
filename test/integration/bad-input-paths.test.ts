// The bad-input suite, paths (issue 5, item 5): path traversal, and other spellings of the real
// value, in every path parameter. Each answers a 4xx in MSR's envelope; the world's rows are
// compared before and after.
import { describe, it } from 'vitest';
import * as tokenById from '@/app/api/v0/api_tokens/[hashedToken]/route';
import * as repository from '@/app/api/v0/repositories/[namespace]/[repo]/route';
import * as teamAccessList from '@/app/api/v0/repositories/[namespace]/[repo]/teamAccess/route';
import * as teamAccess from '@/app/api/v0/repositories/[namespace]/[repo]/teamAccess/[team]/route';
import * as namespaceRepos from '@/app/api/v0/repositories/[namespace]/route';
import * as orgMember from '@/app/enzi/v0/accounts/[name]/members/[member]/route';
import * as orgMembers from '@/app/enzi/v0/accounts/[name]/members/route';
import * as account from '@/app/enzi/v0/accounts/[name]/route';
import * as teamMember from '@/app/enzi/v0/accounts/[name]/teams/[team]/members/[member]/route';
import * as teamMembers from '@/app/enzi/v0/accounts/[name]/teams/[team]/members/route';
import * as team from '@/app/enzi/v0/accounts/[name]/teams/[team]/route';
import * as teams from '@/app/enzi/v0/accounts/[name]/teams/route';
import * as unlock from '@/app/enzi/v0/accounts/[name]/unlock/route';
import { expectRefused, expectUnchanged, HTML_FRAGMENTS, SQL_FRAGMENTS, TRAVERSAL, useWorld } from '../support/bad-input';
import { call, handler, type AnyHandler } from '../support/http';
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

describe('the database after the bad requests', () => {
  it('still holds every row of the world, unchanged', async () => {
    await expectUnchanged(world);
  });
});
