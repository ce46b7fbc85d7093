import { z } from 'zod';
import type { Principal } from '@/lib/credentials';
import { ApiError, isUniqueViolation, notAuthorized } from '@/lib/errors';
import { adminOfNamespace } from '@/lib/permissions';
import { findAccountByName } from '@/lib/queries/accounts';
import {
  countAccessibleRepositories,
  insertRepository,
  listAccessibleRepositories,
  type RepositoryCursor,
  type RepositoryRow,
} from '@/lib/queries/repositories';
import { repositoryNameSchema } from '@/lib/validation';

export const newRepositorySchema = z
  .object({
    name: repositoryNameSchema,
    shortDescription: z.string().max(140, 'shortDescription must be at most 140 characters').default(''),
    longDescription: z.string().max(100_000, 'longDescription is too long').default(''),
    visibility: z.enum(['public', 'private']).default('private'),
  })
  .strict();

export const repositoryCursorSchema = z.object({ namespace: z.string(), name: z.string() });

/** MSR's Repository JSON. */
export function repositoryJson(row: RepositoryRow) {
  return {
    id: row.id,
    namespace: row.namespace,
    namespaceType: row.namespaceIsOrg ? 'organization' : 'user',
    name: row.name,
    shortDescription: row.shortDescription,
    longDescription: row.longDescription,
    visibility: row.visibility,
    scanOnPush: false,
    immutableTags: false,
    enableManifestLists: false,
    pulls: row.pulls,
    pushes: row.pushes,
    tagLimit: 0,
  };
}

export async function namespaceAccount(namespace: string) {
  const account = await findAccountByName(namespace);
  if (!account) throw new ApiError('NO_SUCH_ACCOUNT', 404, `No such account: ${namespace}`);
  return account;
}

export function listRepositories(
  principal: Principal,
  opts: { namespace?: string; after?: RepositoryCursor; limit: number },
) {
  return listAccessibleRepositories(principal, opts);
}

export function countRepositories(principal: Principal, namespace?: string) {
  return countAccessibleRepositories(principal, namespace);
}

export async function createRepository(principal: Principal, namespace: string, input: z.infer<typeof newRepositorySchema>) {
  const account = await namespaceAccount(namespace);
  if (!(await adminOfNamespace(principal, account))) throw notAuthorized(`You are not an admin of the ${namespace} namespace`);
  try {
    const row = await insertRepository({ ...input, namespaceId: account.id, namespace: account.name });
    return repositoryJson({ ...row, namespaceIsOrg: account.isOrg });
  } catch (error) {
    if (isUniqueViolation(error)) throw new ApiError('REPOSITORY_EXISTS', 400, `Repository ${namespace}/${input.name} already exists`);
    throw error;
  }
}
