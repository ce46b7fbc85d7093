// SPEC 9, the large installation: the same server on PostgreSQL, measured on its empty database and
// again after loading 20,000 users, 200,000 tokens, 100,000 repositories with team grants and
// 2,000,000 audit events (lib/scale-data.mjs): the repository list and `/v2/` (req/s, ratio to the
// empty database), the admin-wide token list and a filtered audit query (p50), and, with 64 clients
// listing repositories, the p99 of `/_ping` and `/api/health` and whether any request timed out.
import { seedBenchUser, startBerth } from '../lib/berth.mjs';
import { api, basic } from '../lib/http.mjs';
import { medianMs, percentile, probeDuring, wrk } from '../lib/latency.mjs';
import { load } from '../lib/load.mjs';
import { createDatabase } from '../lib/postgres.mjs';
import { loadLargeInstallation, SIZES } from '../lib/scale-data.mjs';
import { registry } from '../lib/services.mjs';
import { ADMIN, LOAD_SECONDS, log, USER } from '../lib/settings.mjs';
import { ratioRow } from '../lib/table.mjs';

const LISTING_CLIENTS = 64;

async function measure(url, auth, admin, label) {
  const list = `${url}/api/v0/repositories?pageSize=10`;
  log(`scale (${label}): repository list and /v2/ load…`);
  await load(list, { Authorization: auth }); // warm-up
  const listing = await load(list, { Authorization: auth });
  const v2 = await load(`${url}/v2/`, { Authorization: auth });
  log(`scale (${label}): token list and audit query…`);
  const tokens = await medianMs(`${url}/api/v0/api_tokens?pageSize=50`, { Authorization: admin });
  const audit = await medianMs(`${url}/api/v0/audit?actor=user-00042&pageSize=50`, { Authorization: admin });
  log(`scale (${label}): ${LISTING_CLIENTS} clients listing, probing /_ping and /api/health…`);
  const ping = `${url}/_ping`;
  const health = `${url}/api/health`;
  const { result, times } = await probeDuring(() => wrk(list, { Authorization: auth }, { connections: LISTING_CLIENTS, seconds: LOAD_SECONDS }), [ping, health]);
  const underLoad = { ...result, ping: percentile(times[ping], 99), health: percentile(times[health], 99), probes: times[ping].length + times[health].length };
  log(`scale (${label}): ${JSON.stringify({ listing, v2, tokens, audit, underLoad })}`);
  return { listing, v2, tokens, audit, underLoad };
}

const latencyRow = (figure, large, empty, limitMs, extra = true) => ({
  figure,
  value: large,
  unit: 'ms',
  baselineName: 'empty database',
  baseline: empty,
  ratio: large / empty,
  target: `≤ ${limitMs} ms`,
  pass: large <= limitMs && extra,
});

export default async function scale() {
  const upstream = await registry();
  const databaseUrl = await createDatabase();
  const server = await startBerth('berth-scale', { DATABASE_URL: databaseUrl, REGISTRY_UPSTREAM_URL: upstream.url });
  const auth = await seedBenchUser(server.url);
  const { token } = await api(server.url, 'POST', '/api/v0/api_tokens', ADMIN, { tokenLabel: 'bench admin' });
  const admin = basic(ADMIN.name, token);

  const empty = await measure(server.url, auth, admin, 'empty database');
  log(`scale: loading ${Object.entries(SIZES).map(([k, v]) => `${v.toLocaleString('en')} ${k}`).join(', ')}…`);
  await loadLargeInstallation(databaseUrl, USER.name);
  const large = await measure(server.url, auth, admin, 'large installation');

  const size = '20k users, 200k tokens, 100k repos, 2M audit events';
  const failures = (m) => m.underLoad.timeouts + m.underLoad.errors + m.underLoad.non2xx;
  const clients = `${LISTING_CLIENTS} clients listing repositories (${large.underLoad.requestsPerSecond.toFixed(0)} req/s, ${failures(large)} timeouts or errors)`;
  return [
    ratioRow(`\`GET /api/v0/repositories\` (pageSize=10), PostgreSQL, ${size}`, large.listing, 'req/s', 'empty database', empty.listing, 0.8),
    ratioRow(`\`GET /v2/\`, Basic token auth, PostgreSQL, ${size}`, large.v2, 'req/s', 'empty database', empty.v2, 0.8),
    latencyRow('admin-wide `GET /api/v0/api_tokens?pageSize=50`, p50, large installation', large.tokens, empty.tokens, 50),
    latencyRow('`GET /api/v0/audit?actor=…&pageSize=50`, p50, large installation', large.audit, empty.audit, 50),
    latencyRow(`\`GET /_ping\` p99 with ${clients}`, large.underLoad.ping, empty.underLoad.ping, 100, failures(large) === 0),
    latencyRow(`\`GET /api/health\` p99 with ${clients}`, large.underLoad.health, empty.underLoad.health, 100, failures(large) === 0),
  ];
}
