import { and, asc, eq, gt, or, sql } from 'drizzle-orm';
import { db } from '@/db';
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

function visibleTo(principal: Principal, namespace?: string) {
  return and(
    sql`${accessRankSql(principal)} > 0`,
    namespace ? eq(repositories.namespace, namespace) : undefined,
  );
}

/** One query: the repositories the principal may see, in (namespace, name) order. */
export async function listAccessibleRepositories(
  principal: Principal,
  opts: { namespace?: string; after?: RepositoryCursor; limit: number },
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
    .where(and(visibleTo(principal, opts.namespace), after))
    .orderBy(asc(repositories.namespace), asc(repositories.name))
    .limit(opts.limit);
}

export async function countAccessibleRepositories(principal: Principal, namespace?: string): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(repositories)
    .where(visibleTo(principal, namespace));
  return row.n;
}

export async function insertRepository(values: NewRepository) {
  const [row] = await db.insert(repositories).values(values).returning();
  return row;
}
