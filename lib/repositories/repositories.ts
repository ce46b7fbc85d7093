import { z } from 'zod';
import { audited, auditedRemoval } from '@/lib/audit/record';
import type { Principal } from '@/lib/auth/principal';
import { ApiError, isUniqueViolation, notAuthorized, raceWithDelete } from '@/lib/errors';
import { accountByName } from '@/lib/accounts/accounts';
import { adminOfNamespace, atLeast, effectiveAccess, type AccessLevel } from '@/lib/repositories/permissions';
import {
  deleteRepository as deleteRepositoryRow,
  findRepository,
  insertRepository,
  updateRepository as updateRepositoryRow,
  type RepositoryCursor,
  type RepositoryFilter,
  type RepositoryRow,
} from '@/lib/repositories/queries';
import { purgeRepositoryUpstream } from '@/lib/registry/upstream-deletion';
import { upstreamClient } from '@/lib/registry/upstream-client';
import type { RepositoryJson } from '@/lib/repositories/shapes';
import { countAccessibleRepositories, listAccessibleRepositories } from '@/lib/repositories/visible-queries';
import { longDescriptionSchema, repositoryNameSchema, shortDescriptionSchema } from '@/lib/validation';

/** 0: no limit (SPEC 11). */
export const tagLimitSchema = z.number().int().min(0).max(100_000);

export const newRepositorySchema = z
  .object({
    name: repositoryNameSchema,
    shortDescription: shortDescriptionSchema.default(''),
    longDescription: longDescriptionSchema.default(''),
    visibility: z.enum(['public', 'private']).default('private'),
  })
  .strict();

export const repositoryPatchSchema = z
  .object({
    shortDescription: newRepositorySchema.shape.shortDescription.unwrap().optional(),
    longDescription: newRepositorySchema.shape.longDescription.unwrap().optional(),
    visibility: z.enum(['public', 'private']).optional(),
    immutableTags: z.boolean().optional(),
    tagLimit: tagLimitSchema.optional(),
  })
  .strict();

export const repositoryCursorSchema = z.object({ namespace: z.string(), name: z.string() });

/** MSR's Repository JSON. */
export function repositoryJson(row: RepositoryRow): RepositoryJson {
  return {
    id: row.id,
    namespace: row.namespace,
    namespaceType: row.namespaceIsOrg ? 'organization' : 'user',
    name: row.name,
    shortDescription: row.shortDescription,
    longDescription: row.longDescription,
    // The column's check constraint holds it to public or private.
    visibility: row.visibility as RepositoryJson['visibility'],
    scanOnPush: false,
    immutableTags: row.immutableTags,
    enableManifestLists: false,
    pulls: row.pulls,
    pushes: row.pushes,
    tagLimit: row.tagLimit,
  };
}

export const namespaceAccount = (namespace: string) => accountByName(namespace);

export function listRepositories(principal: Principal, opts: RepositoryFilter & { after?: RepositoryCursor; limit: number }) {
  return listAccessibleRepositories(principal, opts);
}

export function countRepositories(principal: Principal, filter: RepositoryFilter = {}) {
  return countAccessibleRepositories(principal, filter);
}

const noSuchRepository = (namespace: string, name: string) =>
  new ApiError('NO_SUCH_REPOSITORY', 404, `No such repository: ${namespace}/${name}`);

/**
 * The repository with the principal's access to it. A repository the principal cannot see answers
 * exactly as one that does not exist; one they see but may not change answers 403.
 */
export async function repositoryFor(principal: Principal, namespace: string, name: string, needed: AccessLevel = 'read-only') {
  const repository = await findRepository(namespace, name);
  const access = repository ? await effectiveAccess(principal, repository.id) : null;
  if (!repository || !access) throw noSuchRepository(namespace, name);
  if (!atLeast(access, needed)) throw notAuthorized(`You need ${needed} access to ${namespace}/${name}`);
  return { repository, access };
}

export async function updateRepository(principal: Principal, namespace: string, name: string, patch: z.infer<typeof repositoryPatchSchema>) {
  const { repository } = await repositoryFor(principal, namespace, name, 'admin');
  const entry = { action: 'repository.updated', targetType: 'repository', target: `${namespace}/${name}`, details: patch } as const;
  await audited(principal, entry, async (tx) => {
    // A repository deleted since it was read is not updated into being: 404, and no event.
    if (!(await updateRepositoryRow(repository.id, patch, tx))) throw noSuchRepository(namespace, name);
  });
  return repositoryJson({ ...repository, ...patch });
}

export async function deleteRepository(principal: Principal, namespace: string, name: string) {
  const { repository } = await repositoryFor(principal, namespace, name, 'admin');
  // Its manifests and blobs go upstream first: a registry away answers 503 and nothing is deleted.
  await purgeRepositoryUpstream(upstreamClient(), repository.id, `${namespace}/${name}`);
  const entry = { action: 'repository.deleted', targetType: 'repository', target: `${namespace}/${name}` } as const;
  // A concurrent delete of the same repository may have taken it since it was read.
  if (!(await auditedRemoval(principal, entry, (tx) => deleteRepositoryRow(repository.id, tx)))) throw noSuchRepository(namespace, name);
}

export async function createRepository(principal: Principal, namespace: string, input: z.infer<typeof newRepositorySchema>) {
  const account = await namespaceAccount(namespace);
  if (!(await adminOfNamespace(principal, account, input.name))) throw notAuthorized(`You are not an admin of the ${namespace} namespace`);
  try {
    const entry = { action: 'repository.created', targetType: 'repository', target: `${namespace}/${input.name}`, details: { visibility: input.visibility } } as const;
    // The namespace may go while this runs: 404 NO_SUCH_ACCOUNT, as if it had gone first.
    const row = await audited(principal, entry, (tx) => insertRepository({ ...input, namespaceId: account.id, namespace: account.name }, tx)).catch((error) =>
      raceWithDelete(error, () => namespaceAccount(namespace)),
    );
    return repositoryJson({ ...row, namespaceIsOrg: account.isOrg });
  } catch (error) {
    if (isUniqueViolation(error)) throw new ApiError('REPOSITORY_EXISTS', 400, `Repository ${namespace}/${input.name} already exists`);
    throw error;
  }
}
