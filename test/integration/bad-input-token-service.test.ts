// The bad-input suite, the registry token service (issue 5, item 5): malformed and traversing
// scopes, huge scope lists, bad Basic headers and bad OAuth2 forms. Scopes the caller cannot have are
// left out of the token, as the distribution spec asks (never granted, never a 500); bad credentials
// get 401 in the registry's error envelope; the world's rows are compared before and after.
import { decodeJwt } from 'jose';
import { describe, expect, it } from 'vitest';
import { GET, POST } from '@/app/auth/token/route';
import type { ResourceAccess } from '@/lib/registry/scopes';
import { expectRefused, expectUnchanged, HTML_FRAGMENTS, SQL_FRAGMENTS, streamedBody, TRAVERSAL, useWorld } from '../support/bad-input';
import { BASE, basic, send } from '../support/http';
import { createRepository } from '../support/repositories';
import { createToken } from '../support/tokens';
import { createUser, uniqueName } from '../support/users';

const world = useWorld();

function tokenRequest(scopes: string[], authorization?: string, extra = '') {
  const query = scopes.map((s) => `scope=${encodeURIComponent(s)}`).join('&');
  const headers: Record<string, string> = authorization ? { authorization } : {};
  return send(GET, new Request(new URL(`/auth/token?service=berth&${query}${extra}`, BASE), { headers }));
}

/** The `access` claim of a token service answer, after checking it is one. */
async function grantedAccess(response: Response): Promise<ResourceAccess[]> {
  const text = await response.text();
  expect(response.status, text).toBe(200);
  const body = JSON.parse(text) as { token: string; access_token: string };
  expect(body.access_token).toBe(body.token);
  return decodeJwt(body.token).access as ResourceAccess[];
}

const ownerBasic = () => basic(world.owner.name, world.secrets.owner);
const userRepo = () => `${world.owner.name}/${world.userRepo.name}`;
const orgRepo = () => `${world.org.name}/${world.orgRepo.name}`;

function malformedScopes(): string[] {
  const repo = userRepo();
  return [
    '',
    ' ',
    'repository',
    'repository:',
    'repository::',
    ':::',
    `repository:${repo}`,
    `repository:${repo}:`,
    `repository::pull`,
    `:${repo}:pull`,
    `repository:${repo}:,,,`,
    `repository:${repo}:fly`,
    `repository:${repo.toUpperCase()}:pull`,
    `repository:${repo}/:pull`,
    `repository:/${repo}:pull`,
    `repository:${repo}\u0000:pull`,
    `repository:${repo}%00:pull`,
    `repository(:${repo}:pull`,
    `registry:catalog:pull`,
    `registry:${repo}:*`,
    `REPOSITORY:${repo}:pull`,
    `blob:${repo}:pull`,
    `repository:localhost:5000/${repo}:pull`,
    ...TRAVERSAL.map((t) => `repository:${t}:pull`),
    `repository:${world.owner.name}/../${orgRepo()}:pull,push`,
    `repository:${repo}/..:pull`,
    `repository:../${repo}:pull`,
    `repository:${world.owner.name}/./${world.userRepo.name}:pull`,
    `repository:%2e%2e%2f${repo}:pull`,
    `repository:${world.owner.name}%2f${world.userRepo.name}:pull`,
    ...SQL_FRAGMENTS.map((s) => `repository:${s}:pull`),
    ...SQL_FRAGMENTS.map((s) => `repository:${repo}:${s}`),
    ...HTML_FRAGMENTS.map((s) => `repository:${s}:pull`),
    `repository:${'a'.repeat(10_000)}/x:pull`,
  ];
}

