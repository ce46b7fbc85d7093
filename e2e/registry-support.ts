// Real clients for the registry specs: the docker CLI, skopeo and docker-registry, and a small
// multi-layer OCI image the tests build themselves, so nothing is downloaded.
import { execFile, spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import http, { type IncomingHttpHeaders } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { BLOB, recordAuthorization, recordExchange, recordSecret } from './leak-record';

/** Fails (never skips) with the install line when a client the test needs is missing. */
export function requireTool(binary: string, debianPackage: string) {
  const probe = spawnSync(binary, ['--version'], { encoding: 'utf8' });
  if (probe.error) {
    throw new Error(`${binary} is required by the registry tests and was not found: apt-get install ${debianPackage}`);
  }
}

export type RunResult = { code: number; stdout: string; stderr: string };

/** Runs a client to the end; never throws on a non-zero exit, so tests can assert refusals. */
export function run(binary: string, args: string[], opts: { input?: string; env?: Record<string, string>; timeoutMs?: number } = {}) {
  return new Promise<RunResult>((resolve, reject) => {
    const child = execFile(
      binary,
      args,
      { env: { ...process.env, ...opts.env }, timeout: opts.timeoutMs ?? 120_000, maxBuffer: 16 * 1024 * 1024 },
      (error, stdout, stderr) => {
        if (error && typeof error.code !== 'number') return reject(error);
        resolve({ code: error ? Number(error.code) : 0, stdout, stderr });
      },
    );
    if (opts.input !== undefined) child.stdin?.end(opts.input);
  });
}

const tempDirs: string[] = [];
// Layouts and pulled images are small; they go when the worker does.
process.on('exit', () => {
  for (const dir of tempDirs) fs.rmSync(dir, { recursive: true, force: true });
});

export function tempDir(prefix: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  tempDirs.push(dir);
  return dir;
}

export const sha256 = (data: Buffer | string) => createHash('sha256').update(data).digest('hex');

/** A one-file ustar archive. */
function tarOf(name: string, content: Buffer): Buffer {
  const header = Buffer.alloc(512);
  const field = (offset: number, length: number, value: string) => header.write(value, offset, length, 'ascii');
  const octal = (n: number, length: number) => n.toString(8).padStart(length - 1, '0') + '\0';
  field(0, 100, name);
  field(100, 8, octal(0o644, 8));
  field(108, 8, octal(0, 8));
  field(116, 8, octal(0, 8));
  field(124, 12, octal(content.length, 12));
  field(136, 12, octal(0, 12));
  field(148, 8, '        ');
  field(156, 1, '0');
  field(257, 6, 'ustar\0');
  field(263, 2, '00');
  let sum = 0;
  for (const byte of header) sum += byte;
  field(148, 8, sum.toString(8).padStart(6, '0') + '\0 ');
  const padding = Buffer.alloc((512 - (content.length % 512)) % 512);
  return Buffer.concat([header, content, padding, Buffer.alloc(1024)]);
}

type Descriptor = { mediaType: string; digest: string; size: number };

/**
 * Writes an OCI image layout with `layers` small gzip layers of random content under a temp
 * folder, tagged `tag`. Returns the layout path and the manifest digest.
 */
export function buildOciImage(tag: string, layers = 3): { layout: string; manifestDigest: string } {
  const layout = tempDir('berth-oci-');
  fs.mkdirSync(path.join(layout, 'blobs', 'sha256'), { recursive: true });
  const writeBlob = (mediaType: string, data: Buffer): Descriptor => {
    const hex = sha256(data);
    fs.writeFileSync(path.join(layout, 'blobs', 'sha256', hex), data);
    return { mediaType, digest: `sha256:${hex}`, size: data.length };
  };
  const layerDescriptors: Descriptor[] = [];
  const diffIds: string[] = [];
  for (let i = 0; i < layers; i++) {
    const tar = tarOf(`layer-${i}.txt`, Buffer.from(`layer ${i} ${randomBytes(16).toString('hex')}\n`));
    diffIds.push(`sha256:${sha256(tar)}`);
    layerDescriptors.push(writeBlob('application/vnd.oci.image.layer.v1.tar+gzip', gzipSync(tar)));
  }
  const imageConfig = {
    architecture: 'amd64',
    os: 'linux',
    config: { Cmd: ['/bin/true'] },
    rootfs: { type: 'layers', diff_ids: diffIds },
  };
  const configDescriptor = writeBlob('application/vnd.oci.image.config.v1+json', Buffer.from(JSON.stringify(imageConfig)));
  const manifest = {
    schemaVersion: 2,
    mediaType: 'application/vnd.oci.image.manifest.v1+json',
    config: configDescriptor,
    layers: layerDescriptors,
  };
  const manifestDescriptor = writeBlob('application/vnd.oci.image.manifest.v1+json', Buffer.from(JSON.stringify(manifest)));
  fs.writeFileSync(path.join(layout, 'oci-layout'), JSON.stringify({ imageLayoutVersion: '1.0.0' }));
  fs.writeFileSync(
    path.join(layout, 'index.json'),
    JSON.stringify({
      schemaVersion: 2,
      manifests: [{ ...manifestDescriptor, annotations: { 'org.opencontainers.image.ref.name': tag } }],
    }),
  );
  return { layout, manifestDigest: manifestDescriptor.digest };
}

/** The manifest digest a layout's index names for `tag`. */
export function ociManifestDigest(layout: string, tag: string): string | undefined {
  const index = JSON.parse(fs.readFileSync(path.join(layout, 'index.json'), 'utf8')) as {
    manifests: { digest: string; annotations?: Record<string, string> }[];
  };
  return index.manifests.find((m) => m.annotations?.['org.opencontainers.image.ref.name'] === tag)?.digest;
}

/** Resident memory of a process in MiB (VmRSS). */
export function rssMiB(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kib = Number(/^VmRSS:\s+(\d+) kB/m.exec(status)?.[1]);
  return Math.round((kib / 1024) * 10) / 10;
}

/** A blob of `mib` MiB made of one random MiB repeated, streamed without holding it in memory. */
export class PatternBlob {
  private readonly unit = randomBytes(1024 * 1024);
  readonly size: number;
  readonly digest: string;

  constructor(readonly mib: number) {
    this.size = mib * this.unit.length;
    const hash = createHash('sha256');
    for (let i = 0; i < mib; i++) hash.update(this.unit);
    this.digest = `sha256:${hash.digest('hex')}`;
  }

  /** Bytes [start, end) as a stream. */
  stream(start = 0, end = this.size): Readable {
    const unit = this.unit;
    let offset = start;
    return new Readable({
      read() {
        if (offset >= end) return void this.push(null);
        const at = offset % unit.length;
        const n = Math.min(unit.length - at, end - offset);
        offset += n;
        this.push(unit.subarray(at, at + n));
      },
    });
  }
}

export type HttpResult = { status: number; headers: IncomingHttpHeaders; body: string };

const flatHeaders = (headers: IncomingHttpHeaders) =>
  Object.fromEntries(Object.entries(headers).map(([name, value]) => [name, Array.isArray(value) ? value.join('\n') : String(value)]));

/** One HTTP request with a streamed body; the answer body is read as text (small answers only). */
export function httpRequest(
  url: string,
  opts: { method: string; headers?: Record<string, string | number>; body?: Readable },
): Promise<HttpResult> {
  recordAuthorization(String(opts.headers?.Authorization ?? ''), 'Authorization header');
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: opts.method, headers: opts.headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const body = Buffer.concat(chunks);
        recordExchange({ client: 'node', method: opts.method, url, status: res.statusCode ?? 0, action: false, headers: flatHeaders(res.headers), body });
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: body.toString('utf8') });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    if (opts.body) opts.body.pipe(req);
    else req.end();
  });
}

