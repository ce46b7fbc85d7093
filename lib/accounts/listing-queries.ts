// The SQL of the console's Users and Organizations lists (decision 049): a name-prefix search and
// two orders, each read by an index of accounts (db/schema.ts), so a page costs what it shows.
import { and, asc, desc, eq, sql, type SQL } from 'drizzle-orm';
import { db } from '@/db';
import { accounts, orgMembers } from '@/db/schema';
import { DEFAULT_ACCOUNT_SORT, type AccountCursor, type AccountPageQuery } from '@/lib/accounts/listing';

// The highest code point: every text that starts with the prefix sorts below prefix || it, byte by byte.
const TOP = '\u{10FFFF}';

/**
 * Names or full names that start with `search`, any case. Spelled as ranges in the "C" collation, as
 * the prefix indexes are, so any database collation and a reused plan (parameters) keep the index.
 */
function prefixCondition(search: string): SQL {
  const name = sql`(${accounts.name} collate "C")`;
  const fullName = sql`(lower(${accounts.fullName}) collate "C")`;
  const from = sql`lower(${search})`;
  const to = sql`(lower(${search}) || ${TOP})`;
  return sql`((${name} >= ${from} and ${name} < ${to}) or (${fullName} >= ${from} and ${fullName} < ${to}))`;
}

function cursorCondition(after: AccountCursor): SQL {
  const beyond = after.order === 'desc' ? sql`<` : sql`>`;
  if (after.sort === 'name') return sql`${accounts.name} ${beyond} ${after.key}`;
  return sql`(${accounts.createdAt}, ${accounts.id}) ${beyond} (${after.key}::timestamptz, ${after.id}::uuid)`;
}

function conditions(query: AccountPageQuery): SQL[] {
  const where: SQL[] = [];
  if (query.search) where.push(prefixCondition(query.search));
  if (query.after) where.push(cursorCondition(query.after));
  return where;
}

function orderOf(query: AccountPageQuery): SQL[] {
  const { by, order } = query.sort ?? DEFAULT_ACCOUNT_SORT;
  const direction = order === 'desc' ? desc : asc;
  // Names are unique; creation times may tie, so the id orders those.
  return by === 'name' ? [direction(accounts.name)] : [direction(accounts.createdAt), direction(accounts.id)];
}

const withKey = { createdKey: sql<string>`${accounts.createdAt}::text` };

/** A page of users or of organizations, with each row's creation time as the database's text. */
export async function listAccountsPage(kind: 'users' | 'orgs', query: AccountPageQuery) {
  return db
    .select({ account: accounts, ...withKey })
    .from(accounts)
    .where(and(eq(accounts.isOrg, kind === 'orgs'), ...conditions(query)))
    .orderBy(...orderOf(query))
    .limit(query.limit);
}

export async function countAccountsMatching(kind: 'users' | 'orgs', search?: string): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(accounts)
    .where(and(eq(accounts.isOrg, kind === 'orgs'), search ? prefixCondition(search) : undefined));
  return row.n;
}

/** A page of the organizations a user belongs to, with whether they administer each. */
export async function listOrgsOfUserPage(userId: string, query: AccountPageQuery) {
  return db
    .select({ account: accounts, isAdmin: orgMembers.isAdmin, ...withKey })
    .from(orgMembers)
    .innerJoin(accounts, eq(accounts.id, orgMembers.orgId))
    .where(and(eq(orgMembers.userId, userId), ...conditions(query)))
    .orderBy(...orderOf(query))
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
