// The bad-input suite, request bodies (issue 5, item 5): every route that reads a JSON body, fed
// malformed JSON, wrong types, huge bodies, control characters and names that are not names; and
// next-auth's own body, and a route that takes none. Each answers a 4xx in MSR's envelope; the
// world's rows are compared before and after.
import { NextRequest } from 'next/server';
import { describe, expect, it } from 'vitest';
import * as nextAuth from '@/app/api/auth/[...nextauth]/route';
import * as tokenById from '@/app/api/v0/api_tokens/[hashedToken]/route';
import * as tokens from '@/app/api/v0/api_tokens/route';
import * as repository from '@/app/api/v0/repositories/[namespace]/[repo]/route';
import * as teamAccess from '@/app/api/v0/repositories/[namespace]/[repo]/teamAccess/[team]/route';
import * as namespaceRepos from '@/app/api/v0/repositories/[namespace]/route';
import * as orgMember from '@/app/enzi/v0/accounts/[name]/members/[member]/route';
import * as account from '@/app/enzi/v0/accounts/[name]/route';
import * as teamMember from '@/app/enzi/v0/accounts/[name]/teams/[team]/members/[member]/route';
import * as team from '@/app/enzi/v0/accounts/[name]/teams/[team]/route';
import * as teams from '@/app/enzi/v0/accounts/[name]/teams/route';
import * as unlock from '@/app/enzi/v0/accounts/[name]/unlock/route';
import * as accounts from '@/app/enzi/v0/accounts/route';
import { CONTROL_TEXT, expectRefused, expectUnchanged, HTML_FRAGMENTS, hugeBody, LONG_TEXT, MALFORMED_JSON, SQL_FRAGMENTS, streamedBody, TRAVERSAL, useWorld, WRONG_BODIES, WRONG_TYPES } from '../support/bad-input';
import { BASE, call, handler, send as sendRequest, type AnyHandler } from '../support/http';
import { createUser, uniqueName } from '../support/users';

const world = useWorld();

type FieldKind = 'text' | 'name' | 'password' | 'boolean' | 'enum' | 'date';

/** A route that reads a JSON body, aimed at the world, with a body it would accept and its fields. */
type BodyRoute = {
  label: string;
  handler: AnyHandler;
  method: string;
  path: () => string;
  params: () => Record<string, string>;
  valid: () => Record<string, unknown>;
  fields: Record<string, FieldKind>;
};

