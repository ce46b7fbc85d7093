import { and, asc, eq, gt, or, sql } from 'drizzle-orm';
import { client, db, type Executor } from '@/db';
import { accounts, repositories, type NewRepository } from '@/db/schema';
import type { Principal } from '@/lib/credentials';
import { accessRankOf, accessRankSql, scopeRank } from '@/lib/permissions';

export type RepositoryCursor = { namespace: string; name: string };

const repositoryColumns = {
  id: repositories.id,
  namespaceId: repositories.namespaceId,
  namespace: repositories.namespace,
  namespaceIsOrg: accounts.isOrg,
  name: repositories.name,
  shortDescription: repositories.shortDescription,
  longDescription: repositories.longDescription,
  visibility: repositories.visibility,
  pulls: repositories.pulls,
  pushes: repositories.pushes,
};

export type RepositoryRow = { [K in keyof typeof repositoryColumns]: (typeof repositoryColumns)[K]['_']['data'] };

export type RepositoryFilter = { namespace?: string; search?: string };

/** A substring match for `ilike`, with its wildcards escaped. */
const searchPattern = (search: string) => `%${search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

function visibleTo(principal: Principal, filter: RepositoryFilter) {
  const pattern = filter.search ? searchPattern(filter.search) : undefined;
  return and(
    sql`${accessRankSql(principal)} > 0`,
    filter.namespace ? eq(repositories.namespace, filter.namespace) : undefined,
    pattern ? sql`(${repositories.namespace} || '/' || ${repositories.name}) ilike ${pattern}` : undefined,
  );
}

type ListShape = { isAdmin: boolean; namespace: boolean; search: boolean; after: boolean };

function prepareList(shape: ListShape) {
  const p = sql.placeholder;
  const fullName = sql`(${repositories.namespace} || '/' || ${repositories.name})`;
  const page = db
    .select(repositoryColumns)
    .from(repositories)
    .innerJoin(accounts, eq(accounts.id, repositories.namespaceId))
    .where(
      and(
        sql`${accessRankOf({ userId: p('userId'), isAdmin: shape.isAdmin, scopeRank: p('scopeRank') })} > 0`,
        shape.namespace ? eq(repositories.namespace, p('namespace')) : undefined,
        shape.search ? sql`${fullName} ilike ${p('pattern')}` : undefined,
        shape.after
          ? or(
              gt(repositories.namespace, p('afterNamespace')),
              and(eq(repositories.namespace, p('afterNamespace')), gt(repositories.name, p('afterName'))),
            )
          : undefined,
      ),
    )
    .orderBy(asc(repositories.namespace), asc(repositories.name))
    .limit(p('limit'))
    .as('page');
  const fields = (Object.keys(repositoryColumns) as (keyof typeof repositoryColumns)[]).map((key) => sql`${sql.raw(`'${key}'`)}, ${page[key]}`);
  return db
    .select({ rows: sql<RepositoryRow[]>`coalesce(json_agg(json_build_object(${sql.join(fields, sql`, `)}) order by ${page.namespace}, ${page.name}), '[]')` })
    .from(page)
    .prepare('list_repositories');
}

/** Built once per shape and database client; the query text and its plan are reused (decision 009). */
const preparedLists = new WeakMap<object, Map<string, ReturnType<typeof prepareList>>>();

/**
 * One query: the repositories the principal may see, in (namespace, name) order. Only its text is
 * reused: the user's grants are read by the database at every call.
 */
export async function listAccessibleRepositories(
  principal: Principal,
  opts: RepositoryFilter & { after?: RepositoryCursor; limit: number },
) {
  const shape: ListShape = { isAdmin: principal.user.isAdmin, namespace: !!opts.namespace, search: !!opts.search, after: !!opts.after };
  const key = `${+shape.isAdmin}${+shape.namespace}${+shape.search}${+shape.after}`;
  let lists = preparedLists.get(client());
  if (!lists) preparedLists.set(client(), (lists = new Map()));
  let list = lists.get(key);
  if (!list) lists.set(key, (list = prepareList(shape)));
  const [{ rows }] = await list.execute({
    userId: principal.user.id,
    scopeRank: scopeRank(principal),
    namespace: opts.namespace,
    pattern: opts.search && searchPattern(opts.search),
    afterNamespace: opts.after?.namespace,
    afterName: opts.after?.name,
    limit: opts.limit,
  });
  return rows;
}

export async function countAccessibleRepositories(principal: Principal, filter: RepositoryFilter = {}): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(repositories)
    .where(visibleTo(principal, filter));
  return row.n;
}

export async function insertRepository(values: NewRepository, executor: Executor = db) {
  const [row] = await executor.insert(repositories).values(values).returning();
  return row;
}

export async function findRepository(namespace: string, name: string): Promise<RepositoryRow | undefined> {
  const [row] = await db
    .select(repositoryColumns)
    .from(repositories)
    .innerJoin(accounts, eq(accounts.id, repositories.namespaceId))
    .where(and(eq(repositories.namespace, namespace), eq(repositories.name, name)));
  return row;
}

export async function updateRepository(
  id: string,
  values: Partial<Pick<NewRepository, 'shortDescription' | 'longDescription' | 'visibility'>>,
  executor: Executor = db,
) {
  if (Object.keys(values).length > 0) await executor.update(repositories).set(values).where(eq(repositories.id, id));
}

/** Team grants on the repository go with it (cascade). */
export async function deleteRepository(id: string, executor: Executor = db): Promise<boolean> {
  const rows = await executor.delete(repositories).where(eq(repositories.id, id)).returning({ id: repositories.id });
  return rows.length > 0;
}
