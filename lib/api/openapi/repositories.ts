// The repository API (SPEC 5, MSR's API v0 shapes).
import { z } from 'zod';
import { pagingSchema } from '@/lib/api/pagination';
import { newRepositorySchema, repositoryPatchSchema } from '@/lib/repositories/repositories';
import { repositoryListSchema, repositorySchema, teamAccessGrantSchema, teamAccessListSchema } from '@/lib/repositories/shapes';
import { teamAccessSchema } from '@/lib/repositories/team-access';
import { accountNameSchema, repositoryNameSchema } from '@/lib/validation';
import { operation, PAGE_HEADERS } from '@/lib/api/openapi/operation';

const tag = 'Repositories';
const inNamespace = z.object({ namespace: accountNameSchema.describe('A user or an organization') });
const oneRepository = inNamespace.extend({ repo: repositoryNameSchema });
const oneGrant = oneRepository.extend({ team: accountNameSchema.describe('A team of the organization that owns the repository') });

export const listAllRepositories = operation({
  method: 'get',
  path: '/api/v0/repositories',
  operationId: 'listRepositories',
  tag,
  summary: 'Repositories the caller can access',
  description: 'Ordered by namespace, then name.',
  access: 'api',
  query: pagingSchema,
  responses: { 200: { description: 'One page of repositories', json: repositoryListSchema, headers: PAGE_HEADERS } },
});

export const listNamespaceRepositories = operation({
  method: 'get',
  path: '/api/v0/repositories/{namespace}',
  operationId: 'listNamespaceRepositories',
  tag,
  summary: "A namespace's repositories the caller can access",
  access: 'api',
  params: inNamespace,
  query: pagingSchema,
  responses: { 200: { description: 'One page of repositories', json: repositoryListSchema, headers: PAGE_HEADERS } },
});

export const createRepository = operation({
  method: 'post',
  path: '/api/v0/repositories/{namespace}',
  operationId: 'createRepository',
  tag,
  summary: 'Create a repository',
  description: 'Needs admin on the namespace; `visibility` defaults to `private`. A name taken answers 400 `REPOSITORY_EXISTS`.',
  access: 'api',
  params: inNamespace,
  body: newRepositorySchema,
  responses: { 201: { description: 'The new repository', json: repositorySchema } },
});

export const getRepository = operation({
  method: 'get',
  path: '/api/v0/repositories/{namespace}/{repo}',
  operationId: 'getRepository',
  tag,
  summary: 'One repository',
  access: 'api',
  params: oneRepository,
  responses: { 200: { description: 'The repository', json: repositorySchema } },
});

export const updateRepository = operation({
  method: 'patch',
  path: '/api/v0/repositories/{namespace}/{repo}',
  operationId: 'updateRepository',
  tag,
  summary: "Change a repository's descriptions or visibility",
  access: 'api',
  params: oneRepository,
  body: repositoryPatchSchema,
  responses: { 200: { description: 'The repository as changed', json: repositorySchema } },
});

export const deleteRepository = operation({
  method: 'delete',
  path: '/api/v0/repositories/{namespace}/{repo}',
  operationId: 'deleteRepository',
  tag,
  summary: 'Delete a repository',
  access: 'api',
  params: oneRepository,
  responses: { 204: { description: 'Deleted' } },
});

export const listTeamAccess = operation({
  method: 'get',
  path: '/api/v0/repositories/{namespace}/{repo}/teamAccess',
  operationId: 'listRepositoryTeamAccess',
  tag,
  summary: "The teams' grants on a repository",
  access: 'api',
  params: oneRepository,
  responses: { 200: { description: 'The repository and its grants', json: teamAccessListSchema } },
});

export const setTeamAccess = operation({
  method: 'put',
  path: '/api/v0/repositories/{namespace}/{repo}/teamAccess/{team}',
  operationId: 'setRepositoryTeamAccess',
  tag,
  summary: "Grant a team of the repository's organization an access level",
  access: 'api',
  params: oneGrant,
  body: teamAccessSchema,
  responses: { 200: { description: 'The grant', json: teamAccessGrantSchema } },
});

export const removeTeamAccess = operation({
  method: 'delete',
  path: '/api/v0/repositories/{namespace}/{repo}/teamAccess/{team}',
  operationId: 'removeRepositoryTeamAccess',
  tag,
  summary: "Remove a team's grant",
  access: 'api',
  params: oneGrant,
  responses: { 204: { description: 'Removed' } },
});

export const repositoryOperations = [
  listAllRepositories, listNamespaceRepositories, createRepository, getRepository, updateRepository, deleteRepository,
  listTeamAccess, setTeamAccess, removeTeamAccess,
];
