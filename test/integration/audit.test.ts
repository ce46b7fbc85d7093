import { describe, expect, it } from 'vitest';
import { GET as auditRoute } from '@/app/api/v0/audit/route';
import { changeOwnPassword } from '@/lib/accounts/password';
import { tokenEvents } from '@/lib/access-tokens/activity';
import { authenticateSecret } from '@/lib/auth/authenticate';
import { enzi } from '../support/accounts-api';
import { basic, call, expectError, expectJson } from '../support/http';
import { repositoryApi } from '../support/repositories-api';
import { createToken } from '../support/tokens';
import { tokenApi } from '../support/tokens-api';
import { createUser, passwordAuth, signIn, uniqueName, type TestUser } from '../support/users';

type Event = {
  id: string;
  at: string;
  action: string;
  actor: string | null;
  credential: string | null;
  targetType: string;
  target: string;
  ip: string | null;
  userAgent: string | null;
  details: Record<string, unknown>;
};

const IP = '198.51.100.7';
const headers = { 'x-berth-client-ip': IP, 'user-agent': 'audit-test/1.0' };

async function events(admin: TestUser, query: Record<string, string>): Promise<Event[]> {
  const qs = new URLSearchParams({ pageSize: '100', ...query });
  const body = await expectJson<{ events: Event[] }>(await call(auditRoute, 'GET', `/api/v0/audit?${qs}`, { auth: passwordAuth(admin) }));
  return body.events;
}

/** The actions recorded about `target`, oldest first. */
async function actionsOn(admin: TestUser, target: string) {
  return (await events(admin, { target })).reverse().map((e) => e.action);
}