describe('GET /auth/token with scopes that are not scopes', () => {
  it('grants nothing for any of them, anonymously', async () => {
    expect(await grantedAccess(await tokenRequest(malformedScopes()))).toEqual([]);
  });

  it('grants only the well-formed scope among them, and only what the caller holds', async () => {
    const access = await grantedAccess(await tokenRequest([...malformedScopes(), `repository:${userRepo()}:pull,push,fly,*`], ownerBasic()));
    expect(access).toEqual([{ type: 'repository', name: userRepo(), actions: ['pull', 'push', '*'] }]);
    // The member's read-write grant on the organization's repository is what it is, however it is asked.
    const member = basic(world.member.name, world.secrets.member);
    expect(await grantedAccess(await tokenRequest([`repository:${orgRepo()}:pull,push,delete,*`], member))).toEqual([
      { type: 'repository', name: orgRepo(), actions: ['pull', 'push', 'delete'] },
    ]);
    expect(await grantedAccess(await tokenRequest(malformedScopes(), member))).toEqual([]);
  });

  it('answers 400 to more than 50 resources at once, before any credential or repository is looked at', async () => {
    // Each resource costs queries: a thousand, even anonymous, would be a thousand times the work.
    const many = (n: number) => Array.from({ length: n }, (_, i) => `repository:${world.org.name}/nothing-${i}:pull`);
    for (const scopes of [many(51), many(1000), [many(10_000).join(' ')]]) {
      const started = Date.now();
      for (const authorization of [undefined, ownerBasic(), 'Basic !!!']) {
        await expectRefused(await tokenRequest(scopes, authorization), 400, 'UNSUPPORTED');
      }
      expect(Date.now() - started).toBeLessThan(5_000);
    }
    // Fifty are fine, and so is one resource asked for many times or with many actions.
    expect(await grantedAccess(await tokenRequest([...many(49), `repository:${userRepo()}:pull`], ownerBasic()))).toEqual([
      { type: 'repository', name: userRepo(), actions: ['pull'] },
    ]);
    const repeated = Array.from({ length: 500 }, () => `repository:${userRepo()}:pull`);
    expect(await grantedAccess(await tokenRequest([...repeated, `repository:${userRepo()}:${'push,'.repeat(20_000)}`], ownerBasic()))).toEqual([
      { type: 'repository', name: userRepo(), actions: ['pull', 'push'] },
    ]);
  });

  it('ignores unknown and repeated parameters', async () => {
    const access = await grantedAccess(await tokenRequest([`repository:${userRepo()}:pull`], ownerBasic(), '&service=other&account=someone-else&offline_token=true&client_id=x&foo=%00'));
    expect(access).toEqual([{ type: 'repository', name: userRepo(), actions: ['pull'] }]);
  });
});

describe('GET /auth/token with Basic headers that are not Basic', () => {
  it('answers 401 UNAUTHORIZED with a Basic challenge to each, never a token', async () => {
    // Not the world's owner: a wrong password for a real user counts toward its lockout, as it should.
    const user = await createUser({ prefix: 'basic' });
    const { name } = user;
    const { token: secret } = await createToken(user);
    const repo = await createRepository(user.account, uniqueName('repo'));
    const headers = [
      'Basic',
      'Basic ',
      'Basic !!!not-base64!!!',
      'Basic ====',
      `Basic ${Buffer.from('no-colon-here').toString('base64')}`,
      `Basic ${Buffer.from(`:${secret}`).toString('base64')}`,
      `Basic ${Buffer.from(`${name}:`).toString('base64')}`,
      `Basic ${Buffer.from(`${name}\u0000:${secret}`).toString('base64')}`,
      `Basic ${Buffer.from(`${name}:${secret}\u0000`).toString('base64')}`,
      `Basic ${Buffer.from([0xff, 0xfe, 0x3a, 0xc3, 0x28]).toString('base64')}`,
      `Basic ${Buffer.from(`${'n'.repeat(10_000)}:${secret}`).toString('base64')}`,
      `Basic ${Buffer.from(`${name}:${'p'.repeat(10_000)}`).toString('base64')}`,
      `Basic ${Buffer.from(`../${name}:${secret}`).toString('base64')}`,
      `Basic ${Buffer.from(`${name.toUpperCase()}:${secret}`).toString('base64')}`,
      `Basic ${Buffer.from(`' or 1=1 --:${secret}`).toString('base64')}`,
      `Basic ${Buffer.from(`${name}:' or 1=1 --`).toString('base64')}`,
      `Basic ${Buffer.from(`<script>alert(1)</script>:${secret}`).toString('base64')}`,
      `Bearer ${secret}`,
      `Digest username="${name}"`,
      `${Buffer.from(`${name}:${secret}`).toString('base64')}`,
    ];
    for (const authorization of headers) {
      const response = await tokenRequest([`repository:${name}/${repo.name}:pull`], authorization);
      const error = await expectRefused(response, 401, 'UNAUTHORIZED');
      expect(error.message).not.toContain(secret);
    }
  });
});