const bodyRoutes: BodyRoute[] = [
  {
    label: 'POST /api/v0/api_tokens',
    handler: handler(tokens.POST),
    method: 'POST',
    path: () => `/api/v0/api_tokens?username=${world.owner.name}`,
    params: () => ({}),
    valid: () => ({ tokenLabel: 'ok', scope: 'read-only' }),
    fields: { tokenLabel: 'text', expiresAt: 'date', scope: 'enum' },
  },
  {
    label: 'PATCH /api/v0/api_tokens/{hashedToken}',
    handler: handler(tokenById.PATCH),
    method: 'PATCH',
    path: () => `/api/v0/api_tokens/${world.target.hashedToken}`,
    params: () => ({ hashedToken: world.target.hashedToken }),
    valid: () => ({}),
    fields: { tokenLabel: 'text', isActive: 'boolean' },
  },
  {
    label: 'POST /api/v0/repositories/{namespace}',
    handler: handler(namespaceRepos.POST),
    method: 'POST',
    path: () => `/api/v0/repositories/${world.org.name}`,
    params: () => ({ namespace: world.org.name }),
    valid: () => ({ name: uniqueName('repo') }),
    fields: { name: 'name', shortDescription: 'text', longDescription: 'text', visibility: 'enum' },
  },
  {
    label: 'PATCH /api/v0/repositories/{namespace}/{repo}',
    handler: handler(repository.PATCH),
    method: 'PATCH',
    path: () => `/api/v0/repositories/${world.org.name}/${world.orgRepo.name}`,
    params: () => ({ namespace: world.org.name, repo: world.orgRepo.name }),
    valid: () => ({}),
    fields: { shortDescription: 'text', longDescription: 'text', visibility: 'enum' },
  },
  {
    label: 'PUT /api/v0/repositories/{namespace}/{repo}/teamAccess/{team}',
    handler: handler(teamAccess.PUT),
    method: 'PUT',
    path: () => `/api/v0/repositories/${world.org.name}/${world.orgRepo.name}/teamAccess/${world.team.name}`,
    params: () => ({ namespace: world.org.name, repo: world.orgRepo.name, team: world.team.name }),
    valid: () => ({ accessLevel: 'read-only' }),
    fields: { accessLevel: 'enum' },
  },
  {
    label: 'POST /enzi/v0/accounts',
    handler: handler(accounts.POST),
    method: 'POST',
    path: () => '/enzi/v0/accounts',
    params: () => ({}),
    valid: () => ({ name: uniqueName('acct'), password: 'a-good-password' }),
    fields: { name: 'name', password: 'password', fullName: 'text', isOrg: 'boolean', isAdmin: 'boolean', isActive: 'boolean' },
  },
  {
    label: 'PATCH /enzi/v0/accounts/{name}',
    handler: handler(account.PATCH),
    method: 'PATCH',
    path: () => `/enzi/v0/accounts/${world.owner.name}`,
    params: () => ({ name: world.owner.name }),
    valid: () => ({}),
    fields: { fullName: 'text', isAdmin: 'boolean', isActive: 'boolean' },
  },
  {
    label: 'PUT /enzi/v0/accounts/{org}/members/{member}',
    handler: handler(orgMember.PUT),
    method: 'PUT',
    path: () => `/enzi/v0/accounts/${world.org.name}/members/${world.member.name}`,
    params: () => ({ name: world.org.name, member: world.member.name }),
    valid: () => ({}),
    fields: { isAdmin: 'boolean' },
  },
  {
    label: 'POST /enzi/v0/accounts/{org}/teams',
    handler: handler(teams.POST),
    method: 'POST',
    path: () => `/enzi/v0/accounts/${world.org.name}/teams`,
    params: () => ({ name: world.org.name }),
    valid: () => ({ name: uniqueName('team') }),
    fields: { name: 'name', description: 'text' },
  },
  {
    label: 'PATCH /enzi/v0/accounts/{org}/teams/{team}',
    handler: handler(team.PATCH),
    method: 'PATCH',
    path: () => `/enzi/v0/accounts/${world.org.name}/teams/${world.team.name}`,
    params: () => ({ name: world.org.name, team: world.team.name }),
    valid: () => ({}),
    fields: { name: 'name', description: 'text' },
  },
  {
    label: 'PUT /enzi/v0/accounts/{org}/teams/{team}/members/{member}',
    handler: handler(teamMember.PUT),
    method: 'PUT',
    path: () => `/enzi/v0/accounts/${world.org.name}/teams/${world.team.name}/members/${world.owner.name}`,
    params: () => ({ name: world.org.name, team: world.team.name, member: world.owner.name }),
    valid: () => ({}),
    fields: { isAdmin: 'boolean' },
  },
];

/** Sends `body` as it is (a string) or as JSON, as the system admin, to the world's target of the route. */
function send(route: BodyRoute, body: unknown, headers: Record<string, string> = {}) {
  return call(route.handler, route.method, route.path(), { auth: world.auth.admin, body, params: route.params(), headers });
}

/** Values of a field's kind that are no value of it. */
function wrongValues(kind: FieldKind): unknown[] {
  switch (kind) {
    case 'boolean':
      return [...WRONG_TYPES.filter((v) => typeof v !== 'boolean'), 'true', 'false', 'on', '1', ''];
    case 'enum':
      return [...WRONG_TYPES, 'ADMIN', 'Public', 'everything', '', ' read-only', 'admin\u0000'];
    case 'date':
      return [...WRONG_TYPES.filter((v) => v !== null), 'tomorrow', '2020-01-01', '2099-13-01', '2099-02-30', '2099-01-01T25:00:00Z', '1e10', '', 'now', '9999-12-31T23:59:59.999-23:59', '10000-01-01', '+010000-01-01T00:00:00Z'];
    case 'name':
      return [...WRONG_TYPES, 'UPPER', '-lead', 'trail-', 'a b', 'a..b', ...TRAVERSAL, ...SQL_FRAGMENTS, ...HTML_FRAGMENTS, LONG_TEXT, '🚢', 'n\u0000ul'];
    case 'password':
      return [...WRONG_TYPES, 'short', 'p'.repeat(257)];
    case 'text':
      return [...WRONG_TYPES, ...CONTROL_TEXT];
  }
}

