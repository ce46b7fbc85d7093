import { seedBenchUser } from './bench/lib/berth.mjs';
import { freePort, start, waitFor } from './bench/lib/servers.mjs';
import { ADMIN } from './bench/lib/settings.mjs';
async function startBerth(name, env) { const port = await freePort(); const child = start(name, process.execPath, [...(process.argv[3] ? process.argv[3].split(' ') : []), '--max-semi-space-size=4', '--v8-pool-size=2', 'dist/server.mjs'], { NODE_ENV: 'production', PORT: String(port), ADMIN_USERNAME: ADMIN.name, ADMIN_PASSWORD: ADMIN.password, ...env }); const url = `http://127.0.0.1:${port}`; await waitFor(`${url}/api/health`, (s) => s === 200); return { url, pid: child.pid }; }
import { stopAll } from './bench/lib/servers.mjs';
import autocannon from 'autocannon';
const route = process.argv[2] ?? '/api/v0/repositories?pageSize=10';
const flags = process.argv[3];
const s = await startBerth('prof', { DATA_DIR: '/tmp/prof-data-' + Date.now(), DATABASE_URL: process.env.PG ?? '', LOG_LEVEL: 'warn' });
const auth = await seedBenchUser(s.url);
for (const r of process.env.ONLY ? [route] : [route, '/_ping', route, '/_ping']) {
  const res = await autocannon({ url: s.url + r, connections: 16, duration: 8, headers: { Authorization: auth } });
  console.log(r, Math.round(res.requests.average), 'req/s', 'non2xx', res.non2xx);
}
await stopAll();
