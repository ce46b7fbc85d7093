import { seedBenchUser, startBerth } from './bench/lib/berth.mjs';
import { stopAll } from './bench/lib/servers.mjs';
import autocannon from 'autocannon';
import postgres from 'postgres';
const name = 'cnt_' + Date.now();
const admin = postgres('postgres://postgres@127.0.0.1:5432/postgres');
await admin.unsafe(`create database ${name}`);
const url = `postgres://postgres@127.0.0.1:5432/${name}`;
const s = await startBerth('cnt', { DATABASE_URL: url, LOG_LEVEL: 'warn' });
const auth = await seedBenchUser(s.url);
const stat = async () => (await admin`select xact_commit::int + xact_rollback::int as n, tup_returned::bigint as r from pg_stat_database where datname = ${name}`)[0];
for (const route of ['/api/v0/repositories?pageSize=10', '/_ping', '/v2/']) {
  await autocannon({ url: s.url + route, connections: 4, amount: 200, headers: { Authorization: auth } });
  await new Promise(r => setTimeout(r, 1500));
  const a = await stat();
  const res = await autocannon({ url: s.url + route, connections: 4, amount: 2000, headers: { Authorization: auth } });
  await new Promise(r => setTimeout(r, 1500)); // stats flush
  const b = await stat();
  console.log(route, 'statements per request', ((b.n - a.n) / 2000).toFixed(3), 'non2xx', res.non2xx);
}
await stopAll(); await admin.unsafe(`drop database ${name} with (force)`); await admin.end();
