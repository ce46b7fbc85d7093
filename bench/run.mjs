#!/usr/bin/env node
// `npm run bench`: the figures of SPEC 9, each as a ratio to a baseline measured in the same run, on
// loopback only. Starts its own Berth (production build), two docker-registry instances (one open
// behind Berth, one with htpasswd auth as the ping baseline) and nginx (the Harbor-style proxy
// baseline), each on temp storage, and stops them at the end. Prints one table and writes
// bench/RESULTS.md.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import bcrypt from 'bcryptjs';
import postgres from 'postgres';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const PORTS = { berth: 39100, registry: 39101, htpasswdRegistry: 39102, nginx: 39103, berthPostgres: 39104 };
// The server that the PostgreSQL rows create their own database on (dropped at the end).
const POSTGRES_URL = process.env.BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const BLOB_MIB = 256;
const BIG_MIB = 1024;
const ROUNDS = 5;
const LOAD_SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = 16;
const ADMIN = { name: 'admin', password: `bench-${randomBytes(6).toString('hex')}` };
const USER = { name: 'bench', password: `bench-${randomBytes(6).toString('hex')}` };

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'berth-bench-'));
const children = [];
const log = (...args) => console.error('[bench]', ...args);

// ---------- processes ----------

function ensureCommand(binary, debianPackage) {
  if (!spawnSync(binary, ['-v'], { stdio: 'ignore' }).error) return;
  log(`${binary} is missing: installing Debian's ${debianPackage}`);
  const opts = { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } };
  const update = spawnSync('apt-get', ['update', '-q'], opts);
  const install = spawnSync('apt-get', ['install', '-y', '-q', debianPackage], opts);
  if (update.status !== 0 || install.status !== 0 || spawnSync(binary, ['-v'], { stdio: 'ignore' }).error) {
    throw new Error(`${binary} is required: apt-get install ${debianPackage}`);
  }
}

