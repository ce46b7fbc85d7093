// The SQL of lib/repositories: repositories, effective access as one expression, team grants, and
// what the registry reads and counts.
import { and, asc, eq, gt, or, sql, type SQL } from 'drizzle-orm';
import { client, db, type Executor } from '@/db';
import { accounts, orgMembers, repositories, teamMembers, teamRepositoryAccess, teams, type Account, type NewRepository } from '@/db/schema';
import type { Principal } from '@/lib/auth/principal';
import { rankOf } from '@/lib/repositories/access-levels';
import { restrictionValues } from '@/lib/access-tokens/restriction';

const publicRank = sql`case when ${repositories.visibility} = 'public' then 1 else 0 end`;

/**
 * Effective access as a SQL expression over `repositories`, ranked 0 (none) to 3 (admin), so the
 * repository list is one query (SPEC 3): admin for system admins, the namespace's owner and admins of
 * the owning organization; otherwise the best grant of any team the user is in, and read-only on
 * public repositories; capped by the credential's scope and its repository restriction (SPEC 12).
 * The user's rows are read at every request, so every token follows its owner's permission changes at once.
 */
export function accessRankSql(principal: Principal | null): SQL<number> {
  if (!principal) return sql<number>`${publicRank}`;
  return accessRankOf({ userId: principal.user.id, isAdmin: principal.user.isAdmin, scopeRank: rankOf(principal.scope), restriction: restrictionValues(principal) });
}

/**
 * The same expression for a signed-in user, whose id and scope rank may be values or placeholders of
 * a prepared query (see `listAccessibleRepositories`).
 */
export function accessRankOf(user: { userId: unknown; isAdmin: boolean; scopeRank: unknown; restriction?: { names: unknown; namespaces: unknown } }): SQL<number> {
  const uid = user.userId;
  const uncapped = user.isAdmin
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
  const r = user.restriction;
  if (!r) return sql<number>`least(${uncapped}, ${user.scopeRank})`;
  // A restricted token reaches only its repositories and namespaces (SPEC 12), public ones included.
  const reached = sql`case when (${repositories.namespace} || '/' || ${repositories.name}) in (select jsonb_array_elements_text(${r.names}::jsonb))
      or ${repositories.namespace} in (select jsonb_array_elements_text(${r.namespaces}::jsonb)) then 3 else 0 end`;
  return sql<number>`least(${uncapped}, ${user.scopeRank}, ${reached})`;
}

/** A credential scope's rank in `accessRankOf`. */
export const scopeRank = (principal: Principal) => rankOf(principal.scope);

/** The access rank (0 none … 3 admin) of a principal (null: anonymous) to one repository; undefined if it is gone. */
export async function accessRankTo(principal: Principal | null, repositoryId: string): Promise<number | undefined> {
  const [row] = await db
    .select({ rank: accessRankSql(principal) })
    .from(repositories)
    .where(eq(repositories.id, repositoryId));
  return row ? Number(row.rank) : undefined;
}

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
  ...{ immutableTags: repositories.immutableTags, tagLimit: repositories.tagLimit }, // SPEC 11: what a push must respect
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

type ListShape = { isAdmin: boolean; namespace: boolean; search: boolean; after: boolean; restricted: boolean };