describe('POST /auth/token with forms that are not forms', () => {
  const form = (body: string | Uint8Array | ReadableStream, contentType = 'application/x-www-form-urlencoded', extra: Record<string, string> = {}) =>
    send(POST, new Request(new URL('/auth/token', BASE), { method: 'POST', headers: { 'content-type': contentType, ...extra }, body, duplex: 'half' } as RequestInit));

  /** OAuth2's error answer (RFC 6749 5.2): `{"error","error_description"}`, never a token. */
  async function expectOAuthError(response: Response, status: number, error: string) {
    const text = await response.text();
    expect(response.status, text).toBe(status);
    expect(JSON.parse(text)).toEqual({ error, error_description: expect.any(String) });
  }

  it('answers 400 to another content type, a missing grant and missing credentials', async () => {
    const good = `grant_type=password&username=${world.owner.name}&password=${world.secrets.owner}`;
    await expectOAuthError(await form(JSON.stringify({ grant_type: 'password' }), 'application/json'), 400, 'invalid_request');
    await expectOAuthError(await form(good, 'text/plain'), 400, 'invalid_request');
    await expectOAuthError(await form(''), 400, 'unsupported_grant_type');
    await expectOAuthError(await form('%%%&&&==='), 400, 'unsupported_grant_type');
    await expectOAuthError(await form('grant_type=client_credentials'), 400, 'unsupported_grant_type');
    await expectOAuthError(await form('grant_type=refresh_token&refresh_token=x'), 400, 'unsupported_grant_type');
    await expectOAuthError(await form('grant_type=password'), 400, 'invalid_request');
    await expectOAuthError(await form(`grant_type=password&username=${world.owner.name}`), 400, 'invalid_request');
  });

  it('answers 401 invalid_grant to credentials that are no credentials', async () => {
    const user = await createUser({ prefix: 'grant' });
    const { token } = await createToken(user);
    for (const [username, password] of [
      [`${user.name}%00`, token],
      [user.name, `${token}%00`],
      ['..%2F..', 'x'],
      [encodeURIComponent("' or 1=1 --"), encodeURIComponent("' or 1=1 --")],
      ['n'.repeat(10_000), 'p'],
    ]) {
      await expectOAuthError(await form(`grant_type=password&username=${username}&password=${password}`), 401, 'invalid_grant');
    }
  });

  it('answers 413 to a form over 64 KiB, declared or streamed', async () => {
    await expectOAuthError(await form(`grant_type=password&scope=${'x'.repeat(70_000)}`), 413, 'invalid_request');
    await expectOAuthError(await form('grant_type=password', undefined, { 'content-length': String(10 * 1024 * 1024) }), 413, 'invalid_request');
    const { body, sent } = streamedBody('&');
    await expectOAuthError(await form(body), 413, 'invalid_request');
    expect(sent()).toBeLessThan(256 * 1024);
  });

  it('answers 400 invalid_scope to more than 50 resources', async () => {
    const scopes = Array.from({ length: 51 }, (_, i) => `scope=repository:x/y${i}:pull`).join('&');
    await expectOAuthError(await form(`grant_type=password&username=x&password=y&${scopes}`), 400, 'invalid_scope');
  });

  it('grants only well-formed scopes the caller holds', async () => {
    const scopes = [...malformedScopes(), `repository:${userRepo()}:pull`].map((s) => `scope=${encodeURIComponent(s)}`).join('&');
    const response = await form(`grant_type=password&username=${world.owner.name}&password=${world.secrets.owner}&${scopes}`);
    const body = (await response.json()) as { access_token: string; scope: string };
    expect(response.status).toBe(200);
    expect(body.scope).toBe(`repository:${userRepo()}:pull`);
    expect(decodeJwt(body.access_token).access).toEqual([{ type: 'repository', name: userRepo(), actions: ['pull'] }]);
  });
});

describe('the database after the bad token requests', () => {
  it('still holds every row of the world, unchanged', async () => {
    await expectUnchanged(world);
  });
});