function start(name, command, args, env = {}) {
  const logFile = fs.openSync(path.join(work, `${name}.log`), 'a');
  const child = spawn(command, args, { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', logFile, logFile] });
  child.name = name;
  children.push(child);
  child.on('exit', (code, signal) => {
    if (stopping) return;
    const output = fs.readFileSync(path.join(work, `${name}.log`), 'utf8').split('\n').slice(-15).join('\n');
    early = new Error(`${name} exited early (${code ?? signal}):\n${output}`);
  });
  return child;
}

let stopping = false;
/** Clean-ups that must wait until every server has stopped. */
const afterStop = [];
/** Set when a server dies before the run ends; waits fail on it at once. */
let early = null;
async function stopAll() {
  stopping = true;
  await Promise.all(
    children.map(
      (child) =>
        new Promise((resolve) => {
          if (child.exitCode !== null || child.signalCode !== null) return resolve();
          child.once('exit', resolve);
          child.kill('SIGTERM');
          setTimeout(() => child.kill('SIGKILL'), 5000).unref();
        }),
    ),
  );
}

async function waitFor(url, accept = (status) => status > 0, timeoutMs = 240_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (early) throw early;
    const status = await new Promise((resolve) => {
      http.get(url, (res) => (res.resume(), resolve(res.statusCode ?? 0))).on('error', () => resolve(0));
    });
    if (accept(status)) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${url} did not answer within ${timeoutMs / 1000} s`);
}

function assertPortsFree() {
  for (const [name, port] of Object.entries(PORTS)) {
    const probe = spawnSync('bash', ['-c', `exec 3<>/dev/tcp/127.0.0.1/${port}`], { stdio: 'ignore' });
    if (probe.status === 0) throw new Error(`Port ${port} (${name}) is taken; stop whatever listens there`);
  }
}

/** Builds when there is no production build, or when a source file is newer than it. */
function ensureBuild() {
  const buildId = path.join(ROOT, '.next', 'BUILD_ID');
  const built = fs.existsSync(buildId) ? fs.statSync(buildId).mtimeMs : 0;
  const newest = (dir) => {
    let latest = 0;
    if (!fs.existsSync(dir)) return 0;
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      latest = Math.max(latest, entry.isDirectory() ? newest(full) : fs.statSync(full).mtimeMs);
    }
    return latest;
  };
  const sources = Math.max(...['app', 'lib', 'pages', 'db'].map((d) => newest(path.join(ROOT, d))), fs.statSync(path.join(ROOT, 'next.config.ts')).mtimeMs);
  if (built && built >= sources && !process.argv.includes('--build')) return;
  log('building the production app (next build)…');
  execFileSync('npx', ['next', 'build'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
}

function registryConfig(file, port, storage, htpasswd) {
  const auth = htpasswd ? `auth:\n  htpasswd:\n    realm: bench\n    path: ${htpasswd}\n` : '';
  fs.writeFileSync(
    file,
    `version: 0.1\nlog:\n  level: error\n  accesslog:\n    disabled: true\nstorage:\n  filesystem:\n    rootdirectory: ${storage}\n  delete:\n    enabled: true\nhttp:\n  addr: 127.0.0.1:${port}\n  secret: ${randomBytes(16).toString('hex')}\n${auth}`,
  );
}

function nginxConfig(dir) {
  for (const d of ['body', 'proxy', 'fastcgi', 'uwsgi', 'scgi']) fs.mkdirSync(path.join(dir, d), { recursive: true });
  const file = path.join(dir, 'nginx.conf');
  fs.writeFileSync(
    file,
    `${process.getuid?.() === 0 ? 'user root;\n' : ''}worker_processes auto;
daemon off;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log warn;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path ${dir}/body;
  proxy_temp_path ${dir}/proxy;
  fastcgi_temp_path ${dir}/fastcgi;
  uwsgi_temp_path ${dir}/uwsgi;
  scgi_temp_path ${dir}/scgi;
  upstream registry { server 127.0.0.1:${PORTS.registry}; keepalive 32; }
  server {
    listen 127.0.0.1:${PORTS.nginx};
    client_max_body_size 0;
    location /v2/ {
      proxy_pass http://registry;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host $http_host;
      proxy_buffering off;
      proxy_request_buffering off;
      proxy_read_timeout 900s;
      proxy_send_timeout 900s;
    }
  }
}
`,
  );
  return file;
}

// ---------- HTTP ----------

const basic = (name, secret) => `Basic ${Buffer.from(`${name}:${secret}`).toString('base64')}`;

function request(url, { method = 'GET', headers = {}, body } = {}) {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method, headers }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, text: Buffer.concat(chunks).toString() }));
      res.on('error', reject);
    });
    req.on('error', reject);
    if (body instanceof Readable) body.pipe(req);
    else req.end(body);
  });
}

async function api(method, url, as, data, port = PORTS.berth) {
  const body = data === undefined ? undefined : JSON.stringify(data);
  const res = await request(`http://127.0.0.1:${port}${url}`, {
    method,
    headers: { Authorization: basic(as.name, as.password), 'Content-Type': 'application/json' },
    body,
  });
  if (res.status >= 300) throw new Error(`${method} ${url}: ${res.status} ${res.text}`);
  return res.text ? JSON.parse(res.text) : null;
}

/** A blob of `mib` random-looking MiB, generated as it streams (one random MiB repeated). */
function makeBlob(mib) {
  const unit = randomBytes(1024 * 1024);
  const hash = createHash('sha256');
  for (let i = 0; i < mib; i++) hash.update(unit);
  const size = mib * unit.length;
  const stream = () => {
    let sent = 0;
    return new Readable({
      read() {
        if (sent >= mib) return this.push(null);
        sent++;
        this.push(unit);
      },
    });
  };
  return { size, digest: `sha256:${hash.digest('hex')}`, stream };
}