/** Streams a GET's body through SHA-256: status, digest and size, without keeping the bytes. */
export function httpDigest(url: string, headers: Record<string, string>): Promise<{ status: number; digest: string; bytes: number }> {
  recordAuthorization(headers.Authorization, 'Authorization header');
  return new Promise((resolve, reject) => {
    http
      .get(url, { headers }, (res) => {
        recordExchange({ client: 'node', method: 'GET', url, status: res.statusCode ?? 0, action: false, headers: flatHeaders(res.headers), bodyUnavailable: `${BLOB}, streamed through SHA-256` });
        const hash = createHash('sha256');
        let bytes = 0;
        res.on('data', (c: Buffer) => {
          bytes += c.length;
          hash.update(c);
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, digest: `sha256:${hash.digest('hex')}`, bytes }));
        res.on('error', reject);
      })
      .on('error', reject);
  });
}

function locationOf(result: HttpResult, base: string): string {
  const location = result.headers.location;
  if (!location) throw new Error(`No Location in a ${result.status} answer: ${result.body}`);
  return new URL(location, base).toString();
}

const withParam = (url: string, name: string, value: string) => {
  const u = new URL(url);
  u.searchParams.set(name, value);
  return u.toString();
};

/** Pushes a blob in one PUT after starting an upload (the monolithic flow). Returns the final answer. */
export async function pushBlobMonolithic(base: string, repository: string, blob: PatternBlob, auth: Record<string, string>) {
  const start = await httpRequest(`${base}/v2/${repository}/blobs/uploads/`, { method: 'POST', headers: { ...auth, 'Content-Length': 0 } });
  if (start.status !== 202) return start;
  return httpRequest(withParam(locationOf(start, base), 'digest', blob.digest), {
    method: 'PUT',
    headers: { ...auth, 'Content-Type': 'application/octet-stream', 'Content-Length': blob.size },
    body: blob.stream(),
  });
}

/** Pushes a blob as PATCH chunks of `chunkMiB` MiB with Content-Range, then closes it with a PUT. */
export async function pushBlobChunked(base: string, repository: string, blob: PatternBlob, auth: Record<string, string>, chunkMiB: number) {
  const start = await httpRequest(`${base}/v2/${repository}/blobs/uploads/`, { method: 'POST', headers: { ...auth, 'Content-Length': 0 } });
  if (start.status !== 202) return start;
  let location = locationOf(start, base);
  const chunk = chunkMiB * 1024 * 1024;
  for (let offset = 0; offset < blob.size; offset += chunk) {
    const end = Math.min(offset + chunk, blob.size);
    const patch = await httpRequest(location, {
      method: 'PATCH',
      headers: {
        ...auth,
        'Content-Type': 'application/octet-stream',
        'Content-Length': end - offset,
        'Content-Range': `${offset}-${end - 1}`,
      },
      body: blob.stream(offset, end),
    });
    if (patch.status !== 202) return patch;
    location = locationOf(patch, base);
  }
  return httpRequest(withParam(location, 'digest', blob.digest), { method: 'PUT', headers: { ...auth, 'Content-Length': 0 } });
}

/** `docker login` with the real CLI, its config in a fresh temp folder; the secret goes in on stdin. */
export async function dockerLogin(host: string, username: string, secret: string): Promise<RunResult> {
  recordSecret(secret, 'docker login');
  const config = tempDir('berth-docker-');
  try {
    return await run('docker', ['login', host, '-u', username, '--password-stdin'], {
      input: `${secret}\n`,
      env: { DOCKER_CONFIG: config },
      timeoutMs: 60_000,
    });
  } finally {
    fs.rmSync(config, { recursive: true, force: true });
  }
}
