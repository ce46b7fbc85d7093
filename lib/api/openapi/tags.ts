// A repository's tags (SPEC 11, DTR's shapes) and MSR's health and version endpoints.
import { z } from 'zod';
import { pagingSchema } from '@/lib/api/pagination';
import { tagJsonSchema, tagListSchema } from '@/lib/repositories/shapes';
import { tagNameSchema } from '@/lib/registry/tags';
import { accountNameSchema, repositoryNameSchema } from '@/lib/validation';
import { header, operation, PAGE_HEADERS } from '@/lib/api/openapi/operation';

const tag = 'Repositories';
const oneRepository = z.object({ namespace: accountNameSchema.describe('A user or an organization'), repo: repositoryNameSchema });
const oneTag = oneRepository.extend({ tag: tagNameSchema });

export const listTags = operation({
  method: 'get',
  path: '/api/v0/repositories/{namespace}/{repo}/tags',
  operationId: 'listRepositoryTags',
  tag,
  summary: "A repository's tags, in name order",
  description:
    'Read from the registry (its tag list, manifests and config blobs; details cached by digest). Size is the config plus the layers; a multi-platform image has one platform per image. Needs pull access. The registry away answers 503 `UNAVAILABLE`.',
  access: 'api',
  params: oneRepository,
  query: pagingSchema,
  responses: { 200: { description: 'One page of tags', json: tagListSchema, headers: PAGE_HEADERS } },
});

export const getTag = operation({
  method: 'get',
  path: '/api/v0/repositories/{namespace}/{repo}/tags/{tag}',
  operationId: 'getRepositoryTag',
  tag,
  summary: 'One tag',
  description: 'An unknown tag answers 404 `NO_SUCH_TAG`.',
  access: 'api',
  params: oneTag,
  responses: { 200: { description: 'The tag', json: tagJsonSchema } },
});

export const deleteTag = operation({
  method: 'delete',
  path: '/api/v0/repositories/{namespace}/{repo}/tags/{tag}',
  operationId: 'deleteRepositoryTag',
  tag,
  summary: 'Delete a tag in the registry',
  description: 'Needs read-write. Other tags of the same image stay (docs/decisions/016-tag-deletion.md).',
  access: 'api',
  params: oneTag,
  responses: { 204: { description: 'Deleted' } },
});

const msrHealthSchema = z.object({ Healthy: z.boolean(), Error: z.string() });

export const msrHealth = operation({
  method: 'get',
  path: '/health',
  operationId: 'msrHealth',
  tag: 'Health',
  summary: "MSR's health check, for its scripts and Terraform provider",
  access: 'public',
  responses: {
    200: { description: 'Healthy', json: msrHealthSchema, headers: [header('Cache-Control')] },
    503: { description: 'The database cannot be reached', json: msrHealthSchema, headers: [header('Cache-Control'), header('Retry-After')] },
  },
  errors: [],
});

export const version = operation({
  method: 'get',
  path: '/api/v0/admin/version',
  operationId: 'adminVersion',
  tag: 'Health',
  summary: "Berth's version (MSR's version endpoint), for any signed-in caller",
  access: 'api',
  responses: { 200: { description: 'The version', json: z.object({ version: z.string() }) } },
});

export const tagOperations = [listTags, getTag, deleteTag, msrHealth, version];
