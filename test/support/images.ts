// Images pushed through Berth's /v2 proxy the way a registry client pushes them: blobs by upload,
// then the manifest; an OCI index over several platforms; all built here, nothing downloaded.
import { createHash, randomBytes } from 'node:crypto';
import { expect } from 'vitest';

const sha256 = (data: Buffer) => `sha256:${createHash('sha256').update(data).digest('hex')}`;

export const OCI_MANIFEST = 'application/vnd.oci.image.manifest.v1+json';
export const OCI_INDEX = 'application/vnd.oci.image.index.v1+json';

export type Pushed = { digest: string; size: number; status: number; body: string };
export type Platform = { os: string; architecture: string; variant?: string };

/** Pushes one blob (upload start, then a monolithic PUT); answers its descriptor. */
async function pushBlob(registry: string, name: string, auth: string, data: Buffer, mediaType: string) {
  const start = await fetch(`${registry}/v2/${name}/blobs/uploads/`, { method: 'POST', headers: { Authorization: auth } });
  expect(start.status, await start.clone().text()).toBe(202);
  const location = new URL(start.headers.get('location') ?? '', registry);
  const digest = sha256(data);
  location.searchParams.set('digest', digest);
  const put = await fetch(location, { method: 'PUT', headers: { Authorization: auth, 'Content-Type': 'application/octet-stream' }, body: new Uint8Array(data) });
  expect(put.status, await put.clone().text()).toBe(201);
  return { mediaType, digest, size: data.length };
}

/** PUTs a manifest under a tag or digest; answers the upstream's status and body as they came. */
export async function putManifest(registry: string, name: string, reference: string, auth: string, manifest: Buffer, mediaType: string): Promise<Pushed> {
  const response = await fetch(`${registry}/v2/${name}/manifests/${reference}`, {
    method: 'PUT',
    headers: { Authorization: auth, 'Content-Type': mediaType },
    body: new Uint8Array(manifest),
  });
  return { digest: sha256(manifest), size: 0, status: response.status, body: await response.text() };
}

/** Builds and pushes an image's blobs (a config and `layers` random layers); answers its manifest. */
export async function imageManifest(registry: string, name: string, auth: string, platform: Platform = { os: 'linux', architecture: 'amd64' }, layers = 2) {
  const config = Buffer.from(JSON.stringify({ ...platform, created: '2026-01-02T03:04:05Z', rootfs: { type: 'layers', diff_ids: [] }, nonce: randomBytes(8).toString('hex') }));
  const configDescriptor = await pushBlob(registry, name, auth, config, 'application/vnd.oci.image.config.v1+json');
  const layerDescriptors = [];
  for (let i = 0; i < layers; i++) {
    layerDescriptors.push(await pushBlob(registry, name, auth, randomBytes(1000 + i * 500), 'application/vnd.oci.image.layer.v1.tar+gzip'));
  }
  const manifest = Buffer.from(JSON.stringify({ schemaVersion: 2, mediaType: OCI_MANIFEST, config: configDescriptor, layers: layerDescriptors }));
  const size = configDescriptor.size + layerDescriptors.reduce((sum, l) => sum + l.size, 0);
  return { manifest, digest: sha256(manifest), size, blobs: [configDescriptor, ...layerDescriptors].map((d) => d.digest) };
}

/** Pushes a single-platform image under `tag`, expecting the push to succeed. */
export async function pushImage(registry: string, name: string, tag: string, auth: string, platform?: Platform) {
  const image = await imageManifest(registry, name, auth, platform);
  const pushed = await putManifest(registry, name, tag, auth, image.manifest, OCI_MANIFEST);
  expect(pushed.status, pushed.body).toBe(201);
  return image;
}

/** Pushes an OCI index over one image per platform under `tag`. */
export async function pushIndex(registry: string, name: string, tag: string, auth: string, platforms: Platform[]) {
  const images = [];
  for (const platform of platforms) {
    const image = await imageManifest(registry, name, auth, platform);
    const pushed = await putManifest(registry, name, image.digest, auth, image.manifest, OCI_MANIFEST);
    expect(pushed.status, pushed.body).toBe(201);
    images.push({ ...image, platform });
  }
  const index = Buffer.from(
    JSON.stringify({
      schemaVersion: 2,
      mediaType: OCI_INDEX,
      manifests: images.map((i) => ({ mediaType: OCI_MANIFEST, digest: i.digest, size: i.manifest.length, platform: i.platform })),
    }),
  );
  const pushed = await putManifest(registry, name, tag, auth, index, OCI_INDEX);
  expect(pushed.status, pushed.body).toBe(201);
  return { digest: sha256(index), index, images };
}
