// What the proxy does around a push (SPEC 11): refuses to move an immutable tag, records who pushed
// a tag and when, remembers every manifest and blob pushed (for deleting the repository), and trims
// the repository to its tag limit. The recording runs before the client hears the 201.
import type { IncomingHttpHeaders } from 'node:http';
import type { Principal } from '@/lib/auth/principal';
import { log } from '@/lib/log';
import { RegistryError } from '@/lib/registry/errors';
import { allTagPushes, forgetTagPushesOfDigest, recordPushedDigest, recordTagPush, tagSettings } from '@/lib/registry/queries';
import { isTag, type RegistryRoute } from '@/lib/registry/routes';
import { removeTag } from '@/lib/registry/tags';
import type { UpstreamClient } from '@/lib/registry/upstream-client';

type Push = { principal: Principal | null; repositoryId: string; route: RegistryRoute; method: string; client: UpstreamClient };

/** A manifest PUT by tag into a repository with immutable tags: refused when the tag exists already. */
export async function refuseImmutableMove(push: Push): Promise<void> {
  const { route, method } = push;
  if (route.kind !== 'manifest' || method !== 'PUT' || !isTag(route.reference)) return;
  const settings = await tagSettings(push.repositoryId);
  if (!settings?.immutableTags) return;
  if ((await push.client.headManifest(route.name, route.reference)) === null) return;
  throw new RegistryError('DENIED', 403, `The tag ${route.reference} of ${route.name} is immutable: this repository has immutable tags, so an existing tag cannot be pushed again or moved`, {}, {
    name: route.name,
    tag: route.reference,
  });
}

const digestOf = (headers: IncomingHttpHeaders) => {
  const value = headers['docker-content-digest'];
  return typeof value === 'string' && /^[a-z0-9]+:[a-zA-Z0-9=_-]+$/.test(value) ? value : null;
};

/** The hook for the upstream's answer: a promise for the answers that record something, else nothing. */
export function afterPush(push: Push, status: number, headers: IncomingHttpHeaders): Promise<void> | undefined {
  const { route, method } = push;
  const digest = digestOf(headers);
  // A manifest deleted by digest through /v2 takes its tags with it: their push records go too.
  if (route.kind === 'manifest' && method === 'DELETE' && status === 202 && !isTag(route.reference)) {
    return forgetTagPushesOfDigest(push.repositoryId, route.reference);
  }
  if (status !== 201 || !digest) return undefined;
  if (route.kind === 'upload' && (method === 'PUT' || method === 'POST')) return recordPushedDigest(push.repositoryId, digest, 'blob');
  if (route.kind !== 'manifest' || method !== 'PUT') return undefined;
  return recordManifestPush(push, route.name, route.reference, digest);
}

async function recordManifestPush(push: Push, name: string, reference: string, digest: string) {
  await recordPushedDigest(push.repositoryId, digest, 'manifest');
  if (!isTag(reference) || !push.principal) return;
  const { principal } = push;
  await recordTagPush({ repositoryId: push.repositoryId, tag: reference, digest, pusherName: principal.user.name, pusherKind: principal.credential.kind });
  await enforceTagLimit(push, name, reference).catch((error) => log.error({ err: error }, 'could not apply a tag limit'));
}

/** Deletes the oldest tags beyond the limit (tags never pushed through Berth count as oldest). */
async function enforceTagLimit(push: Push, name: string, pushed: string) {
  const settings = await tagSettings(push.repositoryId);
  if (!settings?.tagLimit || !push.principal) return;
  const tags = await push.client.listTags(name);
  if (tags.length <= settings.tagLimit) return;
  const pushedAt = new Map((await allTagPushes(push.repositoryId)).map((p) => [p.tag, p.pushedAt.getTime()]));
  const oldest = tags
    .filter((tag) => tag !== pushed)
    .sort((a, b) => (pushedAt.get(a) ?? 0) - (pushedAt.get(b) ?? 0) || a.localeCompare(b))
    .slice(0, tags.length - settings.tagLimit);
  const [namespace, ...rest] = name.split('/');
  for (const tag of oldest) {
    await removeTag(push.principal, push.repositoryId, namespace, rest.join('/'), tag, { reason: 'tagLimit', tagLimit: settings.tagLimit }, push.client).catch((error) =>
      log.warn({ err: error, tag }, 'a tag beyond the tag limit could not be deleted'),
    );
  }
}
