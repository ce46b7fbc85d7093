// The access-token API (SPEC 5, DTR's API v0 shapes).
import { z } from 'zod';
import { hashedTokenSchema, newTokenSchema, tokenPatchSchema } from '@/lib/access-tokens/lifecycle';
import { inventoryFilterSchema } from '@/lib/access-tokens/inventory';
import { rotateSchema } from '@/lib/access-tokens/rotation';
import { apiTokenSchema, newApiTokenSchema, tokenUsageSchema } from '@/lib/access-tokens/shapes';
import { usageQuerySchema } from '@/lib/access-tokens/usage';
import { pagingSchema } from '@/lib/api/pagination';
import { accountNameSchema } from '@/lib/validation';
import { header, operation, PAGE_HEADERS } from '@/lib/api/openapi/operation';

const tag = 'Access tokens';
const ownerQuery = z.object({ username: accountNameSchema.optional().describe("Another user's tokens (system admins)") });
const byHash = z.object({ hashedToken: hashedTokenSchema.describe('The SHA-256 of the token, in hex') });

export const listTokens = operation({
  method: 'get',
  path: '/api/v0/api_tokens',
  operationId: 'listApiTokens',
  tag,
  summary: 'List access tokens',
  description:
    "The caller's own tokens; a system admin's call without `username` lists every user's, as DTR does. The credentials inventory's filters (`stale`, `neverUsed`, `expiringWithinDays`, `createdBy`, `scope`, `temporary`) narrow it.",
  access: 'api',
  query: pagingSchema.extend({ ...ownerQuery.shape, ...inventoryFilterSchema.shape }),
  responses: { 200: { description: 'One page of tokens, newest first', json: z.array(apiTokenSchema), headers: PAGE_HEADERS } },
});

export const createToken = operation({
  method: 'post',
  path: '/api/v0/api_tokens',
  operationId: 'createApiToken',
  tag,
  summary: 'Create an access token',
  description: 'The answer is the only one that carries the plaintext `token`. `temporary` (admins, for another user) makes a temporary password for a locked-out user.',
  access: 'api',
  query: ownerQuery,
  body: newTokenSchema,
  responses: { 200: { description: 'The new token, with its plaintext', json: newApiTokenSchema, headers: [header('Cache-Control')] } },
});

export const getToken = operation({
  method: 'get',
  path: '/api/v0/api_tokens/{hashedToken}',
  operationId: 'getApiToken',
  tag,
  summary: 'One access token',
  description: "Another user's token answers 404 unless the caller is a system admin.",
  access: 'api',
  params: byHash,
  responses: { 200: { description: 'The token', json: apiTokenSchema } },
});

export const updateToken = operation({
  method: 'patch',
  path: '/api/v0/api_tokens/{hashedToken}',
  operationId: 'updateApiToken',
  tag,
  summary: 'Rename, deactivate or reactivate an access token',
  access: 'api',
  params: byHash,
  body: tokenPatchSchema,
  responses: { 200: { description: 'The token as changed', json: apiTokenSchema } },
});

export const deleteToken = operation({
  method: 'delete',
  path: '/api/v0/api_tokens/{hashedToken}',
  operationId: 'deleteApiToken',
  tag,
  summary: 'Delete an access token',
  access: 'api',
  params: byHash,
  responses: { 200: { description: 'Deleted; the next request with it is refused' } },
});

export const rotateToken = operation({
  method: 'post',
  path: '/api/v0/api_tokens/{hashedToken}/rotate',
  operationId: 'rotateApiToken',
  tag,
  summary: 'Rotate an access token, with an overlap',
  description:
    'A new secret for the same token (label, owner, scope, restrictions and expiry kept; `hashedToken` changes). The old secret keeps working until the grace period ends (`rotatingUntil`); rotating again ends an earlier grace at once. The answer is the only one that carries the new plaintext `token`.',
  access: 'api',
  params: byHash,
  body: rotateSchema,
  responses: { 200: { description: 'The token with its new plaintext secret', json: newApiTokenSchema, headers: [header('Cache-Control')] } },
});

export const tokenUsage = operation({
  method: 'get',
  path: '/api/v0/api_tokens/{hashedToken}/usage',
  operationId: 'getApiTokenUsage',
  tag,
  summary: "A token's usage per day",
  description: "Pulls, pushes, API calls, sign-ins and distinct client addresses per UTC day, for the token's owner or a system admin. Counts are written every 10 s; this instance's are written before it answers.",
  access: 'api',
  params: byHash,
  query: usageQuerySchema,
  responses: { 200: { description: 'Every day of the window, oldest first', json: tokenUsageSchema } },
});

export const tokenOperations = [listTokens, createToken, getToken, updateToken, deleteToken, rotateToken, tokenUsage];
