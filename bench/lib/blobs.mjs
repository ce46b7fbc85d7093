// Registry blob transfers over the distribution API, timed: the push and pull figures' unit of work.
import { createHash, randomBytes } from 'node:crypto';
import http from 'node:http';
import { Readable } from 'node:stream';
import { failOnStall, request } from './http.mjs';
import { cpuSeconds } from './measure.mjs';
import { ROUNDS } from './settings.mjs';

/** A blob of `mib` random-looking MiB, generated as it streams (one random MiB repeated). */
export function makeBlob(mib) {
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
export async function pushBlob(base, repository, blob, auth) {
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
export function pullBlob(base, repository, blob, auth, verify = false) {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const req = http.get(`${base}/v2/${repository}/blobs/${blob.digest}`, { headers: auth ? { Authorization: auth } : {} }, (res) => {
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
    });
    failOnStall(req, `pull from ${base}`).on('error', reject);
  });
}

/** CPU seconds some processes spend per pull, over ROUNDS pulls. */
export async function cpuPerPull(pids, pull) {
  const before = cpuSeconds(pids);
  for (let i = 0; i < ROUNDS; i++) await pull();
  return (cpuSeconds(pids) - before) / ROUNDS;
}
