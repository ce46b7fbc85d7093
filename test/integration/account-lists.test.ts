// Issue 17: the console's Users and Organizations lists: a name-prefix search over the username (or
// organization name) and the full name, in upper or lower case, and the orders of their headers, paged two at a
// time through the cursors the pages put in their addresses, each in the order an oracle computes.
import { describe, expect, it } from 'vitest';
import type { Account } from '@/db/schema';
import { countUsersForAdmin, listUsersForAdmin } from '@/lib/accounts/accounts';
import { accountCursorFor, accountCursorOf, type AccountCursor, type AccountSort } from '@/lib/accounts/listing';
import { countOrganizationsOf, listOrganizationsOf } from '@/lib/accounts/organizations';
import { insertAccount, upsertOrgMember } from '@/lib/accounts/queries';
import { cursorOrFirstPage, encodeCursor } from '@/lib/api/pagination';
import { walkKeyset } from '../support/keyset';
import type { Principal } from '@/lib/auth/principal';
import { createUser, signIn, uniqueName } from '../support/users';

const DAY = 86_400_000;
const at = (days: number) => new Date(Date.UTC(2026, 2, 1) + days * DAY);
const SORTS: AccountSort[] = [
  { by: 'name', order: 'asc' },
  { by: 'name', order: 'desc' },
  { by: 'created', order: 'asc' },
  { by: 'created', order: 'desc' },
];

/** Seven users whose names start with one prefix, with two creation times shared, and full names of another. */
async function users() {
  const prefix = uniqueName('lst');
  const tag = `Zq${prefix.slice(-8)}`;
  const made: Account[] = [];
  const suffixes = ['d', 'a', 'g', 'c', 'f', 'b', 'e'];
  for (const [i, suffix] of suffixes.entries()) {
    made.push(await insertAccount({ name: `${prefix}${suffix}`, fullName: i % 2 ? `${tag} Person ${suffix}` : `Other ${suffix}`, createdAt: at(Math.floor(i / 2)) }));
  }
  return { prefix, tag, made };
}

function oracle(accounts: Account[], sort: AccountSort): string[] {
  const sign = sort.order === 'asc' ? 1 : -1;
  const byId = (a: Account, b: Account) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
  return [...accounts]
    .sort((a, b) => sign * (sort.by === 'name' ? (a.name < b.name ? -1 : 1) : a.createdAt.getTime() - b.createdAt.getTime() || byId(a, b)))
    .map((a) => a.name);
}

/** Every page of two, as the page walks them: the names in the order shown. */
async function walk<Row>(sort: AccountSort, fetch: (after: AccountCursor | undefined, limit: number) => Promise<Row[]>, keyOf: (row: Row) => { name: string; createdKey: string; id: string }) {
  const { rows } = await walkKeyset(2, accountCursorFor(sort), fetch, (row) => accountCursorOf(sort, keyOf(row)));
  return rows.map((r) => keyOf(r).name);
}

const walkUsers = (admin: Principal, sort: AccountSort, search: string) =>
  walk(sort, (after, limit) => listUsersForAdmin(admin, { search, sort, after, limit }), (u) => u);

describe('the Users list', () => {
  it.each(SORTS)('searched by a name prefix, in $by $order, across pages of two', async (sort) => {
    const admin = await signIn(await createUser({ admin: true }));
    const { prefix, made } = await users();
    expect(await walkUsers(admin, sort, prefix)).toEqual(oracle(made, sort));
    expect(await countUsersForAdmin(admin, prefix)).toBe(7);
  });

  it('the search finds the start of a full name in upper or lower case, not the middle of a name', async () => {
    const admin = await signIn(await createUser({ admin: true }));
    const { prefix, tag, made } = await users();
    const byFullName = made.filter((a) => a.fullName.startsWith(tag));
    const sort: AccountSort = { by: 'name', order: 'desc' };
    expect(await walkUsers(admin, sort, tag.toUpperCase())).toEqual(oracle(byFullName, sort));
    expect(await countUsersForAdmin(admin, tag.toLowerCase())).toBe(3);
    expect(await walkUsers(admin, sort, prefix.slice(1))).toEqual([]);
    expect(await walkUsers(admin, sort, `${prefix}a`)).toEqual([`${prefix}a`]);
    // LIKE's wildcards are plain characters in a prefix range: `<prefix>%` and `<prefix>_` find none
    // of the users whose names go on after the prefix (other files' users may start with either).
    expect(await countUsersForAdmin(admin, `${prefix}%`)).toBe(0);
    expect(await countUsersForAdmin(admin, `${prefix}_`)).toBe(0);
  });

  it('organizations are not users, and a cursor of another order means the first page', async () => {
    const admin = await signIn(await createUser({ admin: true }));
    const { prefix, made } = await users();
    await insertAccount({ name: `${prefix}org`, isOrg: true });
    expect(await countUsersForAdmin(admin, prefix)).toBe(7);
    const cursor = encodeCursor({ sort: 'name', order: 'asc', key: made[0].name, id: made[0].id });
    expect(cursorOrFirstPage(cursor, accountCursorFor({ by: 'name', order: 'asc' }))).toBeDefined();
    expect(cursorOrFirstPage(cursor, accountCursorFor({ by: 'name', order: 'desc' }))).toBeUndefined();
    expect(cursorOrFirstPage(cursor, accountCursorFor({ by: 'created', order: 'asc' }))).toBeUndefined();
  });

  it('a user who is not an admin cannot list users', async () => {
    const user = await signIn(await createUser());
    await expect(listUsersForAdmin(user, { limit: 10 })).rejects.toMatchObject({ status: 403 });
  });
});

describe('the Organizations list', () => {
  async function orgs() {
    const prefix = uniqueName('lso');
    const made: Account[] = [];
    for (const suffix of ['c', 'a', 'e', 'b', 'd']) made.push(await insertAccount({ name: `${prefix}${suffix}`, fullName: `Team ${suffix}`, isOrg: true }));
    return { prefix, made };
  }

  it('a member sees only their organizations, searched and in both name orders, paged', async () => {
    const { prefix, made } = await orgs();
    const member = await createUser();
    const theirs = made.filter((_, i) => i !== 2);
    for (const org of theirs) await upsertOrgMember(org.id, member.account.id, org.name.endsWith('a'));
    const principal = await signIn(member);
    for (const sort of SORTS.slice(0, 2)) {
      const names = await walk(sort, (after, limit) => listOrganizationsOf(principal, { search: prefix, sort, after, limit }), (o) => ({ ...o.org, createdKey: o.createdKey }));
      expect(names).toEqual(oracle(theirs, sort));
    }
    expect(await countOrganizationsOf(principal, prefix)).toBe(4);
    expect(await countOrganizationsOf(principal, `${prefix}e`)).toBe(0);
    const [first] = await listOrganizationsOf(principal, { search: `${prefix}a`, limit: 5 });
    expect(first.isAdmin).toBe(true);
  });

  it('a system admin sees every organization, no user among them', async () => {
    const { prefix, made } = await orgs();
    const admin = await signIn(await createUser({ admin: true }));
    await insertAccount({ name: `${prefix}user` });
    const sort: AccountSort = { by: 'name', order: 'desc' };
    const names = await walk(sort, (after, limit) => listOrganizationsOf(admin, { search: prefix, sort, after, limit }), (o) => ({ ...o.org, createdKey: o.createdKey }));
    expect(names).toEqual(oracle(made, sort));
    expect(await countOrganizationsOf(admin, prefix)).toBe(5);
  });
});
