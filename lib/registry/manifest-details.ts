// What a manifest digest holds (SPEC 11): its size (config plus layers), its platforms and media type,
// read from the registry once and cached by digest, since a digest's content never changes.
import { z } from 'zod';
import type { ManifestDetails, Platform } from '@/db/schema-tags';
import { cacheManifestDetails, cachedManifestDetails } from '@/lib/registry/queries';
import type { UpstreamClient } from '@/lib/registry/upstream-client';

export type Details = Omit<ManifestDetails, 'cachedAt'>;

const descriptor = z.object({ digest: z.string(), size: z.number().nonnegative(), mediaType: z.string().optional() });
const imageManifest = z.object({ config: descriptor, layers: z.array(descriptor).default([]) });
const indexManifest = z.object({
  manifests: z.array(
    descriptor.extend({
      platform: z.object({ os: z.string(), architecture: z.string(), variant: z.string().optional() }).optional(),
      annotations: z.record(z.string(), z.string()).optional(),
    }),
  ),
});
const imageConfig = z.object({
  os: z.string().optional(),
  architecture: z.string().optional(),
  variant: z.string().optional(),
  created: z.string().optional(),
});

const INDEX_TYPES = new Set(['application/vnd.oci.image.index.v1+json', 'application/vnd.docker.distribution.manifest.list.v2+json']);

const short = (text: string | undefined, length = 32) => (text ?? '').slice(0, length);

function createdAt(text: string | undefined): Date | null {
  const date = text ? new Date(text) : null;
  return date && !Number.isNaN(date.getTime()) ? date : null;
}

/** An image manifest's details: the sizes it lists, and the platform its config names. */
async function imageDetails(client: UpstreamClient, name: string, digest: string, mediaType: string, json: unknown): Promise<Details> {
  const manifest = imageManifest.parse(json);
  const size = manifest.config.size + manifest.layers.reduce((sum, layer) => sum + layer.size, 0);
  const config = imageConfig.safeParse(await client.getJsonBlob(name, manifest.config.digest));
  const c = config.success ? config.data : {};
  const platform: Platform = { os: short(c.os), architecture: short(c.architecture), digest, size };
  if (c.variant) platform.variant = short(c.variant);
  return { digest, mediaType, size, os: platform.os, architecture: platform.architecture, platforms: [platform], imageCreatedAt: createdAt(c.created) };
}

/** Reads one manifest's details from the registry (an index: each of its images). */
async function readDetails(client: UpstreamClient, name: string, digest: string): Promise<Details | null> {
  const manifest = await client.getManifest(name, digest);
  if (!manifest) return null;
  const json: unknown = JSON.parse(manifest.body.toString('utf8'));
  const mediaType = manifest.mediaType || String((json as { mediaType?: unknown }).mediaType ?? '');
  if (!INDEX_TYPES.has(mediaType)) return imageDetails(client, name, digest, mediaType, json);

  const index = indexManifest.parse(json);
  // Build attestations (buildx's "unknown/unknown" entries) are no platform.
  const images = index.manifests.filter((m) => m.annotations?.['vnd.docker.reference.type'] !== 'attestation-manifest');
  const platforms: Platform[] = [];
  let created: Date | null = null;
  for (const image of images) {
    const child = await detailsOf(client, name, [image.digest]);
    const details = child.get(image.digest);
    const platform: Platform = {
      os: short(image.platform?.os ?? details?.os),
      architecture: short(image.platform?.architecture ?? details?.architecture),
      digest: image.digest,
      size: details?.size ?? image.size,
    };
    const variant = image.platform?.variant ?? details?.platforms[0]?.variant;
    if (variant) platform.variant = short(variant);
    platforms.push(platform);
    created ??= details?.imageCreatedAt ?? null;
  }
  const size = platforms.reduce((sum, p) => sum + p.size, 0);
  // The index's own os/architecture: its first platform's (MSR shows the same).
  return { digest, mediaType, size, os: platforms[0]?.os ?? '', architecture: platforms[0]?.architecture ?? '', platforms, imageCreatedAt: created };
}

/**
 * The details of each digest: from the cache, or read from the registry and cached. A digest the
 * registry no longer has is left out.
 */
export async function detailsOf(client: UpstreamClient, name: string, digests: string[]): Promise<Map<string, Details>> {
  const unique = [...new Set(digests)];
  const found = new Map<string, Details>((await cachedManifestDetails(unique)).map((d) => [d.digest, d]));
  for (const digest of unique) {
    if (found.has(digest)) continue;
    const details = await readDetails(client, name, digest);
    if (!details) continue;
    await cacheManifestDetails(details);
    found.set(digest, details);
  }
  return found;
}
