// SPEC 11: `GET /api/v0/repositories/{ns}/{repo}/tags` of a 100-tag repository once its manifest
// details are cached, p50 over sequential requests with Basic token auth (pages of 10, the default,
// and one page of 100). Every tag names an image of its own, pushed through Berth's /v2.
import { createHash, randomBytes } from 'node:crypto';
import { request } from '../lib/http.mjs';
import { median } from '../lib/measure.mjs';
import { berth } from '../lib/services.mjs';
import { log, USER } from '../lib/settings.mjs';

const BOUND_MS = 50;
const TAGS = 100;
const REPOSITORY = `${USER.name}/tagged`;

const digestOf = (data) => `sha256:${createHash('sha256').update(data).digest('hex')}`;

async function pushBlob(url, auth, data) {
  const start = await request(`${url}/v2/${REPOSITORY}/blobs/uploads/`, { method: 'POST', headers: { Authorization: auth, 'Content-Length': 0 } });
  if (start.status !== 202) throw new Error(`upload start: ${start.status} ${start.text}`);
  const location = new URL(start.headers.location, url);
  location.searchParams.set('digest', digestOf(data));
  const put = await request(location.toString(), {
    method: 'PUT',
    headers: { Authorization: auth, 'Content-Type': 'application/octet-stream', 'Content-Length': data.length },
    body: data,
  });
  if (put.status !== 201) throw new Error(`blob PUT: ${put.status} ${put.text}`);
  return { mediaType: 'application/octet-stream', digest: digestOf(data), size: data.length };
}

/** 100 tags, each an image with a config of its own and one shared layer. */
async function pushTags(url, auth) {
  const layer = await pushBlob(url, auth, randomBytes(4096));
  layer.mediaType = 'application/vnd.oci.image.layer.v1.tar+gzip';
  for (let i = 0; i < TAGS; i++) {
    const config = await pushBlob(url, auth, Buffer.from(JSON.stringify({ os: 'linux', architecture: 'amd64', rootfs: { type: 'layers', diff_ids: [] }, n: i })));
    config.mediaType = 'application/vnd.oci.image.config.v1+json';
    const manifest = JSON.stringify({ schemaVersion: 2, mediaType: 'application/vnd.oci.image.manifest.v1+json', config, layers: [layer] });
    const tag = `v${String(i).padStart(3, '0')}`;
    const put = await request(`${url}/v2/${REPOSITORY}/manifests/${tag}`, {
      method: 'PUT',
      headers: { Authorization: auth, 'Content-Type': 'application/vnd.oci.image.manifest.v1+json', 'Content-Length': Buffer.byteLength(manifest) },
      body: manifest,
    });
    if (put.status !== 201) throw new Error(`manifest PUT: ${put.status} ${put.text}`);
  }
}

async function p50(url, auth, pageSize, rounds = 21) {
  const listUrl = `${url}/api/v0/repositories/${REPOSITORY}/tags?pageSize=${pageSize}`;
  const times = [];
  for (let i = 0; i < rounds; i++) {
    const started = process.hrtime.bigint();
    const res = await request(listUrl, { headers: { Authorization: auth } });
    if (res.status !== 200 || JSON.parse(res.text).length !== Math.min(pageSize, TAGS)) throw new Error(`tags list: ${res.status} ${res.text.slice(0, 200)}`);
    times.push(Number(process.hrtime.bigint() - started) / 1e6);
  }
  return median(times);
}

const row = (figure, value) => ({ figure, value, unit: 'ms', baselineName: '', baseline: null, ratio: null, target: `≤ ${BOUND_MS} ms`, pass: value <= BOUND_MS });

export default async function tagsList() {
  const server = await berth();
  log('pushing 100 tags…');
  await pushTags(server.url, server.tokenAuth);
  // Once through every page, so that every manifest's details are cached.
  await p50(server.url, server.tokenAuth, 100, 1);
  log('tags list p50…');
  return [
    row('`GET …/tags` of a 100-tag repository, cached, p50, pageSize=10 (default)', await p50(server.url, server.tokenAuth, 10)),
    row('`GET …/tags` of a 100-tag repository, cached, p50, pageSize=100', await p50(server.url, server.tokenAuth, 100)),
  ];
}
