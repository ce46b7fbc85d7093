// SPEC 10, "Faults answer honestly": a write that loses a race with a deletion answers 404 (of the
// thing that went) or 409 CONFLICT, never a 500. Each write is sent at the same moment as the delete
// of what it refers to, many times over; both orders happen, and sometimes the write finds its row
// gone between reading it and writing next to it (a foreign key violation, 23503).
import { and, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import * as tokens from '@/app/api/v0/api_tokens/route';
import * as namespaceRepos from '@/app/api/v0/repositories/[namespace]/route';
import * as repository from '@/app/api/v0/repositories/[namespace]/[repo]/route';
import * as teamAccess from '@/app/api/v0/repositories/[namespace]/[repo]/teamAccess/[team]/route';
import * as account from '@/app/enzi/v0/accounts/[name]/route';
import * as orgMember from '@/app/enzi/v0/accounts/[name]/members/[member]/route';
import * as orgTeams from '@/app/enzi/v0/accounts/[name]/teams/route';
import * as team from '@/app/enzi/v0/accounts/[name]/teams/[team]/route';
import * as teamMember from '@/app/enzi/v0/accounts/[name]/teams/[team]/members/[member]/route';
import { db } from '@/db';
import { auditEvents } from '@/db/schema';
import { insertAccount } from '@/lib/accounts/queries';
import { call } from '../support/http';
import { createOrg, createTeam } from '../support/orgs';
import { createRepository } from '../support/repositories';
import { createToken } from '../support/tokens';
import { createUser, uniqueName } from '../support/users';

type AnyHandler = (request: Request, context: { params: Promise<Record<string, string>> }) => Promise<Response>;
const h = (handler: unknown) => handler as AnyHandler;

const ROUNDS = 50;

let admin: string;

beforeAll(async () => {
  const user = await createUser({ admin: true, prefix: 'race-admin' });
  admin = `Bearer ${(await createToken(user)).token}`;
});

/** A user the admin can act on, without a password to hash (these tests make hundreds). */
const targetUser = () => insertAccount({ name: uniqueName('race') });

type Call = { handler: AnyHandler; method: string; path: string; params: Record<string, string>; body?: unknown };

/** The status a request answered and, for an error, its code; the body must be MSR's envelope. */
async function outcome(response: Response): Promise<string> {
  if (response.status < 400) return String(response.status);
  const text = await response.text();
  const body = JSON.parse(text) as { errors: { code: string; message: string }[] };
  expect(body.errors, text).toHaveLength(1);
  return `${response.status} ${body.errors[0].code}`;
}

/**
 * Sends `write` and `remove` at once, `ROUNDS` times over fresh rows from `setup`. The write must
 * answer one of `writeMay` (its success, the 404 of what went, or 409), the delete its success, 404
 * or 409. Answers how often each write outcome came, for the record.
 */
async function race<T>(setup: () => Promise<T>, write: (t: T) => Call, remove: (t: T) => Call, writeMay: string[]) {
  const seen = new Map<string, number>();
  for (let round = 0; round < ROUNDS; round++) {
    const t = await setup();
    const [w, r] = [write(t), remove(t)];
    // Alternate who is sent first, so both orders get their chance.
    const send = (q: Call) => call(q.handler, q.method, q.path, { auth: admin, params: q.params, body: q.body });
    const [written, removed] = round % 2 ? await Promise.all([send(w), send(r)]) : (await Promise.all([send(r), send(w)])).reverse();
    const [wrote, deleted] = [await outcome(written), await outcome(removed)];
    expect(writeMay, `${w.method} ${w.path} in round ${round}`).toContain(wrote);
    // PostgreSQL may pick the delete as a deadlock's victim (40P01): 409, to be tried again.
    expect(deleted, `${r.method} ${r.path} in round ${round}`).toMatch(/^(20[04]|404 NO_SUCH_\w+|409 CONFLICT)$/);
    seen.set(wrote, (seen.get(wrote) ?? 0) + 1);
  }
  return seen;
}

const CONFLICT = '409 CONFLICT';

describe('a write racing the delete of what it names answers 404 or 409, never 500', () => {
  async function orgWithRepoAndTeam() {
    const org = await createOrg();
    const repo = await createRepository(org, uniqueName('repo'));
    const grantee = await createTeam(org);
    return { org, repo, grantee };
  }
  const setAccess = ({ org, repo, grantee }: Awaited<ReturnType<typeof orgWithRepoAndTeam>>): Call => ({
    handler: h(teamAccess.PUT),
    method: 'PUT',
    path: `/api/v0/repositories/${org.name}/${repo.name}/teamAccess/${grantee.name}`,
    params: { namespace: org.name, repo: repo.name, team: grantee.name },
    body: { accessLevel: 'read-write' },
  });

  it('team access set while the team is deleted', async () => {
    await race(
      orgWithRepoAndTeam,
      setAccess,
      ({ org, grantee }) => ({ handler: h(team.DELETE), method: 'DELETE', path: '/x', params: { name: org.name, team: grantee.name } }),
      ['200', '404 NO_SUCH_TEAM', CONFLICT],
    );
  });

  it('team access set while the repository is deleted', async () => {
    await race(
      orgWithRepoAndTeam,
      setAccess,
      ({ org, repo }) => ({ handler: h(repository.DELETE), method: 'DELETE', path: '/x', params: { namespace: org.name, repo: repo.name } }),
      ['200', '404 NO_SUCH_REPOSITORY', CONFLICT],
    );
  });

  it('team access set while the whole organization is deleted', async () => {
    await race(
      orgWithRepoAndTeam,
      setAccess,
      ({ org }) => ({ handler: h(account.DELETE), method: 'DELETE', path: '/x', params: { name: org.name } }),
      ['200', '404 NO_SUCH_REPOSITORY', '404 NO_SUCH_TEAM', CONFLICT],
    );
  });

  async function orgTeamAndUser() {
    const org = await createOrg();
    const grantee = await createTeam(org);
    return { org, grantee, user: await targetUser() };
  }
  const addMember = ({ org, grantee, user }: Awaited<ReturnType<typeof orgTeamAndUser>>): Call => ({
    handler: h(teamMember.PUT),
    method: 'PUT',
    path: '/x',
    params: { name: org.name, team: grantee.name, member: user.name },
  });

  it('a member added to a team while the team is deleted', async () => {
    await race(
      orgTeamAndUser,
      addMember,
      ({ org, grantee }) => ({ handler: h(team.DELETE), method: 'DELETE', path: '/x', params: { name: org.name, team: grantee.name } }),
      ['200', '404 NO_SUCH_TEAM', CONFLICT],
    );
  });

  it('a member added to a team while the user is deleted', async () => {
    await race(
      orgTeamAndUser,
      addMember,
      ({ user }) => ({ handler: h(account.DELETE), method: 'DELETE', path: '/x', params: { name: user.name } }),
      ['200', '404 NO_SUCH_USER', CONFLICT],
    );
  });

  it('a member set on an organization while the organization is deleted', async () => {
    await race(
      orgTeamAndUser,
      ({ org, user }) => ({ handler: h(orgMember.PUT), method: 'PUT', path: '/x', params: { name: org.name, member: user.name }, body: { isAdmin: true } }),
      ({ org }) => ({ handler: h(account.DELETE), method: 'DELETE', path: '/x', params: { name: org.name } }),
      ['200', '404 NO_SUCH_ACCOUNT', CONFLICT],
    );
  });

  it('a team created while its organization is deleted', async () => {
    await race(
      () => createOrg(),
      (org) => ({ handler: h(orgTeams.POST), method: 'POST', path: '/x', params: { name: org.name }, body: { name: 'builders' } }),
      (org) => ({ handler: h(account.DELETE), method: 'DELETE', path: '/x', params: { name: org.name } }),
      ['201', '404 NO_SUCH_ACCOUNT', CONFLICT],
    );
  });

  it('a repository created while its namespace is deleted', async () => {
    await race(
      targetUser,
      (user) => ({ handler: h(namespaceRepos.POST), method: 'POST', path: '/x', params: { namespace: user.name }, body: { name: 'app' } }),
      (user) => ({ handler: h(account.DELETE), method: 'DELETE', path: '/x', params: { name: user.name } }),
      ['201', '404 NO_SUCH_ACCOUNT', CONFLICT],
    );
  });

  it('a token created for a user who is being deleted', async () => {
    await race(
      targetUser,
      (user) => ({ handler: h(tokens.POST), method: 'POST', path: `/api/v0/api_tokens?username=${user.name}`, params: {}, body: { tokenLabel: 'race' } }),
      (user) => ({ handler: h(account.DELETE), method: 'DELETE', path: '/x', params: { name: user.name } }),
      ['200', '404 NO_SUCH_USER', CONFLICT],
    );
  });

  it('a team renamed while it is deleted: no team.updated event for a team that went', async () => {
    const renamed: string[] = [];
    const seen = await race(
      async () => {
        const org = await createOrg();
        return { org, grantee: await createTeam(org) };
      },
      ({ org, grantee }) => {
        renamed.push(`${org.name}/${grantee.name}`);
        return { handler: h(team.PATCH), method: 'PATCH', path: '/x', params: { name: org.name, team: grantee.name }, body: { name: uniqueName('renamed') } };
      },
      ({ org, grantee }) => ({ handler: h(team.DELETE), method: 'DELETE', path: '/x', params: { name: org.name, team: grantee.name } }),
      ['200', '404 NO_SUCH_TEAM', CONFLICT],
    );
    const updates = await Promise.all(renamed.map((target) => db.select().from(auditEvents).where(and(eq(auditEvents.action, 'team.updated'), eq(auditEvents.target, target)))));
    expect(updates.filter((rows) => rows.length > 0).length).toBe(seen.get('200') ?? 0);
  });

  it('a repository changed while it is deleted', async () => {
    await race(
      async () => {
        const owner = await targetUser();
        return { owner, repo: await createRepository(owner, uniqueName('repo')) };
      },
      ({ owner, repo }) => ({ handler: h(repository.PATCH), method: 'PATCH', path: '/x', params: { namespace: owner.name, repo: repo.name }, body: { shortDescription: 'changed' } }),
      ({ owner, repo }) => ({ handler: h(repository.DELETE), method: 'DELETE', path: '/x', params: { namespace: owner.name, repo: repo.name } }),
      ['200', '404 NO_SUCH_REPOSITORY', CONFLICT],
    );
  });

  it('an account changed while it is deleted', async () => {
    await race(
      targetUser,
      (user) => ({ handler: h(account.PATCH), method: 'PATCH', path: '/x', params: { name: user.name }, body: { fullName: 'Changed' } }),
      (user) => ({ handler: h(account.DELETE), method: 'DELETE', path: '/x', params: { name: user.name } }),
      ['200', '404 NO_SUCH_ACCOUNT', CONFLICT],
    );
  });
});
