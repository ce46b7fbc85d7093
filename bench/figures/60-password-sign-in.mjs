// SPEC 9: password sign-in (argon2) p50, over sequential token-service requests with the password.
import { basic, request } from '../lib/http.mjs';
import { median } from '../lib/measure.mjs';
import { berth } from '../lib/services.mjs';
import { log, USER } from '../lib/settings.mjs';

const BOUND_MS = 150;

export default async function passwordSignIn() {
  const server = await berth();
  log('password p50…');
  const times = [];
  for (let i = 0; i < 21; i++) {
    const started = process.hrtime.bigint();
    const res = await request(`${server.url}/auth/token?service=bench`, { headers: { Authorization: basic(USER.name, USER.password) } });
    if (res.status !== 200) throw new Error(`password sign-in: ${res.status}`);
    times.push(Number(process.hrtime.bigint() - started) / 1e6);
  }
  const p50 = median(times);
  return [
    {
      figure: 'password sign-in (argon2) p50, via `/auth/token`',
      value: p50,
      unit: 'ms',
      baselineName: '',
      baseline: null,
      ratio: null,
      target: `≤ ${BOUND_MS} ms`,
      pass: p50 <= BOUND_MS,
    },
  ];
}
