// Deleting in the registry behind Berth: one tag (docs/decisions/016-tag-deletion.md), or everything
// a repository holds before its row goes (SPEC 10: a re-created name reads nothing of the old one's;
// docs/decisions/017-deleting-repository-contents.md); an account's repositories all go that way.
import { z } from 'zod';
import { pushedDigestsOf, repositoriesOfNamespace } from '@/lib/registry/queries';
import { upstreamClient, type Manifest, type UpstreamClient } from '@/lib/registry/upstream-client';

/** Runs `fn` over `items` with at most `width` calls in progress; the results in the items' order. */
export async function mapConcurrently<T, R>(items: T[], width: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(width, items.length) }, worker));
  return out;
}

/**
 * Deletes one tag upstream. distribution 2.8 deletes manifests, not tags, and deleting a manifest
 * removes every tag that points at it; so when other tags share the digest, the manifest is put
 * back under each of them, byte for byte (the same digest). False when there is no such tag.
 */
export async function deleteTagUpstream(client: UpstreamClient, name: string, tag: string): Promise<boolean> {
  client.assertWritable();
  const manifest = await client.getManifest(name, tag);
  if (!manifest) return false;
  const others = (await client.listTags(name)).filter((t) => t !== tag);
  const digests = await mapConcurrently(others, 8, (t) => client.headManifest(name, t));
  const sharing = others.filter((_, i) => digests[i] === manifest.digest);
  await client.deleteManifest(name, manifest.digest);
  for (const other of sharing) await client.putManifest(name, other, manifest);
  return true;
}

const references = z.object({
  config: z.object({ digest: z.string() }).optional(),
  layers: z.array(z.object({ digest: z.string() })).optional(),
  manifests: z.array(z.object({ digest: z.string() })).optional(),
});

/** The manifests and blobs a manifest names (an index: its images; an image: config and layers). */
function referencedBy(manifest: Manifest): { manifests: string[]; blobs: string[] } {
  const parsed = references.safeParse(JSON.parse(manifest.body.toString('utf8')));
  if (!parsed.success) return { manifests: [], blobs: [] };
  const { config, layers = [], manifests = [] } = parsed.data;
  return { manifests: manifests.map((m) => m.digest), blobs: [...(config ? [config.digest] : []), ...layers.map((l) => l.digest)] };
}

/**
 * Deletes everything the repository holds upstream: every tagged manifest and what it references,
 * and every manifest and blob Berth saw pushed into it. Throws (503) when the registry cannot be
 * reached, before anything in Berth is deleted.
 */
export async function purgeRepositoryUpstream(client: UpstreamClient, repositoryId: string, name: string): Promise<void> {
  if (!client.configured) return;
  client.assertWritable();
  const pushed = await pushedDigestsOf(repositoryId);
  const manifests = new Set(pushed.filter((p) => p.kind === 'manifest').map((p) => p.digest));
  const blobs = new Set(pushed.filter((p) => p.kind === 'blob').map((p) => p.digest));
  const tags = await client.listTags(name);
  const queue: string[] = [...tags, ...manifests];
  const seen = new Set<string>();
  // Walk from the tags and the pushed manifests down to every manifest and blob they name.
  while (queue.length) {
    const batch = queue.splice(0, 8).filter((reference) => !seen.has(reference));
    batch.forEach((reference) => seen.add(reference));
    const read = await mapConcurrently(batch, 8, (reference) => client.getManifest(name, reference));
    for (const manifest of read) {
      if (!manifest) continue;
      manifests.add(manifest.digest);
      const named = referencedBy(manifest);
      named.blobs.forEach((b) => blobs.add(b));
      queue.push(...named.manifests.filter((m) => !seen.has(m)));
    }
  }
  await mapConcurrently([...manifests], 8, (digest) => client.deleteManifest(name, digest));
  await mapConcurrently([...blobs], 8, (digest) => client.deleteBlob(name, digest));
}

/** Deletes upstream what every repository of the namespace holds; throws 503 when the registry is away. */
export async function purgeNamespaceUpstream(namespaceId: string): Promise<void> {
  const client = upstreamClient();
  for (const repository of await repositoriesOfNamespace(namespaceId)) {
    await purgeRepositoryUpstream(client, repository.id, `${repository.namespace}/${repository.name}`);
  }
}
