// SPEC 12 / issue 13: what counting token usage costs. The same requests against Berths on embedded
// PGlite in front of the same registry, counting (the default) or with TOKEN_USAGE=off, measured in
// back-to-back pairs of short loads so both see the same machine, each counting server paired with
// each other one in turn (a server's place in the start order weighs on both sides alike):
// `GET /v2/` and a manifest pull (`GET /v2/<repo>/manifests/1`, where a pull is counted) with Basic
// token auth, and `GET /api/v0/repositories` (an API call). Target: counting keeps at least 95 % of
// the throughput (the median of the pairs' ratios); the server's CPU per request is reported beside it,
// as it depends less on what else the machine runs. BENCH_ON_VALUE=off makes it an A/A run (both sides
// off), which shows how far apart two identical servers measure on this machine.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import path from 'node:path';
import { basic, request } from '../lib/http.mjs';
import autocannon from 'autocannon';
import { seedBenchUser, startBerth } from '../lib/berth.mjs';
import { registry } from '../lib/services.mjs';
import { CONNECTIONS, log, ROOT, USER } from '../lib/settings.mjs';
import { cpuSeconds, median } from '../lib/measure.mjs';
import { ratioRow } from '../lib/table.mjs';
import { work } from '../lib/servers.mjs';

// One short load varies by ±10 % on this 2-core machine (another VM's load, the scheduler): many short
// pairs, and the middle half of their ratios reported beside the median.
const PAIRS = 24;
const PAIR_SECONDS = 2;
const MANIFEST_TYPE = 'application/vnd.oci.image.manifest.v1+json';
const digestOf = (data) => `sha256:${createHash('sha256').update(data).digest('hex')}`;

async function expectStatus(res, status, what) {
  if (res.status !== status) throw new Error(`${what}: ${res.status} ${res.text}`);
  return res;
}

/** Pushes a one-blob image `bench/usage:1` through `url`, so that there is a manifest to pull. */
async function pushImage(url, authorization) {
  const config = Buffer.from('{"architecture":"amd64","os":"linux","rootfs":{"type":"layers","diff_ids":[]}}');
  const start = await expectStatus(await request(`${url}/v2/${USER.name}/usage/blobs/uploads/`, { method: 'POST', headers: { Authorization: authorization } }), 202, 'upload start');
  const location = new URL(start.headers.location, url);
  location.searchParams.set('digest', digestOf(config));
  await expectStatus(
    await request(location.href, { method: 'PUT', headers: { Authorization: authorization, 'Content-Type': 'application/octet-stream', 'Content-Length': String(config.length) }, body: config }),
    201,
    'upload end',
  );
  const manifest = JSON.stringify({ schemaVersion: 2, mediaType: MANIFEST_TYPE, config: { mediaType: 'application/vnd.oci.image.config.v1+json', digest: digestOf(config), size: config.length }, layers: [] });
  await expectStatus(
    await request(`${url}/v2/${USER.name}/usage/manifests/1`, { method: 'PUT', headers: { Authorization: authorization, 'Content-Type': MANIFEST_TYPE, 'Content-Length': String(Buffer.byteLength(manifest)) }, body: manifest }),
    201,
    'manifest push',
  );
}

async function server(name, tokenUsage) {
  const upstream = await registry();
  const started = await startBerth(name, { DATA_DIR: path.join(work, `data-${name}`), DATABASE_URL: '', REGISTRY_UPSTREAM_URL: upstream.url, TOKEN_USAGE: tokenUsage });
  const tokenAuth = await seedBenchUser(started.url);
  return { ...started, tokenAuth };
}

/** One short load: requests per second, and the server's CPU milliseconds per request (from /proc). */
async function measure(server, route, headers) {
  const before = cpuSeconds([server.pid]);
  const result = await autocannon({ url: `${server.url}${route}`, connections: CONNECTIONS, duration: PAIR_SECONDS, headers: { Authorization: server.tokenAuth, ...headers } });
  const cpu = cpuSeconds([server.pid]) - before;
  const failures = result.non2xx + result.errors + result.timeouts;
  if (failures > 0) throw new Error(`${route}: ${failures} failed requests of ${result.requests.total}`);
  return { rps: result.requests.average, cpuMsPerRequest: (cpu * 1000) / result.requests.total };
}

