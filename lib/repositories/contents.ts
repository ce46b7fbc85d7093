// What a repository holds in the registry, deleted with it (SPEC 10): a repository's manifests and
// blobs go upstream before its row, and an account's repositories all go that way before the account.
import { repositoriesOfNamespace } from '@/lib/repositories/queries';
import { purgeRepositoryUpstream } from '@/lib/registry/upstream-deletion';
import { upstreamClient } from '@/lib/registry/upstream-client';

/** Deletes upstream what every repository of the namespace holds; throws 503 when the registry is away. */
export async function purgeNamespaceUpstream(namespaceId: string): Promise<void> {
  const client = upstreamClient();
  for (const repository of await repositoriesOfNamespace(namespaceId)) {
    await purgeRepositoryUpstream(client, repository.id, `${repository.namespace}/${repository.name}`);
  }
}
