import { beforeAll, describe, expect, it } from 'vitest';
import type { Account, Repository } from '@/db/schema';
import type { TokenScope } from '@/lib/access-tokens/format';
import { insertAccount } from '@/lib/accounts/queries';
import type { Principal } from '@/lib/auth/principal';
import { allowedActions } from '@/lib/registry/scopes';
import { levelOf } from '@/lib/repositories/access-levels';
import { effectiveAccess } from '@/lib/repositories/permissions';
import { listCatalog, repositoryAccessByName } from '@/lib/repositories/registry-access';
import { countRepositories, listRepositories } from '@/lib/repositories/repositories';
import { againstStableOracle, oracleCatalog, oracleCount, oracleList, oracleRank } from '../support/access-oracle';
import { createTeam, joinOrg } from '../support/orgs';
import { createRepository } from '../support/repositories';
import { createUser, uniqueName, type TestUser } from '../support/users';

// Decision 020: the repository list, its count, the catalog and the single-repository checks, built
// from index-driven sources, answer exactly what the one access expression evaluated on every row
// answered (test/support/access-oracle.ts), for every way of having access and with paging.

const WHO = ['admin', 'owner', 'otherUser', 'orgAdmin', 'orgMember', 'teamReadOnly', 'teamReadWrite', 'teamAdmin', 'twoTeams', 'otherTeam', 'outsider'] as const;
type Who = (typeof WHO)[number];

const principal = (account: Account, scope: TokenScope): Principal => ({
  user: account,
  credential: { kind: 'password' },
  scope,
  request: { ip: '127.0.0.1', userAgent: 'vitest' },
});

let base: string;
let users: Record<Who, TestUser>;
let namespaces: string[];
let all: Repository[];

/** A user whose name is given: namespaces that are prefixes of each other order differently in the catalog. */
async function userNamed(name: string): Promise<TestUser> {
  const user = await createUser();
  return { ...user, account: await insertAccount({ name, isAdmin: false, passwordHash: user.account.passwordHash }), name };
}

beforeAll(async () => {
  base = uniqueName('vis');
  const [owner, otherUser, ...rest] = await Promise.all([userNamed(base), userNamed(`${base}-v`), ...WHO.slice(3).map(() => createUser())]);
  users = { admin: await createUser({ admin: true }), owner, otherUser, ...Object.fromEntries(WHO.slice(3).map((who, i) => [who, rest[i]])) } as Record<Who, TestUser>;
  const org = await insertAccount({ name: `${base}-o`, isOrg: true });
  const other = await insertAccount({ name: `${base}.p`, isOrg: true });
  await joinOrg(org, users.orgAdmin, { admin: true });
  for (const who of ['orgMember', 'teamReadOnly', 'teamReadWrite', 'teamAdmin', 'twoTeams', 'otherTeam'] as const) await joinOrg(org, users[who]);
  // In the second organization the org admin is a plain member, and a team member is its admin.
  await joinOrg(other, users.orgAdmin);
  await joinOrg(other, users.teamReadOnly, { admin: true });

  const make = async (ns: Account | TestUser['account'], n: number, publicEvery: number) => {
    const made = [];
    // Created out of order: the lists order by name, not by creation.
    for (const i of Array.from({ length: n }, (_, k) => (k * 7) % n)) {
      made[i] = await createRepository(ns, `r${i}-${base.slice(-4)}`, i % publicEvery === publicEvery - 1 ? 'public' : 'private');
    }
    return made as Repository[];
  };
  const own = await make(owner.account, 6, 3);
  const others = await make(otherUser.account, 4, 2);
  const o = await make(org, 12, 4);
  const p = await make(other, 5, 3);
  await createTeam(org, { members: [users.teamReadOnly, users.twoTeams], grants: [[o[0], 'read-only'], [o[1], 'read-only'], [o[2], 'read-only']] });
  await createTeam(org, { members: [users.teamReadWrite, users.twoTeams], grants: [[o[1], 'read-write'], [o[3], 'read-write'], [o[7], 'read-write']] });
  await createTeam(org, { members: [users.teamAdmin], grants: [[o[4], 'admin'], [o[5], 'read-only']] });
  await createTeam(org, { grants: [[o[6], 'admin']] }); // a team without members
  await createTeam(org, { members: [users.otherTeam], grants: [[o[8], 'read-only']] });
  await createTeam(other, { members: [users.twoTeams], grants: [[p[0], 'read-write'], [p[1], 'admin']] });
  namespaces = [owner.name, otherUser.name, org.name, other.name];
  all = [...own, ...others, ...o, ...p];
});

type Page = { rows: string[]; after?: { namespace: string; name: string } };

/** Walks the new list page by page and checks each page against the oracle's page with the same cursor. */
async function expectSameWalk(who: Principal, filter: { namespace?: string; search?: string }, pageSize: number) {
  let after: Page['after'];
  const seen: string[] = [];
  for (let pages = 0; pages < 100; pages++) {
    const rows = await listRepositories(who, { ...filter, after, limit: pageSize });
    const names = rows.map((r) => `${r.namespace}/${r.name}`);
    expect(names).toEqual(await oracleList(who, { ...filter, after, limit: pageSize }));
    seen.push(...names);
    if (rows.length < pageSize) return seen;
    after = { namespace: rows[rows.length - 1].namespace, name: rows[rows.length - 1].name };
  }
  throw new Error('more than 100 pages');
}