describe('the audit log', () => {
  it('records a token’s whole life with the actor and the credential used, never the token', async () => {
    const admin = await createUser({ admin: true });
    const user = await createUser();
    const auth = passwordAuth(user);
    const created = await expectJson<{ token: string; hashedToken: string }>(await tokenApi.create(auth, { body: { tokenLabel: 'ci' }, headers }));
    const hint = `brt_…${created.token.slice(-4)}`;
    const { hashedToken } = created;
    // Two uses: one first use.
    for (let i = 0; i < 2; i++) expect((await repositoryApi.list(basic(user.name, created.token), '', headers)).status).toBe(200);
    await expectJson(await tokenApi.one('PATCH', auth, hashedToken, { tokenLabel: 'ci-2' }, headers));
    await expectJson(await tokenApi.one('PATCH', auth, hashedToken, { isActive: false }, headers));
    await expectJson(await tokenApi.one('PATCH', auth, hashedToken, { isActive: true }, headers));
    expect((await tokenApi.one('DELETE', auth, hashedToken, undefined, headers)).status).toBe(200);

    const recorded = (await events(admin, { target: hint })).reverse();
    expect(recorded.map((e) => e.action)).toEqual([
      'token.created',
      'token.first_used',
      'token.updated',
      'token.deactivated',
      'token.activated',
      'token.deleted',
    ]);
    for (const e of recorded) {
      expect(e).toMatchObject({ actor: user.name, targetType: 'token', target: hint, ip: IP, userAgent: 'audit-test/1.0' });
      expect(e.credential).toBe(e.action === 'token.first_used' ? hint : 'password');
      expect(JSON.stringify(e)).not.toContain(created.token);
    }
    expect(recorded[2].details).toMatchObject({ from: 'ci', to: 'ci-2' });
  });

  it('names the admin who made a token for someone else, and the owner in the details', async () => {
    const admin = await createUser({ admin: true });
    const user = await createUser();
    const { token } = await createToken(user, { by: admin });
    const [event] = await events(admin, { target: `brt_…${token.slice(-4)}`, action: 'token.created' });
    expect(event).toMatchObject({ actor: admin.name, credential: 'password', details: { owner: user.name } });
  });

  it('records web sign-ins, failures with the name sent, lockout, unlock and password change', async () => {
    const admin = await createUser({ admin: true });
    const user = await createUser();
    const request = { ip: IP, userAgent: 'browser' };
    expect((await authenticateSecret({ username: user.name, secret: user.password }, request, 'web')).ok).toBe(true);
    for (let i = 0; i < 5; i++) await authenticateSecret({ username: user.name, secret: `wrong-${i}` }, request, 'web');
    const stranger = uniqueName('nobody');
    await authenticateSecret({ username: stranger, secret: 'whatever-1' }, request, 'api');
    expect((await enzi.unlock(passwordAuth(admin), user.name)).status).toBe(204);
    await changeOwnPassword(await signIn(user), { currentPassword: user.password, newPassword: 'a-new-Passw0rd' });

    const about = (await events(admin, { target: user.name })).reverse();
    expect(about.map((e) => [e.action, e.actor])).toEqual([
      ['signin.succeeded', user.name],
      ...Array.from({ length: 4 }, () => ['signin.failed', user.name]),
      // The fifth failure locks the password, then is recorded as failed.
      ['user.locked', user.name],
      ['signin.failed', user.name],
      ['user.unlocked', admin.name],
      ['password.changed', user.name],
    ]);
    const [failure] = await events(admin, { actor: stranger });
    expect(failure).toMatchObject({ action: 'auth.failed', actor: stranger, credential: 'password', details: { channel: 'api', reason: 'invalid' } });
  });

  it('records account, membership, team and repository changes by their actor', async () => {
    const admin = await createUser({ admin: true });
    const auth = passwordAuth(admin);
    const org = uniqueName('org');
    const member = await createUser();
    const gone = uniqueName('gone');
    await expectJson(await enzi.createOrg(auth, org), 201);
    await expectJson(await enzi.createAccount(auth, { name: gone, password: 'gone-Passw0rd' }), 201);
    await expectJson(await enzi.patchAccount(auth, gone, { isActive: false }));
    expect((await enzi.deleteAccount(auth, gone)).status).toBe(204);
    await expectJson(await enzi.putMember(auth, org, member.name, { isAdmin: false }));
    await expectJson(await enzi.createTeam(auth, org, { name: 'ops' }), 201);
    await expectJson(await enzi.patchTeam(auth, org, 'ops', { description: 'on call' }));
    await expectJson(await enzi.putTeamMember(auth, org, 'ops', member.name));
    await expectJson(await repositoryApi.create(auth, org, { name: 'app' }), 201);
    await expectJson(await repositoryApi.patch(auth, org, 'app', { visibility: 'public' }));
    await expectJson(await repositoryApi.grant(auth, org, 'app', 'ops', { accessLevel: 'read-write' }));
    expect((await repositoryApi.revoke(auth, org, 'app', 'ops')).status).toBe(204);
    expect((await enzi.deleteTeamMember(auth, org, 'ops', member.name)).status).toBe(204);
    expect((await enzi.deleteTeam(auth, org, 'ops')).status).toBe(204);
    expect((await enzi.deleteMember(auth, org, member.name)).status).toBe(204);
    expect((await repositoryApi.delete(auth, org, 'app')).status).toBe(204);

    expect(await actionsOn(admin, gone)).toEqual(['account.created', 'account.updated', 'account.deleted']);
    expect(await actionsOn(admin, org)).toEqual(['account.created', 'org.member_set', 'org.member_removed']);
    expect(await actionsOn(admin, `${org}/ops`)).toEqual(['team.created', 'team.updated', 'team.member_added', 'team.member_removed', 'team.deleted']);
    expect(await actionsOn(admin, `${org}/app`)).toEqual([
      'repository.created',
      'repository.updated',
      'repository.team_access_set',
      'repository.team_access_removed',
      'repository.deleted',
    ]);
    const all = await events(admin, { actor: admin.name });
    expect(all.length).toBeGreaterThanOrEqual(16);
    for (const e of all) expect(e).toMatchObject({ actor: admin.name, credential: 'password' });
  });

  it('is for system admins only, pages newest first without repeats, and filters by action and time', async () => {
    const admin = await createUser({ admin: true });
    const user = await createUser();
    await expectError(await call(auditRoute, 'GET', '/api/v0/audit', { auth: passwordAuth(user) }), 403, 'NOT_AUTHORIZED');
    const { token: readOnly } = await createToken(admin, { scope: 'read-only' });
    await expectError(await call(auditRoute, 'GET', '/api/v0/audit', { auth: basic(admin.name, readOnly) }), 403, 'NOT_AUTHORIZED');

    for (let i = 0; i < 5; i++) await createToken(user, { tokenLabel: `t${i}` });
    const auth = passwordAuth(admin);
    const seen: Event[] = [];
    let pageStart: string | undefined;
    for (let i = 0; i < 10; i++) {
      const qs = new URLSearchParams({ actor: user.name, pageSize: '2', count: 'true', ...(pageStart && { pageStart }) });
      const response = await call(auditRoute, 'GET', `/api/v0/audit?${qs}`, { auth });
      expect(response.headers.get('x-resource-count')).toBe('5');
      seen.push(...(await expectJson<{ events: Event[] }>(response)).events);
      pageStart = response.headers.get('x-next-page-start') ?? undefined;
      if (!pageStart) break;
    }
    expect(seen.map((e) => e.details.tokenLabel)).toEqual(['t4', 't3', 't2', 't1', 't0']);
    expect(new Set(seen.map((e) => e.id)).size).toBe(5);

    const future = new Date(Date.now() + 60_000).toISOString();
    expect(await events(admin, { actor: user.name, since: future })).toEqual([]);
    expect((await events(admin, { actor: user.name, until: future, action: 'token.created' })).length).toBe(5);
    await expectError(await call(auditRoute, 'GET', '/api/v0/audit?action=token.exploded', { auth }), 400, 'INVALID_PARAMETERS');
  });

  it('shows a token’s own events to its owner, and nobody else’s', async () => {
    const owner = await createUser();
    const other = await createUser();
    const { hashedToken } = await createToken(owner);
    const mine = await tokenEvents(await signIn(owner), hashedToken);
    expect(mine.map((e) => e.action)).toEqual(['token.created']);
    await expect(tokenEvents(await signIn(other), hashedToken)).rejects.toMatchObject({ code: 'NO_SUCH_API_TOKEN' });
  });
});
