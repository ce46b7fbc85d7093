// SPEC 12, "Usage": a token's pulls, pushes, API calls, sign-ins and distinct addresses per day,
// counted in memory where each use is decided and flushed in batches that add up across instances.
import { describe, expect, it } from 'vitest';
import { GET as tokenService } from '@/app/auth/token/route';
import { sharedUsageCounter, stopTokenUsage, UsageCounter, utcDay } from '@/lib/access-tokens/usage-counter';
import { authenticateSecret } from '@/lib/auth/authenticate';
import { CLIENT_IP_HEADER } from '@/lib/request';
import { basic, bearer, call, expectError, expectJson } from '../support/http';
import { client, pullManifest, pushImage } from '../support/distribution';
import { useDockerRegistry } from '../support/real-registry';
import { useRegistryServer } from '../support/registry';
import { createToken, storedToken } from '../support/tokens';
import { tokenApi } from '../support/tokens-api';
import { storedToday, usageApi, usageToday } from '../support/usage';
import { createUser, passwordAuth } from '../support/users';

const distribution = useDockerRegistry();
const proxy = useRegistryServer(() => ({ upstreamUrl: distribution.url }));

const fromIp = (ip: string) => ({ [CLIENT_IP_HEADER]: ip });

describe('usage counts after a known mix of traffic', () => {
  it('counts manifest pulls and pushes through the real registry, API calls and sign-ins; a HEAD and a password are no token use', async () => {
    const user = await createUser();
    const created = await createToken(user);
    const other = await createToken(user);
    const auth = basic(user.name, created.token);
    const repository = `${user.name}/app`;

    // Two pushes (manifest PUTs; their blob uploads are no push) from one address.
    for (const tag of ['1', '2']) await pushImage(proxy.url, repository, tag, client(auth, '10.0.0.1'));
    // Three pulls and a HEAD from another; a pull with the other token is the other token's.
    for (let i = 0; i < 3; i++) await pullManifest(proxy.url, repository, '1', client(auth, '10.0.0.2'));
    await pullManifest(proxy.url, repository, '1', client(auth, '10.0.0.2'), 'HEAD');
    await pullManifest(proxy.url, repository, '2', client(basic(user.name, other.token), '10.0.0.9'));
    // Four API calls and one web sign-in from a third address; the password's calls count nothing.
    for (let i = 0; i < 4; i++) await expectJson(await tokenApi.list(auth, '', fromIp('10.0.0.3')));
    await expectJson(await tokenApi.list(passwordAuth(user), '', fromIp('10.0.0.4')));
    const signIn = await authenticateSecret({ username: user.name, secret: created.token }, { ip: '10.0.0.3', userAgent: 'vitest' }, 'web');
    expect(signIn.ok).toBe(true);

    const today = await usageToday(passwordAuth(user), created.hashedToken);
    expect(today).toEqual({ date: utcDay(Date.now()), pulls: 3, pushes: 2, apiCalls: 4, signIns: 1, ips: 3 });
    expect(await usageToday(passwordAuth(user), other.hashedToken)).toEqual({ date: today.date, pulls: 1, pushes: 0, apiCalls: 0, signIns: 0, ips: 1 });
  });

  it('a pull with a registry JWT minted from the token is the token’s, and the answer has every day, oldest first, and the last addresses', async () => {
    const user = await createUser();
    const created = await createToken(user);
    const auth = basic(user.name, created.token);
    await pushImage(proxy.url, `${user.name}/jwt`, 'v1', client(auth, '10.1.0.1'));
    const host = new URL(proxy.url).host;
    const scope = `repository:${user.name}/jwt:pull`;
    const issued = await call(tokenService, 'GET', `/auth/token?service=${host}&scope=${scope}`, { auth, headers: { host, ...fromIp('10.1.0.2') } });
    const { token: jwt } = await expectJson<{ token: string }>(issued);
    await pullManifest(proxy.url, `${user.name}/jwt`, 'v1', client(bearer(jwt), '10.1.0.3'));

    const body = await expectJson<{ days: { date: string; pulls: number }[]; lastUsedFrom: { ip: string }[] }>(
      await usageApi(passwordAuth(user), created.hashedToken, '?days=7'),
    );
    expect(body.days.map((d) => d.date)).toEqual(Array.from({ length: 7 }, (_, i) => utcDay(Date.now() - (6 - i) * 86_400_000)));
    expect(body.days[6]).toMatchObject({ pulls: 1, pushes: 1, ips: 3 });
    expect(body.days.slice(0, 6).every((d) => d.pulls === 0)).toBe(true);
    expect(body.lastUsedFrom.map((a) => a.ip).sort()).toEqual(['10.1.0.1', '10.1.0.2', '10.1.0.3']);
  });
});