describe('the repository list against the old access expression', () => {
  it.each(WHO)('%s: every page of this file’s repositories, at page sizes 1, 4 and 100', async (who) => {
    const caller = principal(users[who].account, 'admin');
    const whole = await expectSameWalk(caller, { search: base }, 100);
    expect(await expectSameWalk(caller, { search: base }, 1)).toEqual(whole);
    expect(await expectSameWalk(caller, { search: base }, 4)).toEqual(whole);
    expect(await countRepositories(caller, { search: base })).toBe(await oracleCount(caller, { search: base }));
    // A credential's scope caps access, never visibility.
    expect(await expectSameWalk(principal(users[who].account, 'read-only'), { search: base }, 4)).toEqual(whole);
  });

  it.each(WHO)('%s: each namespace, paged by 3, and its count', async (who) => {
    const caller = principal(users[who].account, 'read-write');
    for (const namespace of namespaces) {
      await expectSameWalk(caller, { namespace }, 3);
      expect(await countRepositories(caller, { namespace })).toBe(await oracleCount(caller, { namespace }));
      await expectSameWalk(caller, { namespace, search: 'r1' }, 2);
    }
  });

  it('sees what the matrix says', async () => {
    const names = async (who: Who) => (await listRepositories(principal(users[who].account, 'admin'), { search: base, limit: 100 })).map((r) => `${r.namespace}/${r.name}`);
    const byKeys = (a: Repository, b: Repository) => (a.namespace === b.namespace ? (a.name < b.name ? -1 : 1) : a.namespace < b.namespace ? -1 : 1);
    const publicOnes = all.filter((r) => r.visibility === 'public').sort(byKeys).map((r) => `${r.namespace}/${r.name}`);
    expect(await names('admin')).toHaveLength(all.length);
    expect(await names('outsider')).toEqual(publicOnes);
    expect(await names('orgMember')).toEqual(await names('outsider'));
    expect((await names('orgAdmin')).filter((n) => n.startsWith(`${base}-o/`))).toHaveLength(12);
    expect((await names('teamReadOnly')).filter((n) => n.startsWith(`${base}.p/`))).toHaveLength(5);
    expect(await names('twoTeams')).toEqual(expect.arrayContaining([`${base}-o/r7-${base.slice(-4)}`, `${base}.p/r0-${base.slice(-4)}`]));
  });

  it.each(WHO)('%s: the first pages of everything the caller may see, and its count', async (who) => {
    const caller = principal(users[who].account, 'admin');
    const walk = async (list: typeof oracleList) => {
      const pages: string[][] = [];
      let after: Page['after'];
      for (let i = 0; i < 3; i++) {
        const rows = await list(caller, { after, limit: 5 });
        pages.push(rows);
        if (!rows.length) break;
        const [namespace, name] = rows[rows.length - 1].split('/');
        after = { namespace, name };
      }
      return pages;
    };
    const current: typeof oracleList = async (c, opts) => (await listRepositories(c, opts)).map((r) => `${r.namespace}/${r.name}`);
    const { expected, actual } = await againstStableOracle(() => walk(oracleList), () => walk(current));
    expect(actual).toEqual(expected);
    const counts = await againstStableOracle(() => oracleCount(caller), () => countRepositories(caller));
    expect(counts.actual).toBe(counts.expected);
  });
});

describe('the catalog against the old access expression', () => {
  // Starting at this file's shortest namespace covers the names that sort differently by bytes.
  const walk = (list: typeof oracleCatalog, caller: Principal | null, n: number) => async () => {
    const pages: string[][] = [];
    let last = base;
    for (let i = 0; i < Math.ceil(30 / n); i++) {
      const names = await list(caller, { last, limit: n });
      pages.push(names);
      if (!names.length) break;
      last = names[names.length - 1];
    }
    return pages;
  };

  it.each([...WHO, 'anonymous'] as const)('%s: pages of 1, 4 and 50 names', async (who) => {
    const caller = who === 'anonymous' ? null : principal(users[who].account, 'read-only');
    for (const n of [1, 4, 50]) {
      const { expected, actual } = await againstStableOracle(walk(oracleCatalog, caller, n), walk(listCatalog, caller, n));
      expect(actual).toEqual(expected);
    }
  });

  it('orders by bytes of the full name, not by namespace then name', async () => {
    const names = (await listCatalog(principal(users.admin.account, 'admin'), { last: base, limit: 27 })).filter((n) => n.startsWith(base));
    expect(names.map((n) => n.split('/')[0]).filter((ns, i, a) => a.indexOf(ns) === i)).toEqual([`${base}-o`, `${base}-v`, `${base}.p`, base]);
  });
});

describe('single-repository checks against the old access expression', () => {
  it.each(WHO)('%s: effective access and registry scopes on every repository, with every scope', async (who) => {
    for (const scope of ['admin', 'read-write', 'read-only'] as const) {
      const caller = principal(users[who].account, scope);
      for (const repository of all) {
        const expected = levelOf((await oracleRank(caller, repository.id)) ?? 0);
        expect(await effectiveAccess(caller, repository.id)).toBe(expected);
        const byName = await repositoryAccessByName(caller, { namespace: repository.namespace, name: repository.name });
        expect(byName.level).toBe(expected);
        expect(allowedActions(['pull', 'push', 'delete'], byName.level)).toEqual(allowedActions(['pull', 'push', 'delete'], expected));
      }
    }
  });

  it('anonymous: public repositories only', async () => {
    for (const repository of all) {
      const expected = levelOf((await oracleRank(null, repository.id)) ?? 0);
      expect(await effectiveAccess(null, repository.id)).toBe(expected);
      expect((await repositoryAccessByName(null, repository)).level).toBe(expected);
    }
  });
});
