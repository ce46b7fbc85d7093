// A minimal registry client that pushes and pulls a one-layer image through any /v2 (the registry
// itself: useDockerRegistry in real-registry.ts).
import { createHash } from 'node:crypto';

const digestOf = (data: Buffer) => `sha256:${createHash('sha256').update(data).digest('hex')}`;
const MANIFEST_TYPE = 'application/vnd.oci.image.manifest.v1+json';

async function expectStatus(response: Response, status: number, what: string) {
  if (response.status !== status) throw new Error(`${what}: ${response.status} ${await response.text()}`);
}

/** The headers of a client: its Authorization and, for the test's proxy, the address it stands for. */
export const client = (authorization: string, ip = '127.0.0.1') => ({ authorization, 'x-test-client-ip': ip });
type Client = ReturnType<typeof client>;

async function pushBlob(base: string, repository: string, data: Buffer, headers: Client) {
  const start = await fetch(`${base}/v2/${repository}/blobs/uploads/`, { method: 'POST', headers });
  await expectStatus(start, 202, 'upload start');
  const location = new URL(start.headers.get('location') ?? '', base);
  location.searchParams.set('digest', digestOf(data));
  const put = await fetch(location, { method: 'PUT', headers: { ...headers, 'content-type': 'application/octet-stream' }, body: new Uint8Array(data) });
  await expectStatus(put, 201, 'upload end');
}

/** Pushes a one-layer image `repository:tag` through `base` (a manifest PUT: one push). */
export async function pushImage(base: string, repository: string, tag: string, headers: Client) {
  const config = Buffer.from(JSON.stringify({ architecture: 'amd64', os: 'linux', rootfs: { type: 'layers', diff_ids: [] } }));
  const layer = Buffer.from(`layer of ${repository}:${tag}`);
  await pushBlob(base, repository, config, headers);
  await pushBlob(base, repository, layer, headers);
  const manifest = JSON.stringify({
    schemaVersion: 2,
    mediaType: MANIFEST_TYPE,
    config: { mediaType: 'application/vnd.oci.image.config.v1+json', digest: digestOf(config), size: config.length },
    layers: [{ mediaType: 'application/vnd.oci.image.layer.v1.tar', digest: digestOf(layer), size: layer.length }],
  });
  const put = await fetch(`${base}/v2/${repository}/manifests/${tag}`, { method: 'PUT', headers: { ...headers, 'content-type': MANIFEST_TYPE }, body: manifest });
  await expectStatus(put, 201, 'manifest push');
}

/** Pulls the manifest of `repository:tag` through `base` (a manifest GET: one pull); a HEAD is no pull. */
export async function pullManifest(base: string, repository: string, tag: string, headers: Client, method: 'GET' | 'HEAD' = 'GET') {
  const response = await fetch(`${base}/v2/${repository}/manifests/${tag}`, { method, headers: { ...headers, accept: MANIFEST_TYPE } });
  await expectStatus(response, 200, `manifest ${method}`);
  await response.arrayBuffer();
}
