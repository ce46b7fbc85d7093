// The SQL of lib/registry: who pushed each tag (tag_pushes), what was pushed (pushed_digests), the
// manifest details cached by digest, and what a push or a deletion reads of repositories.
import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import { db, type Executor } from '@/db';
import { repositories } from '@/db/schema';
import { manifestDetails, pushedDigests, tagPushes, type ManifestDetails, type TagPush } from '@/db/schema-tags';

/** Records the push of a tag through the proxy; the first push of the tag keeps its time. */
export async function recordTagPush(values: Pick<TagPush, 'repositoryId' | 'tag' | 'digest' | 'pusherName' | 'pusherKind'>, executor: Executor = db) {
  await executor
    .insert(tagPushes)
    .values(values)
    .onConflictDoUpdate({
      target: [tagPushes.repositoryId, tagPushes.tag],
      set: { digest: values.digest, pusherName: values.pusherName, pusherKind: values.pusherKind, pushedAt: sql`now()` },
    });
}

/** The recorded pushes of some tags of a repository. */
export async function tagPushesOf(repositoryId: string, tags: string[]): Promise<TagPush[]> {
  if (tags.length === 0) return [];
  return db
    .select()
    .from(tagPushes)
    .where(and(eq(tagPushes.repositoryId, repositoryId), inArray(tagPushes.tag, tags)));
}

/** Every recorded push of a repository, oldest first. */
export async function allTagPushes(repositoryId: string): Promise<TagPush[]> {
  return db.select().from(tagPushes).where(eq(tagPushes.repositoryId, repositoryId)).orderBy(asc(tagPushes.pushedAt), asc(tagPushes.tag));
}

export async function forgetTagPush(repositoryId: string, tag: string, executor: Executor = db) {
  await executor.delete(tagPushes).where(and(eq(tagPushes.repositoryId, repositoryId), eq(tagPushes.tag, tag)));
}

/** A manifest deleted by digest upstream takes every tag on it along. */
export async function forgetTagPushesOfDigest(repositoryId: string, digest: string) {
  await db.delete(tagPushes).where(and(eq(tagPushes.repositoryId, repositoryId), eq(tagPushes.digest, digest)));
}

export async function cachedManifestDetails(digests: string[]): Promise<ManifestDetails[]> {
  if (digests.length === 0) return [];
  return db.select().from(manifestDetails).where(inArray(manifestDetails.digest, digests));
}

/** A digest's content never changes, so neither do its details: a second writer changes nothing. */
export async function cacheManifestDetails(values: Omit<ManifestDetails, 'cachedAt'>) {
  await db.insert(manifestDetails).values(values).onConflictDoNothing();
}

/** Remembers a manifest or blob pushed into a repository (for deleting everything with it). */
export async function recordPushedDigest(repositoryId: string, digest: string, kind: 'manifest' | 'blob') {
  await db.insert(pushedDigests).values({ repositoryId, digest, kind }).onConflictDoNothing();
}

export async function pushedDigestsOf(repositoryId: string): Promise<{ digest: string; kind: string }[]> {
  return db.select({ digest: pushedDigests.digest, kind: pushedDigests.kind }).from(pushedDigests).where(eq(pushedDigests.repositoryId, repositoryId));
}

/** What a push must respect: immutable tags and the tag limit (SPEC 11); undefined when it is gone. */
export async function tagSettings(repositoryId: string) {
  const columns = { immutableTags: repositories.immutableTags, tagLimit: repositories.tagLimit };
  return (await db.select(columns).from(repositories).where(eq(repositories.id, repositoryId)))[0];
}

/** The repositories of a namespace (deleting the account deletes their contents upstream first). */
export async function repositoriesOfNamespace(namespaceId: string) {
  const columns = { id: repositories.id, namespace: repositories.namespace, name: repositories.name };
  return db.select(columns).from(repositories).where(eq(repositories.namespaceId, namespaceId));
}
