// The SQL of what a principal may see among many repositories: the repository list, its count and the
// registry's catalog (decision 020). Each is built from index-driven sources, so its cost follows the
// page asked for and the caller's own grants, never the number of repositories of the installation.
import { sql, type SQL } from 'drizzle-orm';
import { client, db } from '@/db';
import { restrictionValues } from '@/lib/access-tokens/restriction';
import type { Principal } from '@/lib/auth/principal';
import type { RepositoryCursor, RepositoryFilter, RepositoryRow } from '@/lib/repositories/queries';

/** An order that is unique per repository, and how many rows of it. */
type Head = { order: SQL; limit: unknown };

const headOf = (rows: SQL, head?: Head) => (head ? sql`${rows} order by ${head.order} limit ${head.limit}` : rows);

/**
 * Where a non-admin user's visible repositories come from (SPEC 3): their own namespace, the
 * organizations they administer, their teams' grants, and every public repository; a repository is
 * visible when any source has it, and may come from several. `where` filters a source's rows (alias
 * `r`); with `head`, each source is read in its order up to its limit, by an index (migration 0008),
 * and the heads of the sources together hold the head of the whole.
 */
function sources(userId: unknown, where: SQL, head?: Head): SQL {
  const top = (rows: SQL) => headOf(rows, head);
  const own = top(sql`select r.* from repositories r where r.namespace_id = ${userId} and ${where}`);
  const administered = top(
    sql`select r.* from org_members m cross join lateral (${top(sql`select r.* from repositories r where r.namespace_id = m.org_id and ${where}`)}) r
      where m.user_id = ${userId} and m.is_admin`,
  );
  const granted = top(sql`select r.* from team_members tm
      join team_repository_access g on g.team_id = tm.team_id
      join repositories r on r.id = g.repository_id
      where tm.user_id = ${userId} and ${where}`);
  const open = top(sql`select r.* from repositories r where r.visibility = 'public' and ${where}`);
  return sql`(${own}) union all (${administered}) union all (${granted}) union all (${open})`;
}


/**
 * The repositories (their rows, alias `r`) a system admin sees (all), a user sees, or (null) an
 * anonymous client sees (the public ones). With `head`, the first of them in its order, each once;
 * without, a user's may repeat (count distinct ids).
 */
function visible(user: { userId: unknown; isAdmin: boolean } | null, where: SQL, head?: Head): SQL {
  const top = (rows: SQL) => headOf(rows, head);
  if (user?.isAdmin) return top(sql`select r.* from repositories r where ${where}`);
  if (!user) return top(sql`select r.* from repositories r where r.visibility = 'public' and ${where}`);
  if (!head) return sources(user.userId, where);
  return top(sql`select distinct on (${head.order}) r.* from (${sources(user.userId, where, head)}) r`);
}

/** A substring match for `ilike`, with its wildcards escaped. */
const searchPattern = (search: string) => `%${search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

type ListShape = { isAdmin: boolean; namespace: boolean; search: boolean; after: boolean; restricted: boolean };

type FilterValues = { namespace: unknown; pattern: unknown; afterNamespace: unknown; afterName: unknown; names?: unknown; namespaces?: unknown };

/**
 * A source's conditions: the filters, the cursor, and a restricted token's repositories (SPEC 12:
 * names and `namespace/*` patterns, as JSON arrays), which narrow every source alike.
 */
function filterSql(shape: Omit<ListShape, 'isAdmin'>, values: FilterValues) {
  const parts = [sql`true`];
  if (shape.namespace) parts.push(sql`r.namespace = ${values.namespace}`);
  if (shape.search) parts.push(sql`(r.namespace || '/' || r.name) ilike ${values.pattern}`);
  if (shape.after) parts.push(sql`(r.namespace, r.name) > (${values.afterNamespace}, ${values.afterName})`);
  if (shape.restricted) {
    parts.push(sql`((r.namespace || '/' || r.name) in (select jsonb_array_elements_text(${values.names}::jsonb))
      or r.namespace in (select jsonb_array_elements_text(${values.namespaces}::jsonb)))`);
  }
  return sql.join(parts, sql` and `);
}

const rowFields: Record<keyof RepositoryRow, string> = {
  id: 'p.id',
  namespaceId: 'p.namespace_id',
  namespace: 'p.namespace',
  namespaceIsOrg: 'a.is_org',
  name: 'p.name',
  shortDescription: 'p.short_description',
  longDescription: 'p.long_description',
  visibility: 'p.visibility',
  pulls: 'p.pulls',
  pushes: 'p.pushes',
  immutableTags: 'p.immutable_tags',
  tagLimit: 'p.tag_limit',
};
const rowObject = sql.raw(`json_build_object(${Object.entries(rowFields).map(([key, column]) => `'${key}', ${column}`).join(', ')})`);