describe('flushing', () => {
  it('nothing is written per use; stopping (the clean shutdown) writes what was counted', async () => {
    const user = await createUser();
    const created = await createToken(user);
    const { id } = await storedToken(created.token);
    const counter = new UsageCounter(3_600_000);
    for (let i = 0; i < 5; i++) counter.record(id, 'apiCalls', '10.2.0.1');
    expect(await storedToday(id)).toMatchObject({ apiCalls: 0, ips: 0 });
    await counter.stop();
    expect(await storedToday(id)).toMatchObject({ apiCalls: 5, ips: 1 });
    expect(counter.pending).toBe(0);
  });

  it('the server’s shutdown hook flushes the counter every route counts into', async () => {
    const user = await createUser();
    const created = await createToken(user);
    const { id } = await storedToken(created.token);
    for (let i = 0; i < 3; i++) await expectJson(await tokenApi.list(basic(user.name, created.token), '', fromIp('10.3.0.1')));
    await stopTokenUsage();
    expect(sharedUsageCounter().pending).toBe(0);
    expect(await storedToday(id)).toMatchObject({ apiCalls: 3, ips: 1 });
  });

  it('two instances flushing the same token and day at once add up; addresses are counted once', async () => {
    const user = await createUser();
    const { id } = await storedToken((await createToken(user)).token);
    const [a, b] = [new UsageCounter(3_600_000), new UsageCounter(3_600_000)];
    for (let i = 0; i < 4; i++) a.record(id, 'pulls', `10.4.0.${i % 2}`);
    for (let i = 0; i < 6; i++) b.record(id, 'pulls', `10.4.0.${i % 3}`);
    b.record(id, 'pushes', '10.4.0.9');
    await Promise.all([a.flush(), b.flush()]);
    a.record(id, 'pulls', '10.4.0.0');
    await a.flush();
    expect(await storedToday(id)).toEqual({ pulls: 11, pushes: 1, apiCalls: 0, signIns: 0, ips: 4 });
  });

  it('uses of a token deleted before the flush are dropped, and the rest of the batch is written', async () => {
    const user = await createUser();
    const [gone, kept] = await Promise.all([createToken(user), createToken(user)]);
    const [goneId, keptId] = [(await storedToken(gone.token)).id, (await storedToken(kept.token)).id];
    const counter = new UsageCounter(3_600_000);
    counter.record(goneId, 'pulls', '10.5.0.1');
    counter.record(keptId, 'pulls', '10.5.0.1');
    expect((await tokenApi.one('DELETE', passwordAuth(user), gone.hashedToken)).status).toBe(200);
    await counter.flush();
    expect(await storedToday(keptId)).toMatchObject({ pulls: 1 });
    expect(counter.pending).toBe(0);
  });
});

describe('who may read usage, and bad input', () => {
  it('the owner and an admin read it; another user gets 404; days outside 1–90 or not a number get 400', async () => {
    const [user, stranger, admin] = await Promise.all([createUser(), createUser(), createUser({ admin: true })]);
    const created = await createToken(user);
    await expectJson(await usageApi(passwordAuth(admin), created.hashedToken, '?days=90'));
    await expectError(await usageApi(passwordAuth(stranger), created.hashedToken), 404, 'NO_SUCH_API_TOKEN');
    await expectError(await usageApi(passwordAuth(user), 'f'.repeat(64)), 404, 'NO_SUCH_API_TOKEN');
    for (const days of ['0', '91', 'abc', '1.5', '-3', '', '1e1', '090']) {
      const response = await usageApi(passwordAuth(user), created.hashedToken, `?days=${days}`);
      expect(response.status, days).toBe(400);
      await expectError(response, 400, 'INVALID_PARAMETERS');
    }
    const body = await expectJson<{ days: unknown[] }>(await usageApi(passwordAuth(user), created.hashedToken));
    expect(body.days).toHaveLength(30);
    await expectError(await usageApi('', created.hashedToken), 401, 'NOT_AUTHENTICATED');
  });
});
