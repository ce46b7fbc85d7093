import { beforeAll, describe, expect, it } from 'vitest';
import type { Repository } from '@/db/schema';
import { createAccessToken } from '@/lib/access-tokens/lifecycle';
import { verifyCredentials } from '@/lib/auth/credentials';
import { ACCESS_LEVELS, effectiveAccess, type AccessLevel } from '@/lib/repositories/permissions';
import type { TokenScope } from '@/lib/access-tokens/format';
import { bearer, expectError, expectJson } from '../support/http';
import { createOrg, createTeam } from '../support/orgs';
import { createRepository } from '../support/repositories';
import { listedRepositories, repositoryApi } from '../support/repositories-api';
import { createUser, passwordAuth, signIn, type TestUser } from '../support/users';

// The permission matrix of SPEC 3: every way of getting access to a repository, with every kind of
// credential. A token's scope caps what its owner may do; no access stays no access.

const WHO = ['admin', 'owner', 'orgAdmin', 'teamReadOnly', 'teamReadWrite', 'teamAdmin', 'twoTeams', 'outsider', 'orgMember', 'otherTeam'] as const;
type Who = (typeof WHO)[number];
type Where = 'orgPrivate' | 'orgOther' | 'orgPublic' | 'userPrivate';

type Way = { way: string; who: Who; where: Where; level: AccessLevel | null };

const WAYS: Way[] = [
  { way: 'system admin, repository of an organization', who: 'admin', where: 'orgPrivate', level: 'admin' },
  { way: 'system admin, another user’s private repository', who: 'admin', where: 'userPrivate', level: 'admin' },
  { way: 'owner of the user namespace', who: 'owner', where: 'userPrivate', level: 'admin' },
  { way: 'org admin', who: 'orgAdmin', where: 'orgPrivate', level: 'admin' },
  { way: 'team with read-only', who: 'teamReadOnly', where: 'orgPrivate', level: 'read-only' },
  { way: 'team with read-write', who: 'teamReadWrite', where: 'orgPrivate', level: 'read-write' },
  { way: 'team with admin', who: 'teamAdmin', where: 'orgPrivate', level: 'admin' },
  { way: 'two teams, read-only and read-write: the best grant', who: 'twoTeams', where: 'orgPrivate', level: 'read-write' },
  { way: 'team with read-write on a public repository', who: 'teamReadWrite', where: 'orgPublic', level: 'read-write' },
  { way: 'public repository, no grant', who: 'outsider', where: 'orgPublic', level: 'read-only' },
  { way: 'none: private, no grant', who: 'outsider', where: 'orgPrivate', level: null },
  { way: 'none: member of the org in no team', who: 'orgMember', where: 'orgPrivate', level: null },
  { way: 'none: team grant on a different repository', who: 'otherTeam', where: 'orgPrivate', level: null },
  { way: 'none: another user’s private repository', who: 'outsider', where: 'userPrivate', level: null },
  { way: 'none: org admin, repository of another namespace', who: 'orgAdmin', where: 'userPrivate', level: null },
];

type Credential = 'password' | `${TokenScope} token`;
const CREDENTIALS: Credential[] = ['password', 'admin token', 'read-write token', 'read-only token'];

/** SPEC 3: min(level, scope); a password carries the user's full permissions. */
function capped(level: AccessLevel | null, credential: Credential): AccessLevel | null {
  if (level === null || credential === 'password') return level;
  const scope = credential.replace(' token', '') as TokenScope;
  return ACCESS_LEVELS[Math.min(ACCESS_LEVELS.indexOf(level), ACCESS_LEVELS.indexOf(scope))];
}

const MATRIX = WAYS.flatMap((w) => CREDENTIALS.map((credential) => ({ ...w, credential, expected: capped(w.level, credential) })));
const article = (credential: Credential) => (credential === 'admin token' ? 'an' : 'a');
const CASES = MATRIX.map((c) => [`${c.way}, with ${article(c.credential)} ${c.credential}: ${c.expected ?? 'no access'}`, c] as const);

