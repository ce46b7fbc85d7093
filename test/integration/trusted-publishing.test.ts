// SPEC 12, keyless CI: a trust maps an OIDC issuer, audience and claim conditions to repositories, a
// scope and an account; an ID token from a real issuer on loopback (its discovery document and JWKS
// over HTTP, keys made per run) is exchanged for a 15-minute `brt_` token that pushes within the
// trust's repositories through the real registry and nowhere else. Nothing in verification is mocked.
import net, { type AddressInfo } from 'node:net';
import { beforeAll, describe, expect, it } from 'vitest';
import { GET as listRoute, POST as createRoute } from '@/app/api/v0/oidc_trusts/route';
import { DELETE as deleteRoute, GET as getRoute } from '@/app/api/v0/oidc_trusts/[id]/route';
import { POST as exchangeRoute } from '@/app/auth/oidc/token/route';
import { basic, call, expectError, expectJson } from '../support/http';
import { now, useTestIssuer } from '../support/oidc-issuer';
import { useRealRegistry } from '../support/real-registry';
import { createRepository } from '../support/repositories';
import { auditEvents, v2 } from '../support/rotation';
import { apiTokensOf, tokenApi } from '../support/tokens-api';
import { createUser, passwordAuth, type TestUser } from '../support/users';

const registry = useRealRegistry();
const issuer = useTestIssuer();
const strangerIssuer = useTestIssuer();

type Trust = { id: string; issuer: string; audience: string; conditions: Record<string, string>; repositories: string[]; scope: string; username: string; createdBy: string; createdAt: string };
type Exchanged = { token: string; username: string; expiresAt: string };

const createTrust = (auth: string, body: unknown) => call(createRoute, 'POST', '/api/v0/oidc_trusts', { auth, body });
const exchange = (token: unknown) => call(exchangeRoute, 'POST', '/auth/oidc/token', { body: { token } });

let owner: TestUser;
let stranger: TestUser;
let admin: TestUser;
let trust: Trust;

async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function refusedWith(idToken: string, reason: RegExp) {
  const before = (await auditEvents(passwordAuth(admin), '?action=oidc.refused&pageSize=100')).length;
  const answer = await exchange(idToken);
  const body = await expectJson<{ error: string; error_description: string }>(answer, 401);
  expect(body).not.toHaveProperty('token');
  expect(body.error_description).toMatch(reason);
  const events = await auditEvents(passwordAuth(admin), '?action=oidc.refused&pageSize=100');
  expect(events.length).toBe(before + 1);
  expect(events[0].details.reason).toMatch(reason);
}

beforeAll(async () => {
  owner = await createUser({ prefix: 'pub' });
  stranger = await createUser({ prefix: 'strg' });
  admin = await createUser({ admin: true, prefix: 'oidcadm' });
  await createRepository(owner.account, 'app');
  await createRepository(owner.account, 'other');
  trust = await expectJson<Trust>(
    await createTrust(passwordAuth(owner), {
      issuer: issuer.url,
      audience: 'berth',
      conditions: { repository: 'acme/app', ref: 'refs/heads/*' },
      repositories: [`${owner.name}/app`],
      scope: 'read-write',
    }),
  );
});

describe('trusts', () => {
  it('are registered by a namespace admin for their own namespace, in SPEC\'s shape', async () => {
    expect(trust).toEqual({
      id: expect.any(String),
      issuer: issuer.url,
      audience: 'berth',
      conditions: { repository: 'acme/app', ref: 'refs/heads/*' },
      repositories: [`${owner.name}/app`],
      scope: 'read-write',
      username: owner.name,
      createdBy: owner.name,
      createdAt: expect.any(String),
    });
    expect(await expectJson(await call(getRoute, 'GET', `/api/v0/oidc_trusts/${trust.id}`, { auth: passwordAuth(owner), params: { id: trust.id } }))).toEqual(trust);
  });

  it('are refused for a namespace the caller does not administer, or for another account', async () => {
    await expectError(await createTrust(passwordAuth(stranger), { issuer: issuer.url, audience: 'berth', repositories: [`${owner.name}/*`] }), 403, 'NOT_AUTHORIZED');
    await expectError(await createTrust(passwordAuth(stranger), { issuer: issuer.url, audience: 'berth', repositories: [`${stranger.name}/*`], username: owner.name }), 403, 'NOT_AUTHORIZED');
  });

  it.each([
    ['an http issuer that is not loopback', { issuer: 'http://ci.example.com' }],
    ['a malformed issuer', { issuer: 'not a url' }],
    ['an issuer with a query', { issuer: 'https://ci.example.com/?x=1' }],
    ['no repositories', { repositories: [] }],
    ['an unknown field', { extra: true }],
  ])('refuse %s with 400', async (_, change) => {
    await expectError(await createTrust(passwordAuth(owner), { issuer: 'https://token.actions.githubusercontent.com', audience: 'berth', repositories: [`${owner.name}/app`], ...change }), 400, 'INVALID_PARAMETERS');
  });

  it('are listed to those who may manage them, and to no one else', async () => {
    const list = async (u: TestUser) => (await expectJson<Trust[]>(await call(listRoute, 'GET', '/api/v0/oidc_trusts', { auth: passwordAuth(u) }))).map((t) => t.id);
    expect(await list(owner)).toContain(trust.id);
    expect(await list(admin)).toContain(trust.id);
    expect(await list(stranger)).not.toContain(trust.id);
    await expectError(await call(getRoute, 'GET', `/api/v0/oidc_trusts/${trust.id}`, { auth: passwordAuth(stranger), params: { id: trust.id } }), 404, 'NO_SUCH_TRUST');
    await expectError(await call(deleteRoute, 'DELETE', `/api/v0/oidc_trusts/${trust.id}`, { auth: passwordAuth(stranger), params: { id: trust.id } }), 404, 'NO_SUCH_TRUST');
  });
});

