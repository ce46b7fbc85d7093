// SPEC 12 / issue 13: what counting token usage costs. The same requests against two Berths on
// embedded PGlite in front of the same registry, one counting (the default) and one with
// TOKEN_USAGE=off, alternated in rounds so both see the same machine: `GET /v2/` and a manifest pull
// (`GET /v2/<repo>/manifests/1`, where a pull is counted) with Basic token auth, and
// `GET /api/v0/repositories` (an API call). Target: counting keeps at least 95 % of the throughput.
import { createHash } from 'node:crypto';
import path from 'node:path';
import { basic, request } from '../lib/http.mjs';
import { load } from '../lib/load.mjs';
import { seedBenchUser, startBerth } from '../lib/berth.mjs';
import { registry } from '../lib/services.mjs';
import { log, USER } from '../lib/settings.mjs';
import { ratioRow } from '../lib/table.mjs';
import { work } from '../lib/servers.mjs';

const ROUNDS = 3;
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

export default async function tokenUsage() {
  const on = await server('berth-usage-on', 'on');
  const off = await server('berth-usage-off', 'off');
  await pushImage(on.url, on.tokenAuth);
  await pushImage(off.url, off.tokenAuth);
  const targets = [
    ['`GET /v2/`, Basic token auth', '/v2/', {}],
    ['manifest pull `GET /v2/…/manifests/1`, Basic token auth', `/v2/${USER.name}/usage/manifests/1`, { Accept: MANIFEST_TYPE }],
    ['`GET /api/v0/repositories` (pageSize=10), Basic token auth', '/api/v0/repositories?pageSize=10', {}],
  ];
  const rows = [];
  for (const [figure, route, headers] of targets) {
    log(`token usage on/off: ${route}…`);
    const sums = { on: 0, off: 0 };
    await load(`${on.url}${route}`, { Authorization: on.tokenAuth, ...headers }); // warm-up
    await load(`${off.url}${route}`, { Authorization: off.tokenAuth, ...headers });
    for (let round = 0; round < ROUNDS; round++) {
      // Alternating which goes first, so neither always runs on a machine warmed by the other.
      const order = round % 2 ? [['off', off], ['on', on]] : [['on', on], ['off', off]];
      for (const [which, s] of order) sums[which] += await load(`${s.url}${route}`, { Authorization: s.tokenAuth, ...headers });
    }
    rows.push(ratioRow(`${figure}, counting usage`, sums.on / ROUNDS, 'req/s', 'the same with `TOKEN_USAGE=off`', sums.off / ROUNDS, 0.95));
  }
  // The counts really were taken: the counting server's usage API has the pulls.
  const tokens = JSON.parse((await request(`${on.url}/api/v0/api_tokens`, { headers: { Authorization: basic(USER.name, USER.password) } })).text);
  const usage = JSON.parse((await request(`${on.url}/api/v0/api_tokens/${tokens[0].hashedToken}/usage?days=1`, { headers: { Authorization: basic(USER.name, USER.password) } })).text);
  log(`counted today: ${JSON.stringify(usage.days[0])}`);
  if (!(usage.days[0].pulls > 0 && usage.days[0].apiCalls > 0)) throw new Error('the counting server counted nothing');
  return rows;
}
