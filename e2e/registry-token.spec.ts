// The registry token service and the /v2/ gate, spoken to directly over HTTP (SPEC 6).
import type { APIRequestContext, APIResponse } from '@playwright/test';
import { BASE_URL } from './env';
import { basicAuth, expect, test, type Account } from './fixtures';

const SERVICE = new URL(BASE_URL).host;

type Access = { type: string; name: string; actions: string[] };
type Claims = { iss: string; sub: string; aud: string; exp: number; nbf: number; iat: number; jti: string; access: Access[] };

function claimsOf(jwt: string): Claims {
  const [header, payload] = jwt.split('.');
  expect(JSON.parse(Buffer.from(header, 'base64url').toString())).toMatchObject({ alg: 'ES256' });
  return JSON.parse(Buffer.from(payload, 'base64url').toString()) as Claims;
}

async function tokenFor(request: APIRequestContext, as: Account) {
  const response = await request.post('/api/v0/api_tokens', { headers: basicAuth(as.name, as.password), data: {} });
  expect(response.status(), await response.text()).toBe(200);
  return (await response.json()) as { token: string; hashedToken: string };
}

async function registryToken(request: APIRequestContext, query: string, headers: Record<string, string> = {}) {
  const response = await request.get(`/auth/token?service=${encodeURIComponent(SERVICE)}${query}`, { headers });
  expect(response.status(), await response.text()).toBe(200);
  const body = (await response.json()) as { token: string; access_token: string; expires_in: number; issued_at: string };
  expect(body.access_token).toBe(body.token);
  expect(body.expires_in).toBe(300);
  expect(Number.isNaN(Date.parse(body.issued_at))).toBe(false);
  return { jwt: body.token, claims: claimsOf(body.token) };
}

async function expectChallenge(response: APIResponse) {
  expect(response.status()).toBe(401);
  expect(response.headers()['docker-distribution-api-version']).toBe('registry/2.0');
  expect(response.headers()['www-authenticate']).toContain(`Bearer realm="${BASE_URL}/auth/token",service="${SERVICE}"`);
  expect((await response.json()).errors[0].code).toBe('UNAUTHORIZED');
}

test('GET /v2/ challenges without credentials and answers a valid login', async ({ request, user }) => {
  const anonymous = await request.get('/v2/');
  await expectChallenge(anonymous);
  expect(anonymous.headers()['www-authenticate']).toBe(`Bearer realm="${BASE_URL}/auth/token",service="${SERVICE}"`);

  const basic = await request.get('/v2/', { headers: basicAuth(user.name, user.password) });
  expect(basic.status()).toBe(200);
  expect(basic.headers()['docker-distribution-api-version']).toBe('registry/2.0');

  await expectChallenge(await request.get('/v2/', { headers: basicAuth(user.name, 'wrong-password') }));
});

test('the token service signs what the caller may do and leaves out the rest', async ({ request, user, api }) => {
  const { token } = await tokenFor(request, user);
  const own = `${user.name}/new-repo`;
  const other = await api.createUser({ prefix: 'other' });
  // Repeated scope parameters, a space-separated pair, a host:port in a name, the catalog.
  const query =
    `&scope=${encodeURIComponent(`repository:${own}:pull,push`)}` +
    `&scope=${encodeURIComponent(`repository:${other.name}/app:pull,push repository:127.0.0.1:5000/${user.name}/x:pull`)}` +
    `&scope=${encodeURIComponent('registry:catalog:*')}`;
  const { claims } = await registryToken(request, query, basicAuth(user.name, token));
  expect(claims).toMatchObject({ iss: 'berth', sub: user.name, aud: SERVICE });
  expect(claims.exp - claims.iat).toBe(300);
  expect(claims.nbf).toBeLessThanOrEqual(claims.iat);
  expect(claims.jti).toBeTruthy();
  // The user administers their own namespace, so the first push may create the repository.
  expect(claims.access).toEqual([
    { type: 'repository', name: own, actions: ['pull', 'push'] },
    { type: 'registry', name: 'catalog', actions: ['*'] },
  ]);
});

test('no credentials get an anonymous token; bad credentials get 401, never a token', async ({ request, user }) => {
  const { claims } = await registryToken(request, `&scope=${encodeURIComponent(`repository:${user.name}/private:pull`)}`);
  expect(claims.sub).toBe('');
  expect(claims.access).toEqual([]);

  for (const secret of ['wrong-password', 'brt_000000000000000000000000000000000000000000']) {
    const refused = await request.get(`/auth/token?service=${SERVICE}&scope=repository:${user.name}/x:pull`, {
      headers: basicAuth(user.name, secret),
    });
    expect(refused.status()).toBe(401);
    const body = (await refused.json()) as Record<string, unknown>;
    expect(body).not.toHaveProperty('token');
    expect(body).not.toHaveProperty('access_token');
  }
});

