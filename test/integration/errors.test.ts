import { describe, expect, it } from 'vitest';
import * as tokenById from '@/app/api/v0/api_tokens/[hashedToken]/route';
import * as tokens from '@/app/api/v0/api_tokens/route';
import * as namespaceRepos from '@/app/api/v0/repositories/[namespace]/route';
import * as repos from '@/app/api/v0/repositories/route';
import * as account from '@/app/enzi/v0/accounts/[name]/route';
import * as accounts from '@/app/enzi/v0/accounts/route';
import * as unlock from '@/app/enzi/v0/accounts/[name]/unlock/route';
import { basic, bearer, call, expectError, type AnyHandler } from '../support/http';
import { corrupt, createToken } from '../support/tokens';
import { tokenApi } from '../support/tokens-api';
import { createUser, passwordAuth } from '../support/users';

const HASH = 'a'.repeat(64);
const endpoints: [string, string, AnyHandler, Record<string, string>][] = [
  ['GET', '/api/v0/api_tokens', tokens.GET, {}],
  ['POST', '/api/v0/api_tokens', tokens.POST, {}],
  ['GET', `/api/v0/api_tokens/${HASH}`, tokenById.GET as AnyHandler, { hashedToken: HASH }],
  ['PATCH', `/api/v0/api_tokens/${HASH}`, tokenById.PATCH as AnyHandler, { hashedToken: HASH }],
  ['DELETE', `/api/v0/api_tokens/${HASH}`, tokenById.DELETE as AnyHandler, { hashedToken: HASH }],
  ['GET', '/api/v0/repositories', repos.GET, {}],
  ['GET', '/api/v0/repositories/someone', namespaceRepos.GET as AnyHandler, { namespace: 'someone' }],
  ['POST', '/api/v0/repositories/someone', namespaceRepos.POST as AnyHandler, { namespace: 'someone' }],
  ['GET', '/enzi/v0/accounts', accounts.GET, {}],
  ['POST', '/enzi/v0/accounts', accounts.POST, {}],
  ['GET', '/enzi/v0/accounts/someone', account.GET as AnyHandler, { name: 'someone' }],
  ['PATCH', '/enzi/v0/accounts/someone', account.PATCH as AnyHandler, { name: 'someone' }],
  ['POST', '/enzi/v0/accounts/someone/unlock', unlock.POST as AnyHandler, { name: 'someone' }],
];

describe('the error envelope', () => {
  it.each(endpoints)('%s %s without credentials answers 401 NOT_AUTHENTICATED with a Basic challenge', async (method, path, handler, params) => {
    await expectError(await call(handler, method, path, { params, body: method === 'GET' ? undefined : {} }), 401, 'NOT_AUTHENTICATED');
  });

  it('answers 401 for every malformed or wrong Authorization header', async () => {
    const user = await createUser();
    const { token } = await createToken(user);
    const headers = [
      'Basic !!!not-base64!!!',
      `Basic ${Buffer.from('no-colon-here').toString('base64')}`,
      `Basic ${Buffer.from(`:${user.password}`).toString('base64')}`,
      basic(user.name, `${user.password}x`),
      basic(user.name, corrupt(token)),
      `Digest ${token}`,
      'Bearer',
      bearer(user.password),
      bearer(corrupt(token)),
      bearer(`${token}x`),
    ];
    for (const auth of headers) {
      await expectError(await tokenApi.list(auth), 401, 'NOT_AUTHENTICATED');
    }
    // The scheme is case-insensitive: the valid credentials still work.
    const ok = await tokenApi.list(`bearer ${token}`);
    expect(ok.status).toBe(200);
  });

  it('never echoes a submitted secret', async () => {
    const user = await createUser();
    const { token } = await createToken(user);
    const wrongPassword = `${user.password}-typo`;
    for (const auth of [basic(user.name, wrongPassword), bearer(corrupt(token)), basic(`${user.name}-x`, token)]) {
      const response = await tokenApi.list(auth);
      const text = await response.clone().text();
      expect(text).not.toContain(wrongPassword);
      expect(text).not.toContain(token.slice(4, 40));
      await expectError(response, 401, 'NOT_AUTHENTICATED');
    }
  });

  it('uses MSR’s codes for refused, missing and malformed input', async () => {
    const user = await createUser();
    const auth = passwordAuth(user);
    await expectError(await call(tokens.POST, 'POST', '/api/v0/api_tokens', { auth, body: '{' }), 400, 'INVALID_JSON');
    await expectError(await call(tokens.POST, 'POST', '/api/v0/api_tokens', { auth, body: { nope: 1 } }), 400, 'INVALID_PARAMETERS');
    await expectError(await call(accounts.POST, 'POST', '/enzi/v0/accounts', { auth, body: { name: 'whoever', password: 'password1' } }), 403, 'NOT_AUTHORIZED');
    await expectError(await call(tokenById.GET as AnyHandler, 'GET', `/api/v0/api_tokens/${HASH}`, { auth, params: { hashedToken: HASH } }), 404, 'NO_SUCH_API_TOKEN');
    await expectError(await call(account.GET as AnyHandler, 'GET', '/enzi/v0/accounts/x', { auth, params: { name: `${user.name}-x` } }), 404, 'NO_SUCH_ACCOUNT');
  });

  it('refuses a body over 64 KiB before parsing it', async () => {
    const user = await createUser();
    const response = await call(tokens.POST, 'POST', '/api/v0/api_tokens', {
      auth: passwordAuth(user),
      body: { tokenLabel: 'x'.repeat(70_000) },
    });
    await expectError(response, 413, 'INVALID_PARAMETERS');
  });

  it('answers 4xx, not 500, to a NUL byte anywhere in the input', async () => {
    const admin = await createUser({ admin: true });
    const auth = passwordAuth(admin);
    await expectError(await call(repos.GET, 'GET', '/api/v0/repositories', { auth: basic('nul\u0000user', 'password1') }), 401, 'NOT_AUTHENTICATED');
    await expectError(
      await call(namespaceRepos.GET as AnyHandler, 'GET', '/api/v0/repositories/x', { auth, params: { namespace: 'bad\u0000ns' } }),
      400,
      'INVALID_PARAMETERS',
    );
    await expectError(
      await call(account.PATCH as AnyHandler, 'PATCH', `/enzi/v0/accounts/${admin.name}`, { auth, params: { name: admin.name }, body: { fullName: 'a\u0000b' } }),
      400,
      'INVALID_PARAMETERS',
    );
    const after = await call(account.GET as AnyHandler, 'GET', `/enzi/v0/accounts/${admin.name}`, { auth, params: { name: admin.name } });
    expect(((await after.json()) as { fullName: string }).fullName).toBe('');
  });
});
