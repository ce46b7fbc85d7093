import { describe, expect, it } from 'vitest';
import type { Account } from '@/db/schema';
import { insertAccount } from '@/lib/accounts/queries';
import { bearer, readPage, walkPages, withStart } from '../support/http';
import { createOrg, createTeam, joinOrg } from '../support/orgs';
import { createRepository } from '../support/repositories';
import { repositoriesOf, repositoryApi } from '../support/repositories-api';
import { createToken } from '../support/tokens';
import { createUser, uniqueName } from '../support/users';

const fullNames = (body: unknown) => repositoriesOf(body).map((r) => `${r.namespace}/${r.name}`);

/** A page of a namespace's repositories, as namespace/name. */
const namespacePage = async (authorization: string, namespace: string, query: string, pageStart?: string | null) =>
  readPage(await repositoryApi.listNamespace(authorization, namespace, withStart(`?${query}`, pageStart)), fullNames);

/** A page of `GET /api/v0/repositories`, as namespace/name. */
const globalPage = async (authorization: string, query: string, pageStart?: string | null) =>
  readPage(await repositoryApi.list(authorization, withStart(`?${query}`, pageStart)), fullNames);

/** `seen` comes in the same order as a fresh one-page listing of the same rows. */
function expectSameOrder(seen: string[], reference: string[]) {
  const positions = seen.map((name) => reference.indexOf(name));
  expect(positions.every((p) => p >= 0)).toBe(true);
  expect(positions).toEqual([...positions].sort((a, b) => a - b));
}

const padded = (i: number) => String(i).padStart(2, '0');

describe('paging of a namespace’s repositories', () => {
  it('gives 25 repositories as 10, 10 and 5 with X-Next-Page-Start and X-Resource-Count', async () => {
    const user = await createUser();
    const { token } = await createToken(user);
    const names = Array.from({ length: 25 }, (_, i) => `${user.name}/repo-${padded(i)}`);
    // Inserted out of order: the order of the list is by name, not by creation.
    for (const i of [7, 24, 0, 13, 3, 19, 11, 1, 22, 5, 16, 9, 20, 2, 14, 6, 23, 10, 18, 4, 15, 8, 21, 12, 17]) {
      await createRepository(user.account, `repo-${padded(i)}`, i % 3 === 0 ? 'public' : 'private');
    }

    const pages = await walkPages((start) => namespacePage(bearer(token), user.name, 'pageSize=10&count=true', start));
    expect(pages.map((p) => p.rows.length)).toEqual([10, 10, 5]);
    expect(pages.map((p) => p.next !== null)).toEqual([true, true, false]);
    expect(pages.map((p) => p.count)).toEqual(['25', '25', '25']);
    for (const { next } of pages.slice(0, 2)) expect(next).toMatch(/^[A-Za-z0-9_-]+={0,2}$/);
    expect(pages.flatMap((p) => p.rows)).toEqual(names);
  });

  it('defaults to pages of 10, counts only on request, and ends exactly at the last row', async () => {
    const user = await createUser();
    const { token } = await createToken(user);
    for (let i = 0; i < 25; i++) await createRepository(user.account, `img-${padded(i)}`);

    const first = await namespacePage(bearer(token), user.name, '');
    expect(first.rows).toHaveLength(10);
    expect(first.next).not.toBeNull();
    expect(first.count).toBeNull();

    const whole = await namespacePage(bearer(token), user.name, 'pageSize=25&count=true');
    expect(whole).toMatchObject({ next: null, count: '25' });
    expect(whole.rows).toHaveLength(25);

    const fives = await walkPages((start) => namespacePage(bearer(token), user.name, 'pageSize=5', start));
    expect(fives.map((p) => p.rows.length)).toEqual([5, 5, 5, 5, 5]);
    expect(fives.flatMap((p) => p.rows)).toEqual(whole.rows);
  });

  it('pages only what the caller may see: 25 of an organization’s 30 repositories', async () => {
    const org = await createOrg();
    const member = await createUser();
    const { token } = await createToken(member, { scope: 'read-only' });
    const granted = [];
    for (let i = 0; i < 30; i++) {
      const repository = await createRepository(org, `svc-${padded(i)}`);
      // Every sixth one is private and not granted to the member's team.
      if (i % 6 !== 5) granted.push(repository);
    }
    await createTeam(org, { members: [member], grants: granted.map((r) => [r, 'read-only'] as const) });

    const pages = await walkPages((start) => namespacePage(bearer(token), org.name, 'pageSize=10&count=true', start));
    expect(pages.map((p) => p.rows.length)).toEqual([10, 10, 5]);
    expect(pages.map((p) => p.next !== null)).toEqual([true, true, false]);
    expect(pages.map((p) => p.count)).toEqual(['25', '25', '25']);
    expect(pages.flatMap((p) => p.rows)).toEqual(granted.map((r) => `${org.name}/${r.name}`));
  });
});

