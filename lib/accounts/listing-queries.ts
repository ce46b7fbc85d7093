// The SQL of the console's Users and Organizations lists (decision 049): a name-prefix search and
// two orders, each read by an index of accounts (db/schema.ts), so a page costs what it shows.
import { and, asc, desc, eq, getTableColumns, sql, type AnyColumn, type SQL } from 'drizzle-orm';
import { db } from '@/db';
import { accounts, orgMembers } from '@/db/schema';
import { DEFAULT_ACCOUNT_SORT, type AccountCursor, type AccountPageQuery } from '@/lib/accounts/listing';

// The highest code point: every text that starts with the prefix sorts below prefix || it, byte by byte.
const TOP = '\u{10FFFF}';

/**
 * Names or full names that start with `search`, in upper or lower case. Spelled as ranges in the "C" collation, as
 * the prefix indexes are, so every database collation and a reused plan (parameters) keep the index.
 */
function prefixCondition(search: string): SQL {
  const name = sql`(${accounts.name} collate "C")`;
  const fullName = sql`(lower(${accounts.fullName}) collate "C")`;
  const from = sql`lower(${search})`;
  const to = sql`(lower(${search}) || ${TOP})`;
  return sql`((${name} >= ${from} and ${name} < ${to}) or (${fullName} >= ${from} and ${fullName} < ${to}))`;
}

/** The columns a page is ordered and cut by: the table's, or those of a search's matches. */
type Keys = { name: AnyColumn; createdAt: AnyColumn; id: AnyColumn };

function cursorCondition(keys: Keys, after?: AccountCursor): SQL | undefined {
  if (!after) return undefined;
  const beyond = after.order === 'desc' ? sql`<` : sql`>`;
  if (after.sort === 'name') return sql`${keys.name} ${beyond} ${after.key}`;
  return sql`(${keys.createdAt}, ${keys.id}) ${beyond} (${after.key}::timestamptz, ${after.id}::uuid)`;
}

function orderOf(keys: Keys, query: AccountPageQuery): SQL[] {
  const { by, order } = query.sort ?? DEFAULT_ACCOUNT_SORT;
  const direction = order === 'desc' ? desc : asc;
  // Names are unique; creation times may tie, so the id orders those.
  return by === 'name' ? [direction(keys.name)] : [direction(keys.createdAt), direction(keys.id)];
}

const createdKey = sql<string>`${accounts.createdAt}::text`;

// A LIMIT no search reaches: a subquery with one is never merged into the query around it.
const FENCE = 2_147_483_647;

/**
 * The accounts of one kind a page is taken from: with a search, its matches, found by the prefix
 * indexes and fenced off from the ordered page query. Unfenced, a reused (generic) plan, blind to how
 * few rows a prefix holds, walks the whole name index to fill the page; fenced, only the matches are
 * read and sorted, as the count beside the page reads them anyway (decision 049).
 */
function accountsOf(kind: 'users' | 'orgs', search?: string) {
  const rows = db
    .select({ ...getTableColumns(accounts), createdKey: createdKey.as('created_key') })
    .from(accounts)
    .where(and(eq(accounts.isOrg, kind === 'orgs'), search ? prefixCondition(search) : undefined));
  return (search ? rows.limit(FENCE) : rows).as('listed');
}

/** A page of users or of organizations, with each row's creation time as the database's text. */
export async function listAccountsPage(kind: 'users' | 'orgs', query: AccountPageQuery) {
  const listed = accountsOf(kind, query.search);
  const rows = await db
    .select()
    .from(listed)
    .where(cursorCondition(listed, query.after))
    .orderBy(...orderOf(listed, query))
    .limit(query.limit);
  return rows.map(({ createdKey: key, ...account }) => ({ account, createdKey: key }));
}

export async function countAccountsMatching(kind: 'users' | 'orgs', search?: string): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(accounts)
    .where(and(eq(accounts.isOrg, kind === 'orgs'), search ? prefixCondition(search) : undefined));
  return row.n;
}

/** A page of the organizations a user belongs to (a few: no fence), with whether they administer each. */
export async function listOrgsOfUserPage(userId: string, query: AccountPageQuery) {
  return db
    .select({ account: accounts, isAdmin: orgMembers.isAdmin, createdKey })
    .from(orgMembers)
    .innerJoin(accounts, eq(accounts.id, orgMembers.orgId))
    .where(and(eq(orgMembers.userId, userId), query.search ? prefixCondition(query.search) : undefined, cursorCondition(accounts, query.after)))
    .orderBy(...orderOf(accounts, query))
    .limit(query.limit);
}

export async function countOrgsOfUser(userId: string, search?: string): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(orgMembers)
    .innerJoin(accounts, eq(accounts.id, orgMembers.orgId))
    .where(and(eq(orgMembers.userId, userId), search ? prefixCondition(search) : undefined));
  return row.n;
}
