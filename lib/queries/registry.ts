import { and, asc, eq, gt, sql } from 'drizzle-orm';
import { db, type Executor } from '@/db';
import { repositories, type Account } from '@/db/schema';
import type { Principal } from '@/lib/credentials';
import { accessRankSql } from '@/lib/permissions';

/** A repository by its registry name, with the principal's access rank (0 none … 3 admin) in the same query. */
export async function findRepositoryWithAccess(principal: Principal | null, namespace: string, name: string) {
  const [row] = await db
    .select({ id: repositories.id, visibility: repositories.visibility, rank: accessRankSql(principal) })
    .from(repositories)
    .where(and(eq(repositories.namespace, namespace), eq(repositories.name, name)))
    .limit(1);
  return row ? { ...row, rank: Number(row.rank) } : undefined;
}

/** Creates a private repository for a first push; a concurrent first push finds the same row. */
export async function ensureRepository(
  namespace: Pick<Account, 'id' | 'name'>,
  name: string,
  executor: Executor = db,
): Promise<{ id: string; created: boolean }> {
  const [created] = await executor
    .insert(repositories)
    .values({ namespaceId: namespace.id, namespace: namespace.name, name, visibility: 'private' })
    .onConflictDoNothing()
    .returning({ id: repositories.id });
  if (created) return { id: created.id, created: true };
  const [existing] = await executor
    .select({ id: repositories.id })
    .from(repositories)
    .where(and(eq(repositories.namespace, namespace.name), eq(repositories.name, name)));
  return { id: existing.id, created: false };
}

export async function countPull(repositoryId: string) {
  await db.update(repositories).set({ pulls: sql`${repositories.pulls} + 1` }).where(eq(repositories.id, repositoryId));
}

export async function countPush(repositoryId: string) {
  await db.update(repositories).set({ pushes: sql`${repositories.pushes} + 1` }).where(eq(repositories.id, repositoryId));
}

// The registry orders its catalog by the full name, byte by byte.
const fullName = sql<string>`(${repositories.namespace} || '/' || ${repositories.name}) collate "C"`;

/** Full names of the repositories the principal may see, after `last`, in the registry's order. */
export async function listCatalog(principal: Principal | null, opts: { last?: string; limit: number }): Promise<string[]> {
  const rows = await db
    .select({ name: fullName })
    .from(repositories)
    .where(and(sql`${accessRankSql(principal)} > 0`, opts.last ? gt(fullName, opts.last) : undefined))
    .orderBy(asc(fullName))
    .limit(opts.limit);
  return rows.map((r) => r.name);
}