describe.each(bodyRoutes)('$label', (route) => {
  it('answers INVALID_JSON to a body that is not JSON', async () => {
    for (const body of MALFORMED_JSON) await expectRefused(await send(route, body), 400, 'INVALID_JSON');
  });

  it('answers INVALID_JSON to a body that is not UTF-8', async () => {
    const bytes = Buffer.concat([Buffer.from('{"tokenLabel":"'), Buffer.from([0xff, 0xfe, 0xc3]), Buffer.from('"}')]);
    const request = new Request(new URL(route.path(), BASE), {
      method: route.method,
      headers: { authorization: world.auth.admin, 'content-type': 'application/json' },
      body: bytes,
    });
    await expectRefused(await sendRequest(route.handler, request, route.params()), 400, 'INVALID_JSON');
  });

  it('answers INVALID_PARAMETERS to JSON that is not an object', async () => {
    for (const body of WRONG_BODIES) await expectRefused(await send(route, JSON.stringify(body)), 400, 'INVALID_PARAMETERS');
    // Nested beyond reason, still within the size limit.
    await expectRefused(await send(route, `${'['.repeat(30_000)}${']'.repeat(30_000)}`), 400, ['INVALID_PARAMETERS', 'INVALID_JSON']);
  });

  it('answers INVALID_PARAMETERS to an unknown field and to prototype keys', async () => {
    for (const body of [
      { ...route.valid(), nope: 1 },
      { ...route.valid(), id: '00000000-0000-0000-0000-000000000000' },
      `{"__proto__":{"isAdmin":true}}`,
      `{"constructor":{"prototype":{"isAdmin":true}}}`,
    ]) {
      await expectRefused(await send(route, body), 400, 'INVALID_PARAMETERS');
    }
    expect(({} as { isAdmin?: boolean }).isAdmin).toBeUndefined();
  });

  it('answers INVALID_PARAMETERS, naming the field, to a value of the wrong type or shape', async () => {
    for (const [field, kind] of Object.entries(route.fields)) {
      for (const value of wrongValues(kind)) {
        const error = await expectRefused(await send(route, { ...route.valid(), [field]: value }), 400, 'INVALID_PARAMETERS');
        expect(error.message, `${field}: ${JSON.stringify(value)}`).toContain(field);
      }
    }
  });

  it('refuses a 10,000-character value in every field, bar the long description', async () => {
    for (const field of Object.keys(route.fields).filter((f) => f !== 'longDescription')) {
      const error = await expectRefused(await send(route, { ...route.valid(), [field]: LONG_TEXT }), 400, 'INVALID_PARAMETERS');
      expect(error.message).toContain(field);
    }
  });

  it('stops reading a body sent without a length as soon as it passes 64 KiB', async () => {
    // Whitespace is valid around JSON: read whole, this body would be `{}`.
    const { body, sent } = streamedBody(' ');
    const request = new Request(new URL(route.path(), BASE), {
      method: route.method,
      headers: { authorization: world.auth.admin, 'content-type': 'application/json' },
      body,
      duplex: 'half',
    } as RequestInit);
    await expectRefused(await sendRequest(route.handler, request, route.params()), 413, 'INVALID_PARAMETERS');
    expect(sent()).toBeLessThan(256 * 1024);
  });

  it('answers 413 to a body over 64 KiB, whatever it declares', async () => {
    const field = Object.keys(route.fields)[0];
    await expectRefused(await send(route, hugeBody(field)), 413, 'INVALID_PARAMETERS');
    // A declared length over the limit is refused before the body is read.
    await expectRefused(await send(route, '{}', { 'content-length': String(10 * 1024 * 1024) }), 413, 'INVALID_PARAMETERS');
  });
});

describe('POST /api/auth/[...nextauth] (next-auth reads the body itself)', () => {
  const post = (body: BodyInit, contentType = 'application/json') =>
    nextAuth.POST(new NextRequest(new URL('/api/auth/callback/credentials', BASE), { method: 'POST', headers: { 'content-type': contentType }, body }), {
      params: Promise.resolve({ nextauth: ['callback', 'credentials'] }),
    });

  it('answers INVALID_JSON to a body that is not JSON or not UTF-8', async () => {
    for (const body of MALFORMED_JSON) await expectRefused(await post(body), 400, 'INVALID_JSON');
    await expectRefused(await post(new Uint8Array([0x7b, 0xff, 0x7d])), 400, 'INVALID_JSON');
  });

  it('answers 413 to a body over 64 KiB, JSON or form', async () => {
    await expectRefused(await post(hugeBody('username')), 413, 'INVALID_PARAMETERS');
    await expectRefused(await post(`username=${'x'.repeat(70_000)}`, 'application/x-www-form-urlencoded'), 413, 'INVALID_PARAMETERS');
  });
});

describe('routes that take no body', () => {
  it('ignore a malformed or huge one and answer as usual', async () => {
    // POST …/unlock is the one unsafe route without a body; a client may send `{}`, or anything.
    const scratch = await createUser({ prefix: 'unlock' });
    for (const body of ['{', hugeBody('x'), '\u0000']) {
      const response = await call(handler(unlock.POST), 'POST', `/enzi/v0/accounts/${scratch.name}/unlock`, {
        auth: world.auth.admin,
        body,
        params: { name: scratch.name },
      });
      expect(response.status).toBe(204);
    }
  });
});

describe('the database after the bad requests', () => {
  it('still holds every row of the world, unchanged', async () => {
    await expectUnchanged(world);
  });
});
