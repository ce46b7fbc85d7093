// Shared by the bad-input suite (test/integration/bad-input*.test.ts): the inputs it feeds every
// route and action, the fixtures it aims them at, and the snapshot that proves nothing else changed.
import { asc, inArray, or } from 'drizzle-orm';
import { beforeAll, expect } from 'vitest';
import { db } from '@/db';
import { accessTokens, accounts, orgMembers, repositories, teamMembers, teamRepositoryAccess, teams, type Account, type Repository, type Team } from '@/db/schema';
import { hashToken } from '@/lib/access-tokens/format';
import { bearer } from './http';
import { createOrg, createTeam } from './orgs';
import { createRepository } from './repositories';
import { createToken } from './tokens';
import { createUser, uniqueName, type TestUser } from './users';

/** Bodies that are not JSON at all. An empty body counts as `{}`, so it is not among them. */
export const MALFORMED_JSON = [
  '{',
  '{"tokenLabel":',
  '{"a":1}}',
  "{'a':1}",
  '{a:1}',
  '{"a":1,}',
  '[1,2',
  'nul',
  'undefined',
  'NaN',
  '{"a":NaN}',
  '{"a":0x10}',
  '<xml/>',
  'tokenLabel=x',
  '\u0000',
  '"unterminated',
];

/** Well-formed JSON of the wrong shape for every body: the routes take an object. */
export const WRONG_BODIES: unknown[] = [null, [], [{}], 1, 0, -1.5, 'a string', true, false];

/** Values of every wrong type, for a field that wants a string (or a boolean). */
export const WRONG_TYPES: unknown[] = [1, 0, -1, 1.5, Number.MAX_SAFE_INTEGER + 2, true, false, null, [], ['a'], {}, { a: 1 }];

export const SQL_FRAGMENTS = ["'; drop table accounts; --", "' or 1=1 --", '" or ""="', "1; select pg_sleep(10); --", "admin'--", '%_\\'];

export const HTML_FRAGMENTS = ['<script>alert(1)</script>', '<img src=x onerror=alert(1)>', '"><svg/onload=alert(1)>', '{{7*7}} ${7*7} <%= 7*7 %>'];

/** Text a database must keep exactly: emoji, RTL with an override, combining marks, CJK, astral. */
export const UNICODE_TEXT = [
  '🚢📦 containers 🐳',
  '👩‍👩‍👧‍👦 family (ZWJ)',
  'مرحبا بالعالم',
  'abc\u202Egnp.exe (RTL override)',
  'e\u0301\u0301\u0301 Z̷̢͈̓a̶̱̎l̵̰̈g̸̙̈́o̴̝͒',
  '日本語のテキスト',
  '𝔘𝔫𝔦𝔠𝔬𝔡𝔢 𐍈',
  '\u200B\uFEFFzero width',
];

/** Control characters and broken UTF-16 in text that names or describes something. */
export const CONTROL_TEXT = ['nul\u0000byte', 'bell\u0007', 'escape\u001b[31mred', 'delete\u007f', 'lone \ud800 surrogate', 'lone \udfff low'];

/** Path traversal, as a path parameter arrives decoded (and as if it were not). */
export const TRAVERSAL = ['..', '.', '../', '../..', '../../etc/passwd', '%2e%2e%2f', '..%2f', 'a/b', 'a/../b', '/', '\\..\\', 'x\u0000y', ''];

export const LONG_TEXT = 'x'.repeat(10_000);

/** A JSON body past the 64 KiB limit. */
export const hugeBody = (field: string) => JSON.stringify({ [field]: 'y'.repeat(70_000) });

/** A body of 10 MiB sent without a length, 16 KiB of `char` at a time; `sent()` says how much was read. */
export function streamedBody(char: string) {
  const chunk = new TextEncoder().encode(char.repeat(16 * 1024));
  let sent = 0;
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (sent >= 10 * 1024 * 1024) return controller.close();
      sent += chunk.byteLength;
      controller.enqueue(chunk);
    },
  });
  return { body, sent: () => sent };
}

/**
 * A refusal: one of the expected statuses, never 500, always MSR's envelope `{"errors":[{"code","message"}]}`
 * (and a Basic challenge with a 401). Answers the error for further checks.
 */
