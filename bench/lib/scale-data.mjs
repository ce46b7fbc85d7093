// The large installation of SPEC 9, loaded with set-based SQL straight into a migrated database
// (decision 021): 20,000 users in 1,000 organizations of 5 teams each, 200,000 tokens, 100,000
// repositories (60 per organization, 2 per user, one in a hundred public: private is the default)
// with 100,000 team grants, and 2,000,000 audit events over the last 347 days. The bench user joins
// in: admin of one organization and in teams of three more, in the middle of the namespaces' order.
import postgres from 'postgres';
import { log } from './settings.mjs';

export const SIZES = { users: 20_000, organizations: 1_000, tokens: 200_000, repositories: 100_000, auditEvents: 2_000_000 };

const AUDIT_CHUNK = 250_000;
const actions = `array['pull','pull','pull','push','token.first_used','repository.updated','signin.succeeded','auth.failed']`;
const user = (n) => `'user-' || lpad((${n})::text, 5, '0')`;
const org = (n) => `'acme-' || lpad((${n})::text, 4, '0')`;

const steps = (benchUser) => [
  [
    'users',
    // Nobody signs in as them: a well-formed argon2id hash of nothing in particular.
    `insert into accounts (name, full_name, password_hash, created_at)
     select ${user('n')}, 'User ' || n, '$argon2id$v=19$m=19456,t=2,p=1$YmVuY2hzYWx0$0000000000000000000000000000000000000000000', now() - n * interval '1 minute'
     from generate_series(1, ${SIZES.users}) n`,
  ],
  ['organizations', `insert into accounts (name, full_name, is_org) select ${org('n')}, 'Acme ' || n, true from generate_series(1, ${SIZES.organizations}) n`],
  [
    'organization members',
    `insert into org_members (org_id, user_id, is_admin)
     select o.id, u.id, n <= ${SIZES.organizations} from generate_series(1, ${SIZES.users}) n
     join accounts u on u.name = ${user('n')} join accounts o on o.name = ${org(`(n - 1) % ${SIZES.organizations} + 1`)}`,
  ],
  ['teams', `insert into teams (org_id, name) select o.id, 'team-' || t from accounts o cross join generate_series(1, 5) t where o.is_org and o.name like 'acme-%'`],
  [
    'team members',
    `insert into team_members (team_id, user_id)
     select t.id, m.user_id from org_members m join accounts u on u.id = m.user_id
     join teams t on t.org_id = m.org_id and t.name in ('team-' || (substr(u.name, 6)::int % 5 + 1), 'team-' || ((substr(u.name, 6)::int + 1) % 5 + 1))
     where u.name like 'user-%'`,
  ],
  [
    'organization repositories',
    `insert into repositories (namespace_id, namespace, name, visibility, short_description)
     select o.id, o.name, 'service-' || lpad(r::text, 3, '0'), case when (substr(o.name, 6)::int * 60 + r) % 100 = 0 then 'public' else 'private' end, 'Service ' || r
     from accounts o cross join generate_series(1, 60) r where o.is_org and o.name like 'acme-%'`,
  ],
  [
    'user repositories',
    `insert into repositories (namespace_id, namespace, name, visibility)
     select u.id, u.name, 'sandbox-' || r, case when (substr(u.name, 6)::int * 2 + r) % 100 = 0 then 'public' else 'private' end
     from accounts u cross join generate_series(1, 2) r where u.name like 'user-%'`,
  ],
  [
    'team grants',
    `insert into team_repository_access (team_id, repository_id, access_level)
     select t.id, r.id, (array['read-only', 'read-write', 'admin'])[(substr(r.name, 9)::int + substr(t.name, 6)::int) % 3 + 1]
     from teams t join repositories r on r.namespace_id = t.org_id
     where r.name like 'service-%' and t.name like 'team-%' and substr(r.name, 9)::int % 3 = substr(t.name, 6)::int % 3`,
  ],
  [
    'tokens',
    `insert into access_tokens (hashed_token, owner_id, token_label, hint, scope, generated_by, created_at, last_used)
     select encode(sha256(convert_to(u.name || ':' || k, 'UTF8')), 'hex'), u.id, 'ci-' || k, 'brt_…' || lpad(k::text, 4, '0'),
       (array['admin', 'read-write', 'read-only'])[k % 3 + 1], u.name, now() - (k * 97 + substr(u.name, 6)::int % 1000) * interval '1 hour',
       case when k % 2 = 0 then now() - k * interval '1 hour' end
     from accounts u cross join generate_series(1, ${SIZES.tokens / SIZES.users}) k where u.name like 'user-%'`,
  ],
  [
    'the bench user’s memberships',
    `with b as (select id from accounts where name = '${benchUser}')
     , admin as (insert into org_members (org_id, user_id, is_admin) select o.id, b.id, true from accounts o, b where o.name = ${org(500)})
     , member as (insert into org_members (org_id, user_id) select o.id, b.id from accounts o, b where o.name in (${org(600)}, ${org(601)}, ${org(602)}) returning org_id, user_id)
     insert into team_members (team_id, user_id) select t.id, m.user_id from member m join teams t on t.org_id = m.org_id and t.name in ('team-1', 'team-2')`,
  ],
];