function prepareList(shape: ListShape) {
  const p = sql.placeholder;
  const fullName = sql`(${repositories.namespace} || '/' || ${repositories.name})`;
  const page = db
    .select(repositoryColumns)
    .from(repositories)
    .innerJoin(accounts, eq(accounts.id, repositories.namespaceId))
    .where(
      and(
        sql`${accessRankOf({ userId: p('userId'), isAdmin: shape.isAdmin, scopeRank: p('scopeRank'), restriction: shape.restricted ? { names: p('names'), namespaces: p('namespaces') } : undefined })} > 0`,
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
  const restriction = restrictionValues(principal);
  const shape: ListShape = { isAdmin: principal.user.isAdmin, namespace: !!opts.namespace, search: !!opts.search, after: !!opts.after, restricted: !!restriction };
  const key = `${+shape.isAdmin}${+shape.namespace}${+shape.search}${+shape.after}${+shape.restricted}`;
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
    names: restriction?.names,
    namespaces: restriction?.namespaces,
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

/** True when the repository is still there (a concurrent delete may have taken it). */
export async function updateRepository(
  id: string,
  values: Partial<Pick<NewRepository, 'shortDescription' | 'longDescription' | 'visibility' | 'immutableTags' | 'tagLimit'>>,
  executor: Executor = db,
): Promise<boolean> {
  const query =
    Object.keys(values).length > 0
      ? executor.update(repositories).set(values).where(eq(repositories.id, id)).returning({ id: repositories.id })
      : executor.select({ id: repositories.id }).from(repositories).where(eq(repositories.id, id));
  return (await query).length > 0;
}

/** Team grants on the repository go with it (cascade). */
export async function deleteRepository(id: string, executor: Executor = db): Promise<boolean> {
  const rows = await executor.delete(repositories).where(eq(repositories.id, id)).returning({ id: repositories.id });
  return rows.length > 0;
}

export async function grantTeamAccess(teamId: string, repositoryId: string, accessLevel: string, executor: Executor = db) {
  await executor
    .insert(teamRepositoryAccess)
    .values({ teamId, repositoryId, accessLevel })
    .onConflictDoUpdate({ target: [teamRepositoryAccess.teamId, teamRepositoryAccess.repositoryId], set: { accessLevel } });
}

export async function revokeTeamAccess(teamId: string, repositoryId: string, executor: Executor = db): Promise<boolean> {
  const rows = await executor
    .delete(teamRepositoryAccess)
    .where(and(eq(teamRepositoryAccess.teamId, teamId), eq(teamRepositoryAccess.repositoryId, repositoryId)))
    .returning({ teamId: teamRepositoryAccess.teamId });
  return rows.length > 0;
}

/** The teams with a grant on a repository, each with its member count (eNZi's Team JSON). */
export async function listTeamAccessForRepository(repositoryId: string) {
  return db
    .select({
      accessLevel: teamRepositoryAccess.accessLevel,
      team: {
        id: teams.id,
        orgId: teams.orgId,
        name: teams.name,
        description: teams.description,
        createdAt: teams.createdAt,
        membersCount: sql<number>`(${sql`select count(*)::int from ${teamMembers} where ${teamMembers.teamId} = ${teams.id}`})`,
      },
    })
    .from(teamRepositoryAccess)
    .innerJoin(teams, eq(teams.id, teamRepositoryAccess.teamId))
    .where(eq(teamRepositoryAccess.repositoryId, repositoryId))
    .orderBy(asc(teams.name));
}

/**
 * A team's grants on the repositories `viewer` may see: a member of the organization who is not in
 * the team learns nothing, not even the name, of a private repository they have no access to.
 */
export async function listRepositoryAccessForTeam(teamId: string, viewer: Principal, page: { after?: RepositoryCursor; limit: number }) {
  const after = page.after
    ? or(gt(repositories.namespace, page.after.namespace), and(eq(repositories.namespace, page.after.namespace), gt(repositories.name, page.after.name)))
    : undefined;
  return db
    .select({ accessLevel: teamRepositoryAccess.accessLevel, namespace: repositories.namespace, name: repositories.name })
    .from(teamRepositoryAccess)
    .innerJoin(repositories, eq(repositories.id, teamRepositoryAccess.repositoryId))
    .where(and(eq(teamRepositoryAccess.teamId, teamId), after, sql`${accessRankSql(viewer)} > 0`))
    .orderBy(asc(repositories.namespace), asc(repositories.name))
    .limit(page.limit);
}

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
): Promise<{ id: string; created: boolean } | null> {
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
  // Neither inserted nor found: a concurrent delete took it between the two statements.
  return existing ? { id: existing.id, created: false } : null;
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