describe('order and completeness while rows are added between pages', () => {
  it('lists every original repository of a namespace exactly once, in (name) order', async () => {
    const user = await createUser();
    const { token } = await createToken(user);
    const originals = Array.from({ length: 25 }, (_, i) => `m-${10 + 2 * i}`); // m-10, m-12 … m-58
    for (const name of originals) await createRepository(user.account, name);
    const added: string[] = [];
    const short = (full: string) => full.slice(user.name.length + 1);

    const pages = await walkPages(
      (start) => namespacePage(bearer(token), user.name, 'pageSize=10', start),
      async (page, index) => {
        // The page's last row is the cursor: add rows sorting first, just before it, just after it, and last.
        const cursor = Number(short(page.rows[page.rows.length - 1]).slice('m-'.length));
        for (const name of [`a-${index}`, `m-${cursor - 1}`, `m-${cursor + 1}`, `z-${index}`]) {
          if (added.includes(name) || originals.includes(name)) continue;
          await createRepository(user.account, name);
          added.push(name);
        }
      },
    );

    const seen = pages.flatMap((p) => p.rows).map(short);
    for (const name of originals) expect(seen.filter((s) => s === name), name).toHaveLength(1);
    expect(new Set(seen).size).toBe(seen.length);
    expect(added).toHaveLength(8);

    const everything = await namespacePage(bearer(token), user.name, 'pageSize=100');
    expect(everything.rows).toHaveLength(originals.length + added.length);
    expectSameOrder(seen, everything.rows.map(short));
  });

  it('lists every original repository of the global list exactly once, in (namespace, name) order', async () => {
    // Two namespaces whose names sort apart, with repository names that sort the other way round:
    // the order is by namespace first.
    const base = uniqueName('pg');
    const first = await insertAccount({ name: `${base}-a`, isOrg: true });
    const second = await insertAccount({ name: `${base}-b`, isOrg: true });
    const user = await createUser();
    await joinOrg(first, user, { admin: true });
    await joinOrg(second, user, { admin: true });
    const { token } = await createToken(user, { scope: 'read-only' });
    const originals: string[] = [];
    const make = async (namespace: Account, name: string) => {
      await createRepository(namespace, name);
      return `${namespace.name}/${name}`;
    };
    for (let i = 0; i < 12; i++) originals.push(await make(first, `y-${padded(i)}`));
    for (let i = 0; i < 12; i++) originals.push(await make(second, `b-${padded(i)}`));
    const ours = (name: string) => name.startsWith(`${base}-`);

    const added: string[] = [];
    const pages = await walkPages(
      (start) => globalPage(bearer(token), 'pageSize=10', start),
      async (_page, index) => {
        // Rows sorting before and after every original, in both namespaces.
        for (const [namespace, name] of [[first, `a-${index}`], [first, `z-${index}`], [second, `a-${index}`], [second, `z-${index}`]] as const) {
          added.push(await make(namespace, name));
        }
      },
    );

    const seen = pages.flatMap((p) => p.rows);
    // Other tests add public repositories meanwhile; nothing is ever listed twice.
    expect(new Set(seen).size).toBe(seen.length);
    for (const name of originals) expect(seen.filter((s) => s === name), name).toHaveLength(1);
    const seenOurs = seen.filter(ours);

    const everything = await walkPages((start) => globalPage(bearer(token), 'pageSize=100', start));
    expectSameOrder(seenOurs, everything.flatMap((p) => p.rows).filter(ours));
    // Every repository of the first namespace comes before every one of the second.
    const reference = everything.flatMap((p) => p.rows).filter(ours);
    const lastOfFirst = Math.max(...reference.map((n, i) => (n.startsWith(`${first.name}/`) ? i : -1)));
    const firstOfSecond = reference.findIndex((n) => n.startsWith(`${second.name}/`));
    expect(lastOfFirst).toBeLessThan(firstOfSecond);
    expect(reference).toHaveLength(originals.length + added.length);
  });
});