/** The audit log in chunks that do not depend on each other (loaded two at a time). */
const auditChunks = () =>
  Array.from({ length: SIZES.auditEvents / AUDIT_CHUNK }, (_, c) => [
    `audit events ${(c * AUDIT_CHUNK).toLocaleString('en')}–${((c + 1) * AUDIT_CHUNK).toLocaleString('en')}`,
    `insert into audit_events (at, action, actor, credential, target_type, target, ip, user_agent)
     select now() - i * interval '15 seconds', (${actions})[i % 8 + 1], ${user(`i % ${SIZES.users} + 1`)}, 'brt_…' || lpad((i % 10)::text, 4, '0'),
       'repository', ${org(`i % ${SIZES.organizations} + 1`)} || '/service-' || lpad((i % 60 + 1)::text, 3, '0'), '10.' || (i % 250) || '.' || (i % 199) || '.7', 'docker/27.3.1'
     from generate_series(${c * AUDIT_CHUNK + 1}, ${(c + 1) * AUDIT_CHUNK}) i`,
  ]);

/** Runs `tasks` (functions returning promises) `width` at a time. */
async function inParallel(tasks, width) {
  const queue = [...tasks];
  const worker = async () => {
    while (queue.length) await queue.shift()();
  };
  await Promise.all(Array.from({ length: width }, worker));
}

/**
 * Loads the large installation into the database at `url` (migrated, with the bench user in it),
 * logging each step. The audit log's secondary indexes are built after its rows, as a restore does.
 */
export async function loadLargeInstallation(url, benchUser) {
  // Two connections: the audit log's chunks and indexes load in parallel, one per core.
  const connection = { synchronous_commit: 'off', maintenance_work_mem: '256MB' };
  const sql = postgres(url, { max: 2, onnotice: () => {}, connection });
  const started = Date.now();
  const seconds = () => ((Date.now() - started) / 1000).toFixed(1);
  try {
    const indexes = await sql`select indexname, indexdef from pg_indexes where tablename = 'audit_events' and indexname not like '%_pkey'`;
    for (const { indexname } of indexes) await sql.unsafe(`drop index "${indexname}"`);
    const run = async ([what, statement]) => {
      const result = await sql.unsafe(statement);
      log(`  scale: ${what}: ${result.count.toLocaleString('en')} rows (${seconds()} s)`);
    };
    for (const step of steps(benchUser)) await run(step);
    await inParallel(auditChunks().map((chunk) => () => run(chunk)), 2);
    await inParallel(
      indexes.map(({ indexname, indexdef }) => async () => {
        await sql.unsafe(indexdef);
        log(`  scale: index ${indexname} (${seconds()} s)`);
      }),
      2,
    );
    // Vacuumed now, so that autovacuum does not do it during the measurements.
    await sql`vacuum (analyze)`;
    log(`  scale: loaded, vacuumed and analyzed in ${seconds()} s`);
  } finally {
    await sql.end();
  }
}