function prepareList(shape: ListShape) {
  const p = sql.placeholder;
  const where = filterSql(shape, {
    namespace: p('namespace'),
    pattern: p('pattern'),
    afterNamespace: p('afterNamespace'),
    afterName: p('afterName'),
    names: p('names'),
    namespaces: p('namespaces'),
  });
  const page = visible({ userId: p('userId'), isAdmin: shape.isAdmin }, where, { order: sql`r.namespace, r.name`, limit: p('limit') });
  return db
    .select({ rows: sql<RepositoryRow[]>`coalesce(json_agg(${rowObject} order by p.namespace, p.name), '[]')` })
    .from(sql`(${page}) p join accounts a on a.id = p.namespace_id`)
    .prepare('list_visible_repositories');
}

/** Built once per shape and database client; the query text and its plan are reused (decision 009). */
const preparedLists = new WeakMap<object, Map<string, ReturnType<typeof prepareList>>>();

/** What a page of repositories takes in memory, roughly: its descriptions and a little per row. */
const pageBytes = (rows: RepositoryRow[]) => rows.reduce((n, r) => n + 256 + 2 * (r.shortDescription.length + r.longDescription.length), 0);

/**
 * One query: a page of the repositories the principal may see, in (namespace, name) order. Only its
 * text is reused: the user's grants are read by the database at every call, except that on PGlite
 * the same page is answered from memory until anything is written (db/read-cache.ts).
 */
export async function listAccessibleRepositories(principal: Principal, opts: RepositoryFilter & { after?: RepositoryCursor; limit: number }): Promise<RepositoryRow[]> {
  const restriction = restrictionValues(principal);
  const shape: ListShape = { isAdmin: principal.user.isAdmin, namespace: !!opts.namespace, search: !!opts.search, after: !!opts.after, restricted: !!restriction };
  const key = `${+shape.isAdmin}${+shape.namespace}${+shape.search}${+shape.after}${+shape.restricted}`;
  const current = client();
  let lists = preparedLists.get(current);
  if (!lists) preparedLists.set(current, (lists = new Map()));
  let list = lists.get(key);
  if (!list) lists.set(key, (list = prepareList(shape)));
  const values = {
    userId: principal.user.id,
    namespace: opts.namespace,
    pattern: opts.search && searchPattern(opts.search),
    afterNamespace: opts.after?.namespace,
    afterName: opts.after?.name,
    limit: opts.limit,
    names: restriction?.names,
    namespaces: restriction?.namespaces,
  };
  const load = async () => {
    const [{ rows }] = await list.execute(values);
    Object.freeze(rows); // shared by every request it answers
    return rows;
  };
  return current.readCache ? current.readCache.read(`repositories|${key}|${JSON.stringify(values)}`, pageBytes, load) : load();
}

const asUser = (principal: Principal) => ({ userId: principal.user.id, isAdmin: principal.user.isAdmin });

export async function countAccessibleRepositories(principal: Principal, filter: RepositoryFilter = {}): Promise<number> {
  const restriction = restrictionValues(principal);
  const where = filterSql(
    { namespace: !!filter.namespace, search: !!filter.search, after: false, restricted: !!restriction },
    { namespace: filter.namespace, pattern: filter.search && searchPattern(filter.search), afterNamespace: undefined, afterName: undefined, ...restriction },
  );
  const [row] = await db.select({ n: sql<number>`count(distinct v.id)::int` }).from(sql`(${visible(asUser(principal), where)}) v`);
  return row.n;
}

// The registry orders its catalog by the full name, byte by byte (indexed in migration 0008).
const fullName = sql`((r.namespace || '/' || r.name) collate "C")`;

/** Full names of the repositories the principal may see, after `last`, in the registry's order. */
export async function listCatalog(principal: Principal | null, opts: { last?: string; limit: number }): Promise<string[]> {
  const restriction = principal ? restrictionValues(principal) : undefined;
  const after = opts.last ? sql`${fullName} > ${opts.last}` : sql`true`;
  const restricted = restriction
    ? filterSql({ namespace: false, search: false, after: false, restricted: true }, { namespace: undefined, pattern: undefined, afterNamespace: undefined, afterName: undefined, ...restriction })
    : sql`true`;
  const where = sql`${after} and ${restricted}`;
  const page = visible(principal && asUser(principal), where, { order: fullName, limit: opts.limit });
  const rows = await db
    .select({ name: sql<string>`v.full_name` })
    .from(sql`(select ${fullName} as full_name from (${page}) r) v`)
    .orderBy(sql`v.full_name`);
  return rows.map((r) => r.name);
}