/** POST an upload, then PUT the whole blob; returns seconds for the two requests. */
async function pushBlob(base, repository, blob, auth) {
  const headers = auth ? { Authorization: auth } : {};
  const started = process.hrtime.bigint();
  const begin = await request(`${base}/v2/${repository}/blobs/uploads/`, { method: 'POST', headers: { ...headers, 'Content-Length': '0' } });
  if (begin.status !== 202) throw new Error(`upload start at ${base}: ${begin.status} ${begin.text}`);
  const location = new URL(begin.headers.location, base);
  location.searchParams.set('digest', blob.digest);
  const put = await request(location.toString(), {
    method: 'PUT',
    headers: { ...headers, 'Content-Type': 'application/octet-stream', 'Content-Length': String(blob.size) },
    body: blob.stream(),
  });
  if (put.status !== 201) throw new Error(`upload at ${base}: ${put.status} ${put.text}`);
  return Number(process.hrtime.bigint() - started) / 1e9;
}

/** GET a blob and discard it; returns seconds, checking the size (the digest is checked once apart). */
function pullBlob(base, repository, blob, auth, verify = false) {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    http
      .get(`${base}/v2/${repository}/blobs/${blob.digest}`, { headers: auth ? { Authorization: auth } : {} }, (res) => {
        if (res.statusCode !== 200) return reject(new Error(`pull from ${base}: ${res.statusCode}`));
        const hash = verify ? createHash('sha256') : null;
        let bytes = 0;
        res.on('data', (c) => {
          bytes += c.length;
          hash?.update(c);
        });
        res.on('end', () => {
          if (bytes !== blob.size) return reject(new Error(`pull from ${base}: ${bytes} bytes, expected ${blob.size}`));
          if (hash && `sha256:${hash.digest('hex')}` !== blob.digest) return reject(new Error(`pull from ${base}: digest mismatch`));
          resolve(Number(process.hrtime.bigint() - started) / 1e9);
        });
        res.on('error', reject);
      })
      .on('error', reject);
  });
}

async function load(url, headers) {
  const result = await autocannon({ url, connections: CONNECTIONS, duration: LOAD_SECONDS, headers });
  const failures = result.non2xx + result.errors + result.timeouts;
  if (failures > 0) throw new Error(`${url}: ${failures} failed requests of ${result.requests.total}`);
  return result.requests.average;
}

/** A process and its children (nginx's master and workers). */
function processTree(pid) {
  const children = fs.readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
  return [pid, ...children.flatMap(processTree)];
}

/** User + system CPU seconds of some processes (clock ticks of 10 ms). */
function cpuSeconds(pids) {
  return pids.reduce((sum, pid) => {
    const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return sum + (Number(fields[11]) + Number(fields[12])) / 100;
  }, 0);
}

async function cpuPerPull(pids, pull) {
  const before = cpuSeconds(pids);
  for (let i = 0; i < ROUNDS; i++) await pull();
  return (cpuSeconds(pids) - before) / ROUNDS;
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function rssMiB(pid) {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/^VmRSS:\s+(\d+) kB/m.exec(status)[1]) / 1024;
}

// ---------- the run ----------

