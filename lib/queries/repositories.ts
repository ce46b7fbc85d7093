import { and, asc, eq, gt, or, sql } from 'drizzle-orm';
import { db, type Executor } from '@/db';
import { accounts, repositories, type NewRepository } from '@/db/schema';
import type { Principal } from '@/lib/credentials';
import { accessRankSql } from '@/lib/permissions';

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

export type RepositoryRow = Awaited<ReturnType<typeof listAccessibleRepositories>>[number];

export type RepositoryFilter = { namespace?: string; search?: string };

function visibleTo(principal: Principal, filter: RepositoryFilter) {
  const pattern = filter.search ? `%${filter.search.replace(/[\\%_]/g, (c) => `\\${c}`)}%` : undefined;
  return and(
    sql`${accessRankSql(principal)} > 0`,
    filter.namespace ? eq(repositories.namespace, filter.namespace) : undefined,
    pattern ? sql`(${repositories.namespace} || '/' || ${repositories.name}) ilike ${pattern}` : undefined,
  );
}

/** One query: the repositories the principal may see, in (namespace, name) order. */
export async function listAccessibleRepositories(
  principal: Principal,
  opts: RepositoryFilter & { after?: RepositoryCursor; limit: number },
) {
  const after = opts.after
    ? or(
        gt(repositories.namespace, opts.after.namespace),
        and(eq(repositories.namespace, opts.after.namespace), gt(repositories.name, opts.after.name)),
      )
    : undefined;
  return db
    .select(repositoryColumns)
    .from(repositories)
    .innerJoin(accounts, eq(accounts.id, repositories.namespaceId))
    .where(and(visibleTo(principal, opts), after))
    .orderBy(asc(repositories.namespace), asc(repositories.name))
    .limit(opts.limit);
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