test('POST /auth/token answers the OAuth2 password grant', async ({ request, user }) => {
  const { token } = await tokenFor(request, user);
  const response = await request.post('/auth/token', {
    form: {
      grant_type: 'password',
      username: user.name,
      password: token,
      service: SERVICE,
      client_id: 'containerd',
      scope: `repository:${user.name}/app:pull,push`,
    },
  });
  expect(response.status(), await response.text()).toBe(200);
  const body = (await response.json()) as { access_token: string; scope: string; expires_in: number; issued_at: string };
  expect(body.scope).toBe(`repository:${user.name}/app:pull,push`);
  expect(body.expires_in).toBe(300);
  expect(claimsOf(body.access_token).sub).toBe(user.name);
  expect(body).not.toHaveProperty('refresh_token');

  const refused = await request.post('/auth/token', {
    form: { grant_type: 'password', username: user.name, password: 'wrong', service: SERVICE },
  });
  expect(refused.status()).toBe(401);
});

test('a JWT stops working once the token behind it is deactivated', async ({ api, request, user }) => {
  const { token, hashedToken } = await tokenFor(request, user);
  const { jwt } = await registryToken(request, '', basicAuth(user.name, token));
  const bearer = { Authorization: `Bearer ${jwt}` };
  expect((await request.get('/v2/', { headers: bearer })).status()).toBe(200);

  await api.setTokenActive(user, hashedToken, false);
  const deactivatedAt = Date.now();
  // The proxy re-checks the credential with at most one second of staleness.
  await expect.poll(async () => (await request.get('/v2/', { headers: bearer })).status(), { timeout: 3_000, intervals: [100] }).toBe(401);
  expect(Date.now() - deactivatedAt).toBeLessThan(2_000);
  const refused = await request.get('/v2/', { headers: bearer });
  await expectChallenge(refused);
  expect(refused.headers()['www-authenticate']).toContain('error="invalid_token"');
});

test('/v2/_catalog lists only what the caller may see, with n and last', async ({ api, request, user }) => {
  const other = await api.createUser({ prefix: 'other' });
  for (const name of ['b-repo', 'a-repo', 'c-repo']) {
    const created = await request.post(`/api/v0/repositories/${user.name}`, { headers: basicAuth(user.name, user.password), data: { name } });
    expect(created.status(), await created.text()).toBe(201);
  }
  const hidden = await request.post(`/api/v0/repositories/${other.name}`, { headers: basicAuth(other.name, other.password), data: { name: 'secret' } });
  expect(hidden.status()).toBe(201);

  const { jwt } = await registryToken(request, '&scope=registry:catalog:*', basicAuth(user.name, user.password));
  const first = await request.get('/v2/_catalog?n=2', { headers: { Authorization: `Bearer ${jwt}` } });
  expect(first.status()).toBe(200);
  const firstNames = ((await first.json()) as { repositories: string[] }).repositories;
  expect(first.headers()['link']).toContain('rel="next"');
  const all: string[] = [...firstNames];
  let last = firstNames[firstNames.length - 1];
  for (let i = 0; i < 500; i++) {
    const next = await request.get(`/v2/_catalog?n=2&last=${encodeURIComponent(last)}`, { headers: basicAuth(user.name, user.password) });
    const names = ((await next.json()) as { repositories: string[] }).repositories;
    all.push(...names);
    if (!next.headers()['link']) break;
    last = names[names.length - 1];
  }
  const mine = all.filter((n) => n.startsWith(`${user.name}/`));
  expect(mine).toEqual([`${user.name}/a-repo`, `${user.name}/b-repo`, `${user.name}/c-repo`]);
  expect(all).not.toContain(`${other.name}/secret`);

  // A JWT without the catalog scope is challenged for it.
  const { jwt: narrow } = await registryToken(request, '', basicAuth(user.name, user.password));
  const challenged = await request.get('/v2/_catalog', { headers: { Authorization: `Bearer ${narrow}` } });
  expect(challenged.status()).toBe(401);
  expect(challenged.headers()['www-authenticate']).toContain('scope="registry:catalog:*"');
});