describe('the exchange', () => {
  it('answers a 15-minute token of the account that pushes within the trust and nowhere else, audited with issuer and subject', async () => {
    const answer = await expectJson<Exchanged>(await exchange(await issuer.sign()));
    expect(answer.username).toBe(owner.name);
    expect(answer.token).toMatch(/^brt_/);
    const minutes = (Date.parse(answer.expiresAt) - Date.now()) / 60_000;
    expect(minutes).toBeGreaterThan(14);
    expect(minutes).toBeLessThanOrEqual(15);

    const auth = basic(owner.name, answer.token);
    const push = async (repo: string) => {
      const got = await v2(registry.proxy, 'POST', `/v2/${repo}/blobs/uploads/`, auth);
      return got.body ? `${got.status} ${JSON.parse(got.body).errors?.[0]?.code ?? ''}`.trim() : `${got.status}`;
    };
    expect(await push(`${owner.name}/app`)).toBe('202');
    expect(await push(`${owner.name}/other`)).toBe('403 DENIED');
    // Confined: it manages no tokens, even its owner's.
    await expectError(await tokenApi.list(auth), 403, 'NOT_AUTHORIZED');

    const own = apiTokensOf(await expectJson(await tokenApi.list(passwordAuth(owner), '?pageSize=100')));
    const minted = own.find((t) => t.tokenLabel.startsWith('OIDC: '));
    expect(minted).toMatchObject({ tokenLabel: `OIDC: ${issuer.url} repo:acme/app:ref:refs/heads/main`, scope: 'read-write', repositories: [`${owner.name}/app`], expiresAt: answer.expiresAt });

    const [event] = await auditEvents(passwordAuth(admin), '?action=oidc.exchanged');
    expect(event.details).toMatchObject({ issuer: issuer.url, subject: 'repo:acme/app:ref:refs/heads/main', trustId: trust.id });
    expect(JSON.stringify(event)).not.toContain(answer.token);
  });

  it('matches a glob condition and refuses a claim that does not meet it', async () => {
    await expectJson(await exchange(await issuer.sign({ ref: 'refs/heads/release-1' })));
    await refusedWith(await issuer.sign({ ref: 'refs/tags/v1' }), /ref claim/);
    await refusedWith(await issuer.sign({ repository: 'evil/app' }), /repository claim/);
  });

  it('refuses a wrong audience, an expired token, one not yet valid and one issued in the future', async () => {
    await refusedWith(await issuer.sign({ aud: 'someone-else' }), /audience/);
    await refusedWith(await issuer.sign({ exp: now() - 120, iat: now() - 600, nbf: now() - 600 }), /expired/);
    await refusedWith(await issuer.sign({ nbf: now() + 600 }), /nbf/);
    await refusedWith(await issuer.sign({ iat: now() + 600 }), /iat|future/);
  });

  it('refuses another issuer, a bad signature and a key the issuer does not publish', async () => {
    await refusedWith(await strangerIssuer.sign(), /No trust/);
    // Claims the trusted issuer, signed with a key of the same id that it never published.
    await refusedWith(await issuer.sign({}, { key: await issuer.unpublishedKey('key-1') }), /signature/);
    await refusedWith(await issuer.sign({}, { key: await issuer.unpublishedKey('rotated-away') }), /key/);
    // The same claims, unsigned (`alg: none`).
    const unsigned = `${Buffer.from(JSON.stringify({ alg: 'none', kid: 'key-1' })).toString('base64url')}.${(await issuer.sign()).split('.')[1]}.`;
    await refusedWith(unsigned, /verify|signature|alg/i);
  });

  it('refuses while the issuer cannot be reached, and refuses garbage as invalid_request', async () => {
    const down = `http://127.0.0.1:${await closedPort()}`;
    await expectJson(await createTrust(passwordAuth(owner), { issuer: down, audience: 'berth', repositories: [`${owner.name}/app`] }));
    await refusedWith(await issuer.sign({ iss: down }), /could not be reached/);
    const garbage = await exchange('not-a-jwt');
    expect((await expectJson<{ error: string }>(garbage, 401)).error).toBe('invalid_request');
    expect((await expectJson<{ error: string }>(await call(exchangeRoute, 'POST', '/auth/oidc/token', { body: { tok: 1 } }), 400)).error).toBe('invalid_request');
  });

  it('stops once the trust is deleted', async () => {
    const extra = await expectJson<Trust>(await createTrust(passwordAuth(admin), { issuer: strangerIssuer.url, audience: 'berth', repositories: [`${owner.name}/app`], username: owner.name }));
    expect(extra.createdBy).toBe(admin.name);
    await expectJson(await exchange(await strangerIssuer.sign()));
    expect((await call(deleteRoute, 'DELETE', `/api/v0/oidc_trusts/${extra.id}`, { auth: passwordAuth(admin), params: { id: extra.id } })).status).toBe(200);
    await refusedWith(await strangerIssuer.sign(), /No trust/);
  });
});