export default async function tokenUsage() {
  // Two of each, started in the order on, off, off, on: a server's place in the start order (which
  // showed in an A/A run as a 1.5× difference on the API) falls equally on both sides.
  const counting = process.env.BENCH_ON_VALUE ?? 'on';
  const on1 = await server('berth-usage-on-1', counting);
  const off1 = await server('berth-usage-off-1', 'off');
  const off2 = await server('berth-usage-off-2', 'off');
  const on2 = await server('berth-usage-on-2', counting);
  for (const s of [on1, off1, off2, on2]) await pushImage(s.url, s.tokenAuth);
  const couples = [
    [on1, off1],
    [on2, off2],
    [on1, off2],
    [on2, off1],
  ];
  const targets = [
    ['`GET /v2/`, Basic token auth', '/v2/', {}],
    ['manifest pull `GET /v2/…/manifests/1`, Basic token auth', `/v2/${USER.name}/usage/manifests/1`, { Accept: MANIFEST_TYPE }],
    ['`GET /api/v0/repositories` (pageSize=10), Basic token auth', '/api/v0/repositories?pageSize=10', {}],
  ];
  const rows = [];
  const requestCpuMs = [];
  for (const [figure, route, headers] of targets) {
    log(`token usage on/off: ${route}…`);
    for (const s of [on1, off1, off2, on2]) await measure(s, route, headers); // warm-up
    // Back-to-back pairs in alternating order; the median of the pairs' ratios, since the machine's
    // other load changes from one pair to the next far more than within one.
    const pairs = [];
    for (let pair = 0; pair < PAIRS; pair++) {
      const [on, off] = couples[pair % couples.length];
      const first = Math.floor(pair / couples.length) % 2 ? off : on;
      const a = await measure(first, route, headers);
      const b = await measure(first === on ? off : on, route, headers);
      const [withCounting, without] = first === on ? [a, b] : [b, a];
      pairs.push({ withCounting, without });
    }
    const ratios = pairs.map((p) => p.withCounting.rps / p.without.rps).sort((a, b) => a - b);
    log(`  pairs' ratios: ${ratios.map((r) => r.toFixed(3)).join(' ')}`);
    const rps = median(ratios);
    const middle = `${ratios[Math.floor(PAIRS / 4)].toFixed(2)}–${ratios[Math.ceil((3 * PAIRS) / 4) - 1].toFixed(2)}`;
    const cpu = median(pairs.map((p) => p.without.cpuMsPerRequest / p.withCounting.cpuMsPerRequest));
    const on_ = median(pairs.map((p) => p.withCounting.rps));
    const off_ = median(pairs.map((p) => p.without.rps));
    rows.push({ ...ratioRow(`${figure}, counting usage (median of ${PAIRS} pairs; middle half of the pairs ${middle})`, on_, 'req/s', 'the same with `TOKEN_USAGE=off`', off_, 0.95), ratio: rps, pass: rps >= 0.95 });
    rows.push(ratioRow(`${figure}: server CPU per request, without counting / with`, cpu, '×', 'equal CPU', 1, 0.95));
    requestCpuMs.push(median(pairs.map((p) => p.without.cpuMsPerRequest)));
  }
  // What counting itself costs, measured apart from the machine's other load (bench/lib/usage-cost.ts),
  // against the cheapest request's server CPU: recording each use, and flushing a bucket.
  const cost = JSON.parse(
    execFileSync(process.execPath, ['--import', 'tsx', 'bench/lib/usage-cost.ts'], { cwd: ROOT, env: { ...process.env, DATA_DIR: 'memory://', DATABASE_URL: '', LOG_LEVEL: 'silent' }, encoding: 'utf8' }),
  );
  const cheapest = Math.min(...requestCpuMs) * 1000;
  const costRow = (figure, micros) => ({ ...ratioRow(figure, micros, 'µs', 'server CPU of the cheapest request above', cheapest, '≤ 0.05×'), pass: micros / cheapest <= 0.05 });
  rows.push(costRow('counting one use (in memory)', cost.recordNs / 1000));
  // A bucket (one token-day) is written once per flush, off the request path, whatever its number of
  // uses: reported, since what it costs per request depends on how many tokens share the traffic.
  rows.push({ ...ratioRow('flushing one bucket (one token-day, every 10 s)', cost.flushMsPerBucket * 1000, 'µs', 'server CPU of the cheapest request above', cheapest, 0), pass: null });
  // The counts really were taken: the counting server's usage API has the pulls.
  const on = on1;
  const tokens = JSON.parse((await request(`${on.url}/api/v0/api_tokens`, { headers: { Authorization: basic(USER.name, USER.password) } })).text);
  const usage = JSON.parse((await request(`${on.url}/api/v0/api_tokens/${tokens[0].hashedToken}/usage?days=1`, { headers: { Authorization: basic(USER.name, USER.password) } })).text);
  log(`counted today: ${JSON.stringify(usage.days[0])}`);
  for (const r of rows) log(`${r.figure}: ${r.value.toFixed(2)} / ${r.baseline.toFixed(2)}, ratio ${r.ratio.toFixed(3)}`);
  if (counting === 'on' && !(usage.days[0].pulls > 0 && usage.days[0].apiCalls > 0)) throw new Error('the counting server counted nothing');
  return rows;
}
