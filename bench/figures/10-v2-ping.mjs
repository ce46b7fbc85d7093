// SPEC 9: `GET /v2/` with Basic token auth through Berth, against the registry's own htpasswd (bcrypt)
// Basic auth on its `GET /v2/`.
import { basic } from '../lib/http.mjs';
import { load } from '../lib/load.mjs';
import { berth, htpasswdRegistry } from '../lib/services.mjs';
import { log, USER } from '../lib/settings.mjs';
import { ratioRow } from '../lib/table.mjs';

export default async function v2Ping() {
  const server = await berth();
  const baseline = await htpasswdRegistry();
  log('ping load…');
  await load(`${server.url}/v2/`, { Authorization: server.tokenAuth }); // warm-up
  const pingBerth = await load(`${server.url}/v2/`, { Authorization: server.tokenAuth });
  const pingRegistry = await load(`${baseline.url}/v2/`, { Authorization: basic(USER.name, USER.password) });
  return [ratioRow('`GET /v2/`, Basic token auth', pingBerth, 'req/s', 'registry htpasswd `GET /v2/`', pingRegistry, 2.0)];
}
