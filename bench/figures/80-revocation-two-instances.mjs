// SPEC 9: a token deactivated on one instance, refused by a second instance on the same PostgreSQL,
// p99 over 50 tries. Each try: a new token, used on B until B remembers it (its one-second cache),
// deactivated through A's API, then sent to B back to back until B refuses it. The time runs from
// A's answer (the change committed, its notice sent) to B's first refusal, so it includes B's own
// refusal: counting the failure and auditing it, two commits. That cost alone is the baseline: the
// same dead token sent to B once more, which B no longer remembers in any case. Without the notice,
// B would accept the token for up to the cache's second.
import { api, basic, request } from '../lib/http.mjs';
import { createDatabase } from '../lib/postgres.mjs';
import { startBerth } from '../lib/berth.mjs';
import { ADMIN, log, USER } from '../lib/settings.mjs';

const TRIES = 50;
const BOUND_MS = 100;

/** The percentile `p` (0–1) of some numbers, nearest rank. */
const percentile = (xs, p) => [...xs].sort((a, b) => a - b)[Math.max(0, Math.ceil(p * xs.length) - 1)];
const since = (start) => Number(process.hrtime.bigint() - start) / 1e6;

export default async function revocationAcrossInstances() {
  const databaseUrl = await createDatabase();
  log('revocation across instances: two servers on one PostgreSQL…');
  // Every try ends in refusals from this one address: its failure limit must not be what answers.
  const env = { DATABASE_URL: databaseUrl, RATE_LIMIT_IP_FAILURES: '100000' };
  const a = await startBerth('berth-revoke-a', env);
  const b = await startBerth('berth-revoke-b', env);
  await api(a.url, 'POST', '/enzi/v0/accounts', ADMIN, { name: USER.name, password: USER.password });
  // The user manages its tokens with a token of its own: no password hash in the timed path.
  const { token: manager } = await api(a.url, 'POST', '/api/v0/api_tokens', USER, { tokenLabel: 'revocation-manager' });
  const asManager = { name: USER.name, password: manager };
  const times = [];
  const refusals = [];
  let firstRequest = 0;
  for (let i = 0; i < TRIES; i++) {
    const { token, hashedToken } = await api(a.url, 'POST', '/api/v0/api_tokens', asManager, { tokenLabel: `revoke-${i}` });
    const headers = { Authorization: basic(USER.name, token) };
    for (let j = 0; j < 3; j++) {
      const used = await request(`${b.url}/v2/`, { headers });
      if (used.status !== 200) throw new Error(`B refused a live token: ${used.status}`);
    }
    await api(a.url, 'PATCH', `/api/v0/api_tokens/${hashedToken}`, asManager, { isActive: false });
    const deactivated = process.hrtime.bigint();
    for (let polls = 1; ; polls++) {
      const res = await request(`${b.url}/v2/`, { headers });
      if (res.status === 401) {
        if (polls === 1) firstRequest++;
        break;
      }
      if (res.status !== 200) throw new Error(`B answered ${res.status}`);
    }
    times.push(since(deactivated));
    const again = process.hrtime.bigint();
    const refused = await request(`${b.url}/v2/`, { headers });
    if (refused.status !== 401) throw new Error(`B accepted a dead token: ${refused.status}`);
    refusals.push(since(again));
  }
  const p99 = percentile(times, 0.99);
  const refusalP99 = percentile(refusals, 0.99);
  log(`revocation: p50 ${percentile(times, 0.5).toFixed(1)} ms, p99 ${p99.toFixed(1)} ms; B's refusal alone p50 ${percentile(refusals, 0.5).toFixed(1)} ms, p99 ${refusalP99.toFixed(1)} ms; refused at the first request after A's answer in ${firstRequest} of ${TRIES}`);
  return [
    {
      figure: `token deactivated on instance A, refused by instance B (same PostgreSQL), p99 of ${TRIES}; refused at B's first request after A's answer in ${firstRequest} of ${TRIES}`,
      value: p99,
      unit: 'ms',
      baselineName: "B's refusal of a token it does not remember, p99",
      baseline: refusalP99,
      ratio: null,
      target: `≤ ${BOUND_MS} ms`,
      pass: p99 <= BOUND_MS,
    },
  ];
}
