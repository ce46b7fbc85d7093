// SPEC 10, "Deactivation sticks": a session cookie or a registry JWT refused while its user or token
// is deactivated never works again once they are reactivated; new sign-ins and new JWTs do.
import http from 'node:http';
import { describe, expect, it } from 'vitest';
import { GET as tokenService } from '@/app/auth/token/route';
import { SESSION_COOKIE } from '@/lib/auth/session-cookie';
import { enzi } from '../support/accounts-api';
import { basic, bearer, call, expectJson } from '../support/http';
import { useRegistryServer } from '../support/registry';
import { createToken } from '../support/tokens';
import { tokenApi } from '../support/tokens-api';
import { createUser, passwordAuth, sessionCookieValue, signIn, type TestUser } from '../support/users';

const registry = useRegistryServer();

async function sessionCookie(user: TestUser, secret = user.password) {
  const principal = await signIn({ name: user.name, password: secret });
  return `${SESSION_COOKIE}=${await sessionCookieValue(principal)}`;
}

/** The status of the token list for a web session cookie. */
const withCookie = async (cookie: string) => (await tokenApi.list(undefined, '', { cookie })).status;

async function registryJwt(user: TestUser, secret: string) {
  const response = await call(tokenService, 'GET', '/auth/token?service=berth', { auth: basic(user.name, secret), headers: { host: 'berth' } });
  return (await expectJson<{ token: string }>(response)).token;
}

/** The status of `GET /v2/` with a registry JWT, through the real proxy. */
function withJwt(jwt: string): Promise<number> {
  // node:http, since fetch sets Host itself: the JWT's audience is the host the client reached.
  return new Promise((resolve, reject) => {
    const request = http.get(`${registry.url}/v2/`, { headers: { authorization: bearer(jwt), host: 'berth' } }, (response) => {
      response.resume().on('end', () => resolve(response.statusCode ?? 0));
    });
    request.on('error', reject);
  });
}

async function setUserActive(admin: TestUser, user: TestUser, isActive: boolean) {
  await expectJson(await enzi.patchAccount(passwordAuth(admin), user.name, { isActive }));
}

async function setTokenActive(user: TestUser, hashedToken: string, isActive: boolean) {
  await expectJson(await tokenApi.one('PATCH', passwordAuth(user), hashedToken, { isActive }));
}

describe('deactivation sticks', () => {
  it('a user deactivated and reactivated: the old session and the old JWT stay refused, new ones work', async () => {
    const admin = await createUser({ admin: true });
    const user = await createUser();
    const { token } = await createToken(user);
    const cookie = await sessionCookie(user);
    const tokenCookie = await sessionCookie(user, token);
    const jwt = await registryJwt(user, token);
    expect([await withCookie(cookie), await withCookie(tokenCookie), await withJwt(jwt)]).toEqual([200, 200, 200]);

    await setUserActive(admin, user, false);
    expect([await withCookie(cookie), await withCookie(tokenCookie), await withJwt(jwt)]).toEqual([401, 401, 401]);

    await setUserActive(admin, user, true);
    expect([await withCookie(cookie), await withCookie(tokenCookie), await withJwt(jwt)]).toEqual([401, 401, 401]);
    expect(await withCookie(await sessionCookie(user))).toBe(200);
    expect(await withJwt(await registryJwt(user, token))).toBe(200);
  });

  it('a token deactivated and reactivated: sessions and JWTs it started stay refused; password sessions are untouched', async () => {
    const user = await createUser();
    const created = await createToken(user);
    const passwordCookie = await sessionCookie(user);
    const tokenCookie = await sessionCookie(user, created.token);
    const jwt = await registryJwt(user, created.token);
    const passwordJwt = await registryJwt(user, user.password);

    await setTokenActive(user, created.hashedToken, false);
    expect([await withCookie(tokenCookie), await withJwt(jwt)]).toEqual([401, 401]);
    await setTokenActive(user, created.hashedToken, true);
    expect([await withCookie(tokenCookie), await withJwt(jwt)]).toEqual([401, 401]);

    expect([await withCookie(passwordCookie), await withJwt(passwordJwt)]).toEqual([200, 200]);
    expect(await withCookie(await sessionCookie(user, created.token))).toBe(200);
    expect(await withJwt(await registryJwt(user, created.token))).toBe(200);
    // The token itself, used directly, works again at once.
    expect((await tokenApi.list(bearer(created.token))).status).toBe(200);
  });
});
