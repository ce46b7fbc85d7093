// SPEC 9: `GET /api/v0/repositories` with Basic token auth (a user with 50 repositories, pageSize=10)
// against `GET /_ping` of the same server, on embedded PGlite and on PostgreSQL (the configuration for
// more than one instance).
import { seedBenchUser, startBerth } from '../lib/berth.mjs';
import { load } from '../lib/load.mjs';
import { createDatabase } from '../lib/postgres.mjs';
import { berth } from '../lib/services.mjs';
import { log } from '../lib/settings.mjs';
import { ratioRow } from '../lib/table.mjs';

async function listAgainstPing(url, tokenAuth, database) {
  const listUrl = `${url}/api/v0/repositories?pageSize=10`;
  await load(listUrl, { Authorization: tokenAuth }); // warm-up
  const list = await load(listUrl, { Authorization: tokenAuth });
  const ping = await load(`${url}/_ping`, {});
  return ratioRow(`\`GET /api/v0/repositories\` (50 repos, pageSize=10), Basic token auth, ${database}`, list, 'req/s', '`GET /_ping`', ping, 0.8);
}

export default async function repositoryList() {
  const embedded = await berth();
  log('API load…');
  const rows = [await listAgainstPing(embedded.url, embedded.tokenAuth, 'embedded PGlite')];

  log('API load on PostgreSQL…');
  const onPostgres = await startBerth('berth-postgres', { DATABASE_URL: await createDatabase() });
  rows.push(await listAgainstPing(onPostgres.url, await seedBenchUser(onPostgres.url), 'PostgreSQL'));
  return rows;
}