export async function expectRefused(response: Response, statuses: number | number[], codes?: string | string[]) {
  const text = await response.text();
  const allowed = Array.isArray(statuses) ? statuses : [statuses];
  expect(allowed, `${response.status} ${text}`).toContain(response.status);
  expect(response.headers.get('content-type')).toMatch(/^application\/json/);
  const body = JSON.parse(text) as { errors: { code: string; message: string }[] };
  expect(body).toEqual({ errors: [{ code: expect.any(String), message: expect.any(String) }] });
  const [error] = body.errors;
  expect(error.message.length).toBeGreaterThan(0);
  // Nothing of the server's insides: no stack, no database error (the input itself may be echoed).
  expect(error.message).not.toMatch(/\n\s+at |\.(ts|js):\d+|syntax error at|violates .* constraint|duplicate key|invalid input syntax|relation "/i);
  if (codes) expect(Array.isArray(codes) ? codes : [codes]).toContain(error.code);
  if (response.status === 401) expect(response.headers.get('www-authenticate')).toBe('Basic realm="berth"');
  return error;
}

/**
 * The fixtures every bad request is aimed at: an admin, a user with a repository and a token, an
 * organization with a member, a team, a repository and a grant. Every credential is an admin-scope
 * token, whose use moves only its own last-used time.
 */
export type World = {
  admin: TestUser;
  owner: TestUser;
  member: TestUser;
  org: Account;
  team: Team;
  userRepo: Repository;
  orgRepo: Repository;
  /** A token of `owner` that no request authenticates with: the target of token routes. */
  target: { token: string; hashedToken: string };
  auth: { admin: string; owner: string; member: string };
  /** The credential tokens themselves, for Basic headers. */
  secrets: { admin: string; owner: string; member: string };
  /** Hashes of the tokens used as credentials. */
  credentials: string[];
};

async function createWorld(): Promise<World> {
  const [admin, owner, member] = await Promise.all([createUser({ admin: true, prefix: 'bad-admin' }), createUser({ prefix: 'bad-owner' }), createUser({ prefix: 'bad-member' })]);
  const org = await createOrg({ members: [member] });
  const userRepo = await createRepository(owner.account, uniqueName('repo'));
  const orgRepo = await createRepository(org, uniqueName('repo'), 'public');
  const team = await createTeam(org, { members: [member], grants: [[orgRepo, 'read-write']] });
  const target = await createToken(owner, { tokenLabel: 'target' });
  const [a, o, m] = await Promise.all([createToken(admin), createToken(owner), createToken(member)]);
  return {
    admin,
    owner,
    member,
    org,
    team,
    userRepo,
    orgRepo,
    target: { token: target.token, hashedToken: target.hashedToken },
    auth: { admin: bearer(a.token), owner: bearer(o.token), member: bearer(m.token) },
    secrets: { admin: a.token, owner: o.token, member: m.token },
    credentials: [a.token, o.token, m.token].map(hashToken),
  };
}

/**
 * Every row that belongs to the world's accounts, as the database has it now: accounts, tokens,
 * repositories, teams, memberships and grants. Credential tokens leave out their last-used time and
 * address, which using them is meant to change.
 */
async function snapshot(world: World) {
  const ids = [world.admin.account.id, world.owner.account.id, world.member.account.id, world.org.id];
  const teamIds = (await db.select({ id: teams.id }).from(teams).where(inArray(teams.orgId, ids))).map((t) => t.id);
  const tokenRows = await db.select().from(accessTokens).where(inArray(accessTokens.ownerId, ids)).orderBy(asc(accessTokens.id));
  return {
    accounts: await db.select().from(accounts).where(inArray(accounts.id, ids)).orderBy(asc(accounts.id)),
    tokens: tokenRows.map((t) => (world.credentials.includes(t.hashedToken) ? { ...t, lastUsed: null, lastUsedIp: null } : t)),
    repositories: await db.select().from(repositories).where(inArray(repositories.namespaceId, ids)).orderBy(asc(repositories.id)),
    teams: await db.select().from(teams).where(inArray(teams.orgId, ids)).orderBy(asc(teams.id)),
    orgMembers: await db
      .select()
      .from(orgMembers)
      .where(or(inArray(orgMembers.orgId, ids), inArray(orgMembers.userId, ids)))
      .orderBy(asc(orgMembers.orgId), asc(orgMembers.userId)),
    teamMembers: teamIds.length
      ? await db.select().from(teamMembers).where(inArray(teamMembers.teamId, teamIds)).orderBy(asc(teamMembers.teamId), asc(teamMembers.userId))
      : [],
    grants: teamIds.length
      ? await db
          .select()
          .from(teamRepositoryAccess)
          .where(inArray(teamRepositoryAccess.teamId, teamIds))
          .orderBy(asc(teamRepositoryAccess.teamId), asc(teamRepositoryAccess.repositoryId))
      : [],
  };
}
type Snapshot = Awaited<ReturnType<typeof snapshot>>;

const before = new WeakMap<World, Snapshot>();

/**
 * The world of a test file: made, and its rows taken, before the file's first test. The object is
 * filled in then, so the file's tables of cases may refer to it from the start, inside functions.
 */
export function useWorld(): World {
  const world = {} as World;
  beforeAll(async () => {
    Object.assign(world, await createWorld());
    before.set(world, await snapshot(world));
  });
  return world;
}

/** The world's rows are as they were before the file's first test, and it still has all of them. */
export async function expectUnchanged(world: World) {
  const rows = before.get(world);
  if (!rows) throw new Error('not a world of useWorld()');
  const after = await snapshot(world);
  expect(after.accounts).toHaveLength(4);
  expect(after.tokens).toHaveLength(4);
  expect(after.repositories).toHaveLength(2);
  expect(after.teams).toHaveLength(1);
  expect(after.grants).toHaveLength(1);
  expect(after).toEqual(rows);
}