async function main() {
  assertPortsFree();
  ensureCommand('docker-registry', 'docker-registry');
  ensureCommand('nginx', 'nginx');
  ensureBuild();

  const htpasswd = path.join(work, 'htpasswd');
  // bcrypt cost 5, the default of `htpasswd -B` that distribution's documentation uses.
  fs.writeFileSync(htpasswd, `${USER.name}:${bcrypt.hashSync(USER.password, 5)}\n`);
  registryConfig(path.join(work, 'registry.yml'), PORTS.registry, path.join(work, 'storage'));
  registryConfig(path.join(work, 'registry-htpasswd.yml'), PORTS.htpasswdRegistry, path.join(work, 'storage-htpasswd'), htpasswd);
  start('registry', 'docker-registry', ['serve', path.join(work, 'registry.yml')]);
  start('registry-htpasswd', 'docker-registry', ['serve', path.join(work, 'registry-htpasswd.yml')]);
  const nginx = start('nginx', 'nginx', ['-c', nginxConfig(path.join(work, 'nginx')), '-p', path.join(work, 'nginx')]);
  // Node with tsx as a loader, not the tsx CLI, so that the server is this one process (its RSS is measured).
  const berth = start('berth', process.execPath, ['--import', 'tsx', 'scripts/server.ts'], {
    NODE_ENV: 'production',
    PORT: String(PORTS.berth),
    DATA_DIR: path.join(work, 'data'),
    DATABASE_URL: '',
    ADMIN_USERNAME: ADMIN.name,
    ADMIN_PASSWORD: ADMIN.password,
    REGISTRY_UPSTREAM_URL: `http://127.0.0.1:${PORTS.registry}`,
  });
  const registryUrl = `http://127.0.0.1:${PORTS.registry}`;
  const htpasswdUrl = `http://127.0.0.1:${PORTS.htpasswdRegistry}`;
  const nginxUrl = `http://127.0.0.1:${PORTS.nginx}`;
  const berthUrl = `http://127.0.0.1:${PORTS.berth}`;
  await waitFor(`${registryUrl}/v2/`, (s) => s === 200);
  await waitFor(`${htpasswdUrl}/v2/`, (s) => s === 401);
  await waitFor(`${nginxUrl}/v2/`, (s) => s === 200);
  await waitFor(`${berthUrl}/api/health`, (s) => s === 200);
  log(`servers up; working in ${work}`);

  await api('POST', '/enzi/v0/accounts', ADMIN, { name: USER.name, password: USER.password });
  const { token } = await api('POST', '/api/v0/api_tokens', USER, { tokenLabel: 'bench' });
  const tokenAuth = basic(USER.name, token);
  for (let i = 0; i < 50; i++) await api('POST', `/api/v0/repositories/${USER.name}`, USER, { name: `repo-${String(i).padStart(2, '0')}` });

  const rows = [];
  const row = (figure, value, unit, baselineName, baseline, target, higherIsBetter = true) => {
    const ratio = value / baseline;
    rows.push({ figure, value, unit, baselineName, baseline, ratio, target, pass: higherIsBetter ? ratio >= target : ratio <= target });
  };

  // 1. /v2/ ping: Basic token auth through Berth vs the registry's own htpasswd (bcrypt) Basic auth.
  log('ping load…');
  await load(`${berthUrl}/v2/`, { Authorization: tokenAuth }); // warm-up
  const pingBerth = await load(`${berthUrl}/v2/`, { Authorization: tokenAuth });
  const pingRegistry = await load(`${htpasswdUrl}/v2/`, { Authorization: basic(USER.name, USER.password) });
  row('`GET /v2/`, Basic token auth', pingBerth, 'req/s', 'registry htpasswd `GET /v2/`', pingRegistry, 1.0);

  // 2. The REST API list against /_ping of the same server.
  log('API load…');
  const listUrl = `${berthUrl}/api/v0/repositories?pageSize=10`;
  await load(listUrl, { Authorization: tokenAuth });
  const list = await load(listUrl, { Authorization: tokenAuth });
  const ping = await load(`${berthUrl}/_ping`, {});
  row('`GET /api/v0/repositories` (50 repos, pageSize=10), Basic token auth, embedded PGlite', list, 'req/s', '`GET /_ping`', ping, 0.6);

  // 2b. The same on PostgreSQL, the configuration for more than one instance.
  log('API load on PostgreSQL…');
  const dbName = `berth_bench_${Date.now()}`;
  const admin = postgres(POSTGRES_URL, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${dbName}`);
  // Dropped once every server has stopped (see the end of this file).
  afterStop.push(async () => {
    await admin.unsafe(`drop database if exists ${dbName} with (force)`);
    await admin.end();
  });
  {
    const pgUrl = new URL(POSTGRES_URL);
    pgUrl.pathname = `/${dbName}`;
    start('berth-postgres', process.execPath, ['--import', 'tsx', 'scripts/server.ts'], {
      NODE_ENV: 'production',
      PORT: String(PORTS.berthPostgres),
      DATABASE_URL: pgUrl.toString(),
      ADMIN_USERNAME: ADMIN.name,
      ADMIN_PASSWORD: ADMIN.password,
    });
    const pgBerthUrl = `http://127.0.0.1:${PORTS.berthPostgres}`;
    await waitFor(`${pgBerthUrl}/api/health`, (s) => s === 200);
    await api('POST', '/enzi/v0/accounts', ADMIN, { name: USER.name, password: USER.password }, PORTS.berthPostgres);
    const pgToken = (await api('POST', '/api/v0/api_tokens', USER, { tokenLabel: 'bench' }, PORTS.berthPostgres)).token;
    for (let i = 0; i < 50; i++) {
      await api('POST', `/api/v0/repositories/${USER.name}`, USER, { name: `repo-${String(i).padStart(2, '0')}` }, PORTS.berthPostgres);
    }
    const pgListUrl = `${pgBerthUrl}/api/v0/repositories?pageSize=10`;
    const pgAuth = { Authorization: basic(USER.name, pgToken) };
    await load(pgListUrl, pgAuth);
    const pgList = await load(pgListUrl, pgAuth);
    const pgPing = await load(`${pgBerthUrl}/_ping`, {});
    row('`GET /api/v0/repositories` (50 repos, pageSize=10), Basic token auth, PostgreSQL', pgList, 'req/s', '`GET /_ping`', pgPing, 0.6);
  }

  // 3. Blob push, 256 MiB: through Berth vs straight to the registry (median of rounds, alternating).
  log('push…');
  const repo = `${USER.name}/bench`;
  await pushBlob(berthUrl, repo, makeBlob(8), tokenAuth); // warm-up, creates the repository
  const pushBerth = [];
  const pushDirect = [];
  const blobs = [];
  for (let i = 0; i < ROUNDS; i++) {
    const viaBerth = makeBlob(BLOB_MIB);
    pushBerth.push(await pushBlob(berthUrl, repo, viaBerth, tokenAuth));
    blobs.push(viaBerth);
    pushDirect.push(await pushBlob(registryUrl, repo, makeBlob(BLOB_MIB), null));
  }
  const mibps = (seconds) => BLOB_MIB / seconds;
  row(`blob push ${BLOB_MIB} MiB through \`/v2/\``, mibps(median(pushBerth)), 'MiB/s', 'straight to the registry', mibps(median(pushDirect)), 0.85);

  // 4. Blob pull, 256 MiB: through Berth vs nginx in front of the same registry, and vs straight.
  log('pull…');
  const pulled = blobs[0];
  await pullBlob(berthUrl, repo, pulled, tokenAuth, true);
  await pullBlob(nginxUrl, repo, pulled, null, true);
  const pullBerth = [];
  const pullNginx = [];
  const pullDirect = [];
  for (let i = 0; i < ROUNDS; i++) {
    pullBerth.push(await pullBlob(berthUrl, repo, pulled, tokenAuth));
    pullNginx.push(await pullBlob(nginxUrl, repo, pulled, null));
    pullDirect.push(await pullBlob(registryUrl, repo, pulled, null));
  }
  // CPU seconds each proxy spends per pull: steadier than wall time on a busy 2-core machine.
  const cpuBerth = await cpuPerPull([berth.pid], () => pullBlob(berthUrl, repo, pulled, tokenAuth));
  const cpuNginx = await cpuPerPull(processTree(nginx.pid), () => pullBlob(nginxUrl, repo, pulled, null));
  const berthPull = mibps(median(pullBerth));
  row(`blob pull ${BLOB_MIB} MiB through \`/v2/\``, berthPull, 'MiB/s', 'through nginx (no buffering)', mibps(median(pullNginx)), 1.0);
  row(`blob pull ${BLOB_MIB} MiB through \`/v2/\``, berthPull, 'MiB/s', 'straight from the registry (sendfile)', mibps(median(pullDirect)), 0, true);
  rows.push({
    figure: `CPU per ${BLOB_MIB} MiB pull, Berth's process`,
    value: cpuBerth,
    unit: 's',
    baselineName: "nginx's processes",
    baseline: cpuNginx,
    ratio: cpuBerth / cpuNginx,
    target: 'reported',
    pass: null,
  });

  // 5. Server memory while pushing and pulling 1 GiB.
  log('1 GiB push and pull…');
  global.gc?.();
  const before = rssMiB(berth.pid);
  let peak = before;
  const sampler = setInterval(() => (peak = Math.max(peak, rssMiB(berth.pid))), 50);
  const big = makeBlob(BIG_MIB);
  await pushBlob(berthUrl, repo, big, tokenAuth);
  await pullBlob(berthUrl, repo, big, tokenAuth, true);
  clearInterval(sampler);
  const after = rssMiB(berth.pid);
  rows.push({
    figure: `server RSS growth, ${BIG_MIB} MiB push + pull`,
    value: peak - before,
    unit: 'MiB',
    baselineName: `RSS before (after: ${after.toFixed(0)} MiB)`,
    baseline: before,
    ratio: null,
    target: '≤ 64 MiB',
    pass: peak - before <= 64,
  });

  // 6. Password sign-in (argon2), p50 of sequential token-service requests with the password.
  log('password p50…');
  const times = [];
  for (let i = 0; i < 21; i++) {
    const started = process.hrtime.bigint();
    const res = await request(`${berthUrl}/auth/token?service=bench`, { headers: { Authorization: basic(USER.name, USER.password) } });
    if (res.status !== 200) throw new Error(`password sign-in: ${res.status}`);
    times.push(Number(process.hrtime.bigint() - started) / 1e6);
  }
  rows.push({
    figure: 'password sign-in (argon2) p50, via `/auth/token`',
    value: median(times),
    unit: 'ms',
    baselineName: '',
    baseline: null,
    ratio: null,
    target: '≤ 150 ms',
    pass: median(times) <= 150,
  });
  return rows;
}

