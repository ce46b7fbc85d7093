// The bad-input suite, concurrent double deletes (issue 5, item 5): the same token, team, repository,
// account, team grant, org member and team member deleted twice at once. One request deletes, the
// other answers 404 (or succeeds again where the route is idempotent); never a 500, one audit event
// per deletion, and nothing else of the world goes.
import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import * as tokenById from '@/app/api/v0/api_tokens/[hashedToken]/route';
import * as repository from '@/app/api/v0/repositories/[namespace]/[repo]/route';
import * as teamAccess from '@/app/api/v0/repositories/[namespace]/[repo]/teamAccess/[team]/route';
import * as orgMember from '@/app/enzi/v0/accounts/[name]/members/[member]/route';
import * as account from '@/app/enzi/v0/accounts/[name]/route';
import * as teamMember from '@/app/enzi/v0/accounts/[name]/teams/[team]/members/[member]/route';
import * as team from '@/app/enzi/v0/accounts/[name]/teams/[team]/route';
import { db } from '@/db';
import { auditEvents, orgMembers, teamMembers, teamRepositoryAccess, type AuditEvent } from '@/db/schema';
import { tokenHint } from '@/lib/access-tokens/format';
import { expectRefused, expectUnchanged, useWorld } from '../support/bad-input';
import { call, handler, type AnyHandler } from '../support/http';
import { createOrg, createTeam, joinOrg } from '../support/orgs';
import { createRepository } from '../support/repositories';
import { createToken } from '../support/tokens';
import { createUser, uniqueName } from '../support/users';

const world = useWorld();

const ROUNDS = 3;

/** Sends the same DELETE twice at once; answers both responses, the deleting one first. */
async function deleteTwice(route: AnyHandler, path: string, params: Record<string, string>, auth = world.auth.admin) {
  const responses = await Promise.all([0, 1].map(() => call(route, 'DELETE', path, { auth, params })));
  return responses.sort((a, b) => a.status - b.status);
}

/** One success and one 404, or (for an idempotent route) two successes; the error in MSR's envelope. */
async function expectOneDeletion([first, second]: Response[], success: number, notFound: string) {
  expect(first.status, await first.clone().text()).toBe(success);
  if (second.status !== success) await expectRefused(second, 404, notFound);
}

async function eventsOf(action: AuditEvent['action'], target: string) {
  return db.select().from(auditEvents).where(and(eq(auditEvents.action, action), eq(auditEvents.target, target)));
}

