// The tags API of SPEC 11, in DTR's shape: a repository's tags read from the registry (tag list,
// manifests and config blobs, details cached by digest), with who pushed each through Berth and when.
import { z } from 'zod';
import type { TagPush } from '@/db/schema-tags';
import { audit } from '@/lib/audit/record';
import type { Principal } from '@/lib/auth/principal';
import { db } from '@/db';
import { decodeCursor, page, type pagingSchema } from '@/lib/api/pagination';
import { ApiError, invalidParameters } from '@/lib/errors';
import { repositoryFor } from '@/lib/repositories/repositories';
import { detailsOf, type Details } from '@/lib/registry/manifest-details';
import { forgetTagPush, tagPushesOf } from '@/lib/registry/queries';
import { deleteTagUpstream, mapConcurrently } from '@/lib/registry/upstream-deletion';
import { upstreamClient, type UpstreamClient } from '@/lib/registry/upstream-client';

/** A tag as the distribution API spells one. */
export const tagNameSchema = z.string().regex(/^[\w][\w.-]{0,127}$/, 'A tag is 1 to 128 letters, digits, _, . and -, not starting with . or -');

export function checkedTag(tag: string): string {
  const parsed = tagNameSchema.safeParse(tag);
  if (!parsed.success) throw invalidParameters(`Not a valid tag name: ${tag.slice(0, 130)}`);
  return parsed.data;
}

const noSuchTag = (namespace: string, name: string, tag: string) => new ApiError('NO_SUCH_TAG', 404, `No such tag: ${namespace}/${name}:${tag}`);

/** DTR's Tag JSON. */
export function tagJson(name: string, digest: string, details: Details | undefined, push: TagPush | undefined) {
  const createdAt = push?.firstPushedAt ?? details?.imageCreatedAt ?? null;
  // A record of another digest is of an earlier push: who set the tag now, Berth did not see.
  const current = push && push.digest === digest ? push : undefined;
  return {
    name,
    digest,
    author: current?.pusherName ?? '',
    createdAt,
    updatedAt: current?.pushedAt ?? createdAt,
    manifest: {
      digest,
      mediaType: details?.mediaType ?? '',
      size: details?.size ?? 0,
      os: details?.os ?? '',
      architecture: details?.architecture ?? '',
    },
    platforms: (details?.platforms ?? []).map((p) => ({ os: p.os, architecture: p.architecture, variant: p.variant ?? '', digest: p.digest, size: p.size })),
  };
}

export type TagJson = ReturnType<typeof tagJson>;

/**
 * The tags named, each with its digest, details and last push; tags gone meanwhile are left out. The
 * digest is the one the proxy recorded when the tag was last pushed through it (every push goes
 * through Berth, docs/decisions/018-tag-digests-from-push-records.md); a tag without a record is
 * asked of the registry.
 */
async function describe(client: UpstreamClient, repositoryId: string, fullName: string, tags: string[]): Promise<TagJson[]> {
  const pushOf = new Map((await tagPushesOf(repositoryId, tags)).map((p) => [p.tag, p]));
  const unrecorded = tags.filter((tag) => !pushOf.has(tag));
  const asked = await mapConcurrently(unrecorded, 16, (tag) => client.headManifest(fullName, tag));
  const askedOf = new Map(unrecorded.map((tag, i) => [tag, asked[i]]));
  const present = tags
    .map((tag) => ({ tag, digest: pushOf.get(tag)?.digest ?? askedOf.get(tag) }))
    .filter((t): t is { tag: string; digest: string } => !!t.digest);
  const details = await detailsOf(client, fullName, present.map((t) => t.digest));
  return present.map((t) => tagJson(t.tag, t.digest, details.get(t.digest), pushOf.get(t.tag)));
}

/** One page of a repository's tags in name order (SPEC 5 paging); readable by anyone who may pull. */
export async function listTags(principal: Principal, namespace: string, name: string, query: z.infer<typeof pagingSchema>) {
  const { repository } = await repositoryFor(principal, namespace, name, 'read-only');
  const after = decodeCursor(query.pageStart, z.string());
  const client = upstreamClient();
  const fullName = `${namespace}/${name}`;
  const all = [...new Set(await client.listTags(fullName))].sort();
  const later = after === undefined ? all : all.filter((tag) => tag > after);
  const { rows, next } = await page(query.pageSize, async (limit) => later.slice(0, limit), (tag) => tag);
  return { tags: await describe(client, repository.id, fullName, rows), next, count: query.count ? all.length : undefined };
}

/** One tag; whether it exists is asked of the registry (a HEAD), its details as for the list. */
export async function getTag(principal: Principal, namespace: string, name: string, tag: string): Promise<TagJson> {
  const { repository } = await repositoryFor(principal, namespace, name, 'read-only');
  const client = upstreamClient();
  const fullName = `${namespace}/${name}`;
  const digest = await client.headManifest(fullName, checkedTag(tag));
  if (!digest) throw noSuchTag(namespace, name, tag);
  const [details, [push]] = await Promise.all([detailsOf(client, fullName, [digest]), tagPushesOf(repository.id, [tag])]);
  return tagJson(tag, digest, details.get(digest), push);
}

/** Deletes a tag upstream (docs/decisions/016-tag-deletion.md); needs read-write, as a tag DELETE on /v2. */
export async function deleteTag(principal: Principal, namespace: string, name: string, tag: string, details: Record<string, unknown> = {}) {
  const { repository } = await repositoryFor(principal, namespace, name, 'read-write');
  await removeTag(principal, repository.id, namespace, name, checkedTag(tag), details);
}

/** Deletes a tag of a repository already authorized (the tag limit after a push calls this too). */
export async function removeTag(
  principal: Principal,
  repositoryId: string,
  namespace: string,
  name: string,
  tag: string,
  details: Record<string, unknown> = {},
  client: UpstreamClient = upstreamClient(),
) {
  if (!(await deleteTagUpstream(client, `${namespace}/${name}`, tag))) throw noSuchTag(namespace, name, tag);
  await db.transaction(async (tx) => {
    await forgetTagPush(repositoryId, tag, tx);
    await audit(tx, principal, { action: 'tag.deleted', targetType: 'repository', target: `${namespace}/${name}:${tag}`, details });
  });
}
