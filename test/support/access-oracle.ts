// The oracle of test/integration/visible-repositories.test.ts: effective access as it was computed
// before decision 020, one SQL expression evaluated on every repository row of the installation,
// with the repository list, its count and the catalog built on it exactly as they were.
import { and, asc, eq, gt, or, sql, type SQL } from 'drizzle-orm';
import { db } from '@/db';
import { accounts, orgMembers, repositories, teamMembers, teamRepositoryAccess } from '@/db/schema';
import type { Principal } from '@/lib/auth/principal';
import { rankOf } from '@/lib/repositories/access-levels';

const publicRank = sql`case when ${repositories.visibility} = 'public' then 1 else 0 end`;

export function oracleRankSql(principal: Principal | null): SQL<number> {
  if (!principal) return sql<number>`${publicRank}`;
  const uid = principal.user.id;
  const uncapped = principal.user.isAdmin
    ? sql`3`
    : sql`case
        when ${repositories.namespaceId} = ${uid} then 3
        when exists (select 1 from ${orgMembers} where ${orgMembers.orgId} = ${repositories.namespaceId}
          and ${orgMembers.userId} = ${uid} and ${orgMembers.isAdmin}) then 3
        else greatest(${publicRank}, (
          select coalesce(max(case ${teamRepositoryAccess.accessLevel} when 'admin' then 3 when 'read-write' then 2 else 1 end), 0)
          from ${teamRepositoryAccess} join ${teamMembers} on ${teamMembers.teamId} = ${teamRepositoryAccess.teamId}
          where ${teamRepositoryAccess.repositoryId} = ${repositories.id} and ${teamMembers.userId} = ${uid}))
      end`;
  return sql<number>`least(${uncapped}, ${rankOf(principal.scope)})`;
}

export type OracleFilter = { namespace?: string; search?: string };

const searchPattern = (search: string) => `%${search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

function visibleTo(principal: Principal, filter: OracleFilter) {
  return and(
    sql`${oracleRankSql(principal)} > 0`,
    filter.namespace ? eq(repositories.namespace, filter.namespace) : undefined,
    filter.search ? sql`(${repositories.namespace} || '/' || ${repositories.name}) ilike ${searchPattern(filter.search)}` : undefined,
  );
}

/** The old list: `namespace/name` of a page after `after`, in (namespace, name) order. */
export async function oracleList(principal: Principal, opts: OracleFilter & { after?: { namespace: string; name: string }; limit: number }) {
  const rows = await db
    .select({ namespace: repositories.namespace, name: repositories.name })
    .from(repositories)
    .innerJoin(accounts, eq(accounts.id, repositories.namespaceId))
    .where(
      and(
        visibleTo(principal, opts),
        opts.after
          ? or(
              gt(repositories.namespace, opts.after.namespace),
              and(eq(repositories.namespace, opts.after.namespace), gt(repositories.name, opts.after.name)),
            )
          : undefined,
      ),
    )
    .orderBy(asc(repositories.namespace), asc(repositories.name))
    .limit(opts.limit);
  return rows.map((r) => `${r.namespace}/${r.name}`);
}

export async function oracleCount(principal: Principal, filter: OracleFilter = {}) {
  const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(repositories).where(visibleTo(principal, filter));
  return row.n;
}

const fullName = sql<string>`(${repositories.namespace} || '/' || ${repositories.name}) collate "C"`;

export async function oracleCatalog(principal: Principal | null, opts: { last?: string; limit: number }) {
  const rows = await db
    .select({ name: fullName })
    .from(repositories)
    .where(and(sql`${oracleRankSql(principal)} > 0`, opts.last ? gt(fullName, opts.last) : undefined))
    .orderBy(asc(fullName))
    .limit(opts.limit);
  return rows.map((r) => r.name);
}

/** The old single-repository check: the rank (0 none … 3 admin), undefined when there is no such repository. */
export async function oracleRank(principal: Principal | null, repositoryId: string) {
  const [row] = await db.select({ rank: oracleRankSql(principal) }).from(repositories).where(eq(repositories.id, repositoryId));
  return row ? Number(row.rank) : undefined;
}

/**
 * Other files share the PostgreSQL database and add repositories while this runs: a comparison that
 * reaches beyond this file's own rows takes the oracle before and after the candidate and uses a
 * round in which the oracle did not change.
 */
export async function againstStableOracle<T>(oracle: () => Promise<T>, candidate: () => Promise<T>) {
  for (let round = 0; ; round++) {
    const before = await oracle();
    const actual = await candidate();
    const after = await oracle();
    if (JSON.stringify(before) === JSON.stringify(after) || round === 9) return { expected: after, actual };
  }
}
