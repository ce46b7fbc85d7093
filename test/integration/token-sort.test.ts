// Issue 17: the Access Tokens tab's order is the server's. Every sort and direction, paged two at a
// time through the cursors the tab puts in its address, holds the whole list in the order an oracle
// computes here, never-used and never-expiring tokens included, ties broken by id.
import { describe, expect, it } from 'vitest';
import { hashToken } from '@/lib/access-tokens/format';
import { listAccessTokens } from '@/lib/access-tokens/lifecycle';
import { TOKEN_SORT_KEYS, tokenCursorFor, type TokenSort } from '@/lib/access-tokens/sort';
import { cursorOrFirstPage, encodeCursor } from '@/lib/api/pagination';
import { walkKeyset } from '../support/keyset';
import { insertTokenRow } from '../support/tokens';
import { createUser, signIn } from '../support/users';

const DAY = 86_400_000;
const at = (days: number) => new Date(Date.UTC(2026, 5, 1) + days * DAY);

type Spec = { label: string; createdAt: Date; lastUsed?: Date; expiresAt?: Date };

// Mixed null and non-null last use and expiry, with ties in every key.
const SPECS: Spec[] = [
  { label: 'alpha', createdAt: at(0), lastUsed: at(5), expiresAt: at(30) },
  { label: 'bravo', createdAt: at(1) },
  { label: 'charlie', createdAt: at(1), lastUsed: at(5) },
  { label: 'delta', createdAt: at(2), expiresAt: at(30) },
  { label: 'echo', createdAt: at(3), lastUsed: at(9), expiresAt: at(10) },
  { label: 'foxtrot', createdAt: at(4) },
  { label: 'golf', createdAt: at(5), lastUsed: at(6), expiresAt: at(400) },
];

async function world() {
  const user = await createUser();
  const principal = await signIn(user);
  const rows = [];
  for (const spec of SPECS) {
    const secret = await insertTokenRow(user, { ...spec, tokenLabel: spec.label });
    rows.push({ ...spec, hashedToken: hashToken(secret) });
  }
  const listed = await listAccessTokens(principal, { username: user.name, limit: 100 });
  const idOf = new Map(listed.map((t) => [t.hashedToken, t.id]));
  const tokens = rows.map((r) => ({ ...r, id: idOf.get(r.hashedToken)! }));
  return { user, principal, tokens };
}

type Token = Awaited<ReturnType<typeof world>>['tokens'][number];

/** The oracle: the key as a number (never used: the earliest; never expiring: the latest), then the id. */
function oracle(tokens: Token[], sort: TokenSort): string[] {
  const key = (t: Token) =>
    sort.by === 'created' ? t.createdAt.getTime() : sort.by === 'lastUsed' ? (t.lastUsed?.getTime() ?? -Infinity) : (t.expiresAt?.getTime() ?? Infinity);
  const sign = sort.order === 'asc' ? 1 : -1;
  return [...tokens]
    .sort((a, b) => sign * (key(a) - key(b) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)))
    .map((t) => t.label);
}

/** Every page of two in `sort`, as the tab walks them. */
async function walk(w: Awaited<ReturnType<typeof world>>, sort: TokenSort, labelContains?: string) {
  const { rows, pages } = await walkKeyset(
    2,
    tokenCursorFor(sort),
    (after, limit) => listAccessTokens(w.principal, { username: w.user.name, after, limit, sort, filters: { labelContains } }),
    (t) => ({ sort: sort.by, order: sort.order, at: t.cursorAt, id: t.id }),
  );
  return { labels: rows.map((t) => t.tokenLabel), pages };
}

describe('the token list in every order, paged across never-used and never-expiring tokens', () => {
  it.each(TOKEN_SORT_KEYS.flatMap((by) => (['asc', 'desc'] as const).map((order) => ({ by, order }))))('$by $order', async (sort) => {
    const w = await world();
    const { labels, pages } = await walk(w, sort);
    expect(pages).toBe(4);
    expect(labels).toEqual(oracle(w.tokens, sort));
  });

  it('last used desc puts never-used tokens last, expires asc puts never-expiring ones last', async () => {
    const w = await world();
    const byUse = (await walk(w, { by: 'lastUsed', order: 'desc' })).labels;
    expect(byUse.slice(0, 2)).toEqual(['echo', 'golf']);
    expect(new Set(byUse.slice(2, 4))).toEqual(new Set(['alpha', 'charlie']));
    expect(new Set(byUse.slice(4))).toEqual(new Set(['bravo', 'delta', 'foxtrot']));
    const byExpiry = (await walk(w, { by: 'expires', order: 'asc' })).labels;
    expect(byExpiry[0]).toBe('echo');
    expect(byExpiry[3]).toBe('golf');
    expect(new Set(byExpiry.slice(4))).toEqual(new Set(['bravo', 'charlie', 'foxtrot']));
  });

  it('the search narrows the sorted list and the pages still hold it in order', async () => {
    const w = await world();
    // The search ignores case: "O" finds bravo, echo, foxtrot and golf.
    const sort: TokenSort = { by: 'expires', order: 'desc' };
    const { labels } = await walk(w, sort, 'O');
    expect(labels).toEqual(oracle(w.tokens.filter((t) => t.label.includes('o')), sort));
    expect(labels).toHaveLength(4);
  });

  it('a cursor of another sort or direction means the first page', async () => {
    const w = await world();
    const cursor = encodeCursor({ sort: 'created', order: 'desc', at: '2026-06-02 00:00:00+00', id: w.tokens[0].id });
    expect(cursorOrFirstPage(cursor, tokenCursorFor({ by: 'created', order: 'desc' }))).toBeDefined();
    expect(cursorOrFirstPage(cursor, tokenCursorFor({ by: 'created', order: 'asc' }))).toBeUndefined();
    expect(cursorOrFirstPage(cursor, tokenCursorFor({ by: 'lastUsed', order: 'desc' }))).toBeUndefined();
    // The sentinels of never are keys a cursor may carry; other words are not.
    const never = encodeCursor({ sort: 'lastUsed', order: 'desc', at: '-infinity', id: w.tokens[0].id });
    expect(cursorOrFirstPage(never, tokenCursorFor({ by: 'lastUsed', order: 'desc' }))).toBeDefined();
    const bogus = encodeCursor({ sort: 'lastUsed', order: 'desc', at: 'yesterday', id: w.tokens[0].id });
    expect(cursorOrFirstPage(bogus, tokenCursorFor({ by: 'lastUsed', order: 'desc' }))).toBeUndefined();
  });
});