function table(rows) {
  const fmt = (n, digits = 1) => (n === null || n === undefined ? '' : Number(n).toFixed(digits));
  const lines = [
    '| figure | Berth | baseline | baseline value | ratio | target | met |',
    '|---|---|---|---|---|---|---|',
    ...rows.map((r) => {
      const target = typeof r.target === 'number' ? (r.target > 0 ? `≥ ${r.target}×` : 'reported') : r.target;
      const digits = r.unit === 's' ? 2 : 1;
      const met = r.pass === null || r.target === 0 ? '' : r.pass ? 'yes' : 'no';
      return `| ${r.figure} | ${fmt(r.value, digits)} ${r.unit} | ${r.baselineName} | ${r.baseline === null ? '' : `${fmt(r.baseline, digits)} ${r.unit}`} | ${r.ratio === null ? '' : `${fmt(r.ratio, 2)}×`} | ${target} | ${met} |`;
    }),
  ];
  return lines.join('\n');
}

const command = 'npm run bench';
let rows;
try {
  rows = await main();
} catch (error) {
  console.error(error);
  process.exitCode = 1;
} finally {
  await stopAll();
  for (const cleanup of afterStop) await cleanup().catch((error) => console.error(error));
  fs.rmSync(work, { recursive: true, force: true });
}
if (rows) {
  const header = [
    `Machine: ${os.cpus().length} cores (${os.cpus()[0]?.model ?? 'unknown CPU'}), ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, ${new Date().toISOString()}`,
    `Command: \`${command}\` (load: autocannon, ${CONNECTIONS} connections, ${LOAD_SECONDS} s each; transfers: median of ${ROUNDS}; loopback only)`,
  ];
  const text = `${header.join('\n')}\n\n${table(rows)}\n`;
  console.log(`\n${text}`);
  fs.writeFileSync(path.join(ROOT, 'bench', 'RESULTS.md'), `# Benchmark results\n\nWritten by \`npm run bench\` (bench/run.mjs); SPEC 9 gives the targets.\n\n${text}`);
}