describe('a double delete at once', () => {
  it('of a token: one 200, one 404, one token.deleted', async () => {
    for (let i = 0; i < ROUNDS; i++) {
      const user = await createUser({ prefix: 'twice' });
      const [credential, doomed] = [await createToken(user), await createToken(user)];
      const params = { hashedToken: doomed.hashedToken };
      const responses = await deleteTwice(handler(tokenById.DELETE), `/api/v0/api_tokens/${doomed.hashedToken}`, params, `Bearer ${credential.token}`);
      expect(responses.map((r) => r.status)).toEqual([200, 404]);
      await expectRefused(responses[1], 404, 'NO_SUCH_API_TOKEN');
      await expectRefused(await call(tokenById.GET, 'GET', '/api/v0/api_tokens/x', { auth: `Bearer ${credential.token}`, params }), 404, 'NO_SUCH_API_TOKEN');
      expect(await eventsOf('token.deleted', tokenHint(doomed.token))).toHaveLength(1);
    }
  });

  it('of a repository: deleted once, recorded once', async () => {
    for (let i = 0; i < ROUNDS; i++) {
      const user = await createUser({ prefix: 'twice' });
      const repo = await createRepository(user.account, uniqueName('doomed'));
      const params = { namespace: user.name, repo: repo.name };
      const responses = await deleteTwice(handler(repository.DELETE), `/api/v0/repositories/${user.name}/${repo.name}`, params);
      await expectOneDeletion(responses, 204, 'NO_SUCH_REPOSITORY');
      await expectRefused(await call(repository.GET, 'GET', '/x', { auth: world.auth.admin, params }), 404, 'NO_SUCH_REPOSITORY');
      expect(await eventsOf('repository.deleted', `${user.name}/${repo.name}`)).toHaveLength(1);
    }
  });

  it('of a team: deleted once, recorded once, its members and grants gone with it', async () => {
    for (let i = 0; i < ROUNDS; i++) {
      const org = await createOrg();
      const member = await createUser({ prefix: 'twice' });
      const repo = await createRepository(org, uniqueName('repo'));
      const doomed = await createTeam(org, { members: [member], grants: [[repo, 'admin']] });
      const params = { name: org.name, team: doomed.name };
      const responses = await deleteTwice(handler(team.DELETE), `/enzi/v0/accounts/${org.name}/teams/${doomed.name}`, params);
      await expectOneDeletion(responses, 204, 'NO_SUCH_TEAM');
      await expectRefused(await call(team.GET, 'GET', '/x', { auth: world.auth.admin, params }), 404, 'NO_SUCH_TEAM');
      expect(await db.select().from(teamMembers).where(eq(teamMembers.teamId, doomed.id))).toEqual([]);
      expect(await db.select().from(teamRepositoryAccess).where(eq(teamRepositoryAccess.teamId, doomed.id))).toEqual([]);
      expect(await eventsOf('team.deleted', `${org.name}/${doomed.name}`)).toHaveLength(1);
    }
  });

  it('of an account: deleted once, recorded once', async () => {
    for (let i = 0; i < ROUNDS; i++) {
      const doomed = await createUser({ prefix: 'twice' });
      await createToken(doomed);
      await createRepository(doomed.account, uniqueName('repo'));
      const params = { name: doomed.name };
      const responses = await deleteTwice(handler(account.DELETE), `/enzi/v0/accounts/${doomed.name}`, params);
      await expectOneDeletion(responses, 204, 'NO_SUCH_ACCOUNT');
      await expectRefused(await call(account.GET, 'GET', '/x', { auth: world.auth.admin, params }), 404, 'NO_SUCH_ACCOUNT');
      expect(await eventsOf('account.deleted', doomed.name)).toHaveLength(1);
    }
  });

  it('of a team’s access to a repository: revoked once, recorded once', async () => {
    for (let i = 0; i < ROUNDS; i++) {
      const org = await createOrg();
      const repo = await createRepository(org, uniqueName('repo'));
      const grantee = await createTeam(org, { grants: [[repo, 'read-write']] });
      const params = { namespace: org.name, repo: repo.name, team: grantee.name };
      const responses = await deleteTwice(handler(teamAccess.DELETE), `/api/v0/repositories/${org.name}/${repo.name}/teamAccess/${grantee.name}`, params);
      await expectOneDeletion(responses, 204, 'NO_SUCH_TEAM');
      expect(await db.select().from(teamRepositoryAccess).where(eq(teamRepositoryAccess.teamId, grantee.id))).toEqual([]);
      expect(await eventsOf('repository.team_access_removed', `${org.name}/${repo.name}`)).toHaveLength(1);
    }
  });

  it('of an organization member: removed once, recorded once', async () => {
    for (let i = 0; i < ROUNDS; i++) {
      const org = await createOrg();
      const member = await createUser({ prefix: 'twice' });
      await joinOrg(org, member);
      await createTeam(org, { members: [member] });
      const params = { name: org.name, member: member.name };
      const responses = await deleteTwice(handler(orgMember.DELETE), `/enzi/v0/accounts/${org.name}/members/${member.name}`, params);
      await expectOneDeletion(responses, 204, 'NO_SUCH_USER');
      expect(await db.select().from(orgMembers).where(eq(orgMembers.userId, member.account.id))).toEqual([]);
      expect(await db.select().from(teamMembers).where(eq(teamMembers.userId, member.account.id))).toEqual([]);
      expect(await eventsOf('org.member_removed', org.name)).toHaveLength(1);
    }
  });

  it('of a team member: removed once, recorded once', async () => {
    for (let i = 0; i < ROUNDS; i++) {
      const org = await createOrg();
      const member = await createUser({ prefix: 'twice' });
      const doomed = await createTeam(org, { members: [member] });
      const params = { name: org.name, team: doomed.name, member: member.name };
      const responses = await deleteTwice(handler(teamMember.DELETE), `/enzi/v0/accounts/${org.name}/teams/${doomed.name}/members/${member.name}`, params);
      await expectOneDeletion(responses, 204, 'NO_SUCH_USER');
      expect(await db.select().from(teamMembers).where(eq(teamMembers.teamId, doomed.id))).toEqual([]);
      expect(await eventsOf('team.member_removed', `${org.name}/${doomed.name}`)).toHaveLength(1);
    }
  });

  it('of the world’s own objects by a caller who may not, twice at once, deletes nothing', async () => {
    const attempts: [AnyHandler, Record<string, string>, string][] = [
      [handler(tokenById.DELETE), { hashedToken: world.target.hashedToken }, 'NO_SUCH_API_TOKEN'],
      [handler(repository.DELETE), { namespace: world.org.name, repo: world.orgRepo.name }, 'NOT_AUTHORIZED'],
      [handler(team.DELETE), { name: world.org.name, team: world.team.name }, 'NOT_AUTHORIZED'],
      [handler(account.DELETE), { name: world.owner.name }, 'NOT_AUTHORIZED'],
      [handler(teamAccess.DELETE), { namespace: world.org.name, repo: world.orgRepo.name, team: world.team.name }, 'NOT_AUTHORIZED'],
      [handler(orgMember.DELETE), { name: world.org.name, member: world.member.name }, 'NOT_AUTHORIZED'],
      [handler(teamMember.DELETE), { name: world.org.name, team: world.team.name, member: world.member.name }, 'NOT_AUTHORIZED'],
    ];
    for (const [route, params, code] of attempts) {
      const responses = await deleteTwice(route, '/x', params, world.auth.member);
      for (const response of responses) await expectRefused(response, [403, 404], code);
    }
  });
});

describe('the database after the double deletes', () => {
  it('still holds every row of the world, unchanged', async () => {
    await expectUnchanged(world);
  });
});
