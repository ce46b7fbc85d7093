// SPEC 9: `GET /api/v0/repositories` with Basic token auth (a user with 50 repositories, pageSize=10)
// against `GET /_ping` of the same server, on embedded PGlite and on PostgreSQL (the configuration for
// more than one instance).
import { seedBenchUser, startBerth } from '../lib/berth.mjs';
import { load } from '../lib/load.mjs';
import { createDatabase } from '../lib/postgres.mjs';
import { median } from '../lib/measure.mjs';
import { berth } from '../lib/services.mjs';
import { LOAD_SECONDS, log } from '../lib/settings.mjs';
import { ratioRow } from '../lib/table.mjs';

// Alternating rounds of half a load period each: a drift of the machine (PostgreSQL's own work after
// the seed, another process) falls on both sides alike.
const PAIRS = 5;

async function listAgainstPing(url, tokenAuth, database) {
  const listUrl = `${url}/api/v0/repositories?pageSize=10`;
  const seconds = LOAD_SECONDS / 2;
  await load(listUrl, { Authorization: tokenAuth }, seconds); // warm-up
  const lists = [];
  const pings = [];
  for (let i = 0; i < PAIRS; i++) {
    lists.push(await load(listUrl, { Authorization: tokenAuth }, seconds));
    pings.push(await load(`${url}/_ping`, {}, seconds));
  }
  const figure = `\`GET /api/v0/repositories\` (50 repos, pageSize=10), Basic token auth, ${database} (median of ${PAIRS} alternating rounds)`;
  return ratioRow(figure, median(lists), 'req/s', '`GET /_ping`', median(pings), 0.8);
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