type Fixture = {
  users: Record<Who, TestUser>;
  tokens: Record<Who, Record<TokenScope, string>>;
  repositories: Record<Where, Repository>;
};

let fixture: Fixture;

async function tokensOf(user: TestUser): Promise<Record<TokenScope, string>> {
  const creator = await signIn(user);
  const make = async (scope: TokenScope) =>
    (await createAccessToken(creator, { tokenLabel: `matrix ${scope}`, scope, username: user.name, userAgent: 'vitest' })).token;
  return { admin: await make('admin'), 'read-write': await make('read-write'), 'read-only': await make('read-only') };
}

beforeAll(async () => {
  const users = Object.fromEntries(
    await Promise.all(WHO.map(async (who) => [who, await createUser({ admin: who === 'admin', prefix: 'matrix' })] as const)),
  ) as Record<Who, TestUser>;
  const tokens = Object.fromEntries(
    await Promise.all(WHO.map(async (who) => [who, await tokensOf(users[who])] as const)),
  ) as Record<Who, Record<TokenScope, string>>;

  const org = await createOrg({ admins: [users.orgAdmin], members: [users.orgMember] });
  const repositories: Record<Where, Repository> = {
    orgPrivate: await createRepository(org, 'app'),
    orgOther: await createRepository(org, 'other'),
    orgPublic: await createRepository(org, 'pub-app', 'public'),
    userPrivate: await createRepository(users.owner.account, 'private-repo'),
  };

  await createTeam(org, { members: [users.teamReadOnly, users.twoTeams], grants: [[repositories.orgPrivate, 'read-only']] });
  await createTeam(org, {
    members: [users.teamReadWrite, users.twoTeams],
    grants: [
      [repositories.orgPrivate, 'read-write'],
      [repositories.orgPublic, 'read-write'],
    ],
  });
  await createTeam(org, { members: [users.teamAdmin], grants: [[repositories.orgPrivate, 'admin']] });
  await createTeam(org, { members: [users.otherTeam], grants: [[repositories.orgOther, 'read-write']] });

  fixture = { users, tokens, repositories };
});

/** The Authorization header and the username:secret pair of a credential. */
function credentialOf(who: Who, credential: Credential) {
  const user = fixture.users[who];
  if (credential === 'password') return { header: passwordAuth(user), secret: user.password };
  const token = fixture.tokens[who][credential.replace(' token', '') as TokenScope];
  return { header: bearer(token), secret: token };
}

describe(`permission matrix (${WAYS.length} ways × ${CREDENTIALS.length} credentials = ${MATRIX.length} cases)`, () => {
  it.each(CASES)('%s', async (_title, { who, where, credential, expected }) => {
    const user = fixture.users[who];
    const repository = fixture.repositories[where];
    const { header, secret } = credentialOf(who, credential);
    const fullName = `${repository.namespace}/${repository.name}`;

    // (a) the one function every route, page and the registry asks
    const verified = await verifyCredentials(user.name, secret, '127.0.0.1');
    if (!verified.ok) throw new Error(`credential of ${user.name} refused: ${verified.reason}`);
    expect(await effectiveAccess(verified.principal, repository.id)).toBe(expected);

    // (b) the repository list
    expect((await listedRepositories(header)).includes(fullName)).toBe(expected !== null);

    // (c) the repository itself: a repository the caller may not see does not exist for them
    const response = await repositoryApi.get(header, repository.namespace, repository.name);
    if (expected === null) {
      await expectError(response, 404, 'NO_SUCH_REPOSITORY');
    } else {
      expect(await expectJson(response)).toMatchObject({
        id: repository.id,
        namespace: repository.namespace,
        name: repository.name,
        visibility: repository.visibility,
      });
    }
  });
});
