// Keyless CI (SPEC 12, trusted publishing): trusts, and the exchange of an OIDC ID token.
import { z } from 'zod';
import { header, operation, type ResponseSpec } from '@/lib/api/openapi/operation';
import { exchangeSchema } from '@/lib/oidc/exchange';
import { exchangeAnswerSchema, trustSchema } from '@/lib/oidc/shapes';
import { newTrustSchema } from '@/lib/oidc/trusts';
import { oauthErrorSchema } from '@/lib/registry/shapes';

const tag = 'Trusted publishing';
const byId = z.object({ id: z.uuid().describe("The trust's id") });

export const listTrustsOperation = operation({
  method: 'get',
  path: '/api/v0/oidc_trusts',
  operationId: 'listOidcTrusts',
  tag,
  summary: 'List trusts',
  description: 'Every trust for a system admin; for anyone else the trusts of their own account whose every repository pattern lies in a namespace they administer.',
  access: 'api',
  responses: { 200: { description: 'The trusts, oldest first', json: z.array(trustSchema) } },
});

export const createTrustOperation = operation({
  method: 'post',
  path: '/api/v0/oidc_trusts',
  operationId: 'createOidcTrust',
  tag,
  summary: 'Register a trust',
  description:
    'An OIDC issuer (https, or http on loopback), an audience, claim conditions (exact values or `*` globs), repository patterns, a scope (default read-write) and the account whose live permissions the minted tokens carry (`username`, the caller by default; another account needs a system admin). A namespace admin may register trusts only for their own namespaces.',
  access: 'api',
  body: newTrustSchema,
  responses: { 200: { description: 'The trust', json: trustSchema } },
});

export const getTrustOperation = operation({
  method: 'get',
  path: '/api/v0/oidc_trusts/{id}',
  operationId: 'getOidcTrust',
  tag,
  summary: 'One trust',
  access: 'api',
  params: byId,
  responses: { 200: { description: 'The trust', json: trustSchema } },
});

export const deleteTrustOperation = operation({
  method: 'delete',
  path: '/api/v0/oidc_trusts/{id}',
  operationId: 'deleteOidcTrust',
  tag,
  summary: 'Delete a trust',
  description: 'No new token is minted for it; tokens already minted run out within 15 minutes.',
  access: 'api',
  params: byId,
  responses: { 200: { description: 'Deleted' } },
});

const noStore = [header('Cache-Control')];
const oauthError = (description: string): ResponseSpec => ({ description, json: oauthErrorSchema, headers: noStore });

export const exchangeOperation = operation({
  method: 'post',
  path: '/auth/oidc/token',
  operationId: 'exchangeOidcToken',
  tag,
  summary: 'Exchange an OIDC ID token for a 15-minute access token',
  description:
    "The ID token is verified against its issuer's discovery document and keys (signature, `iss`, `aud`, `exp`, `nbf`, `iat`) and a trust's conditions; the answer's `token` works as the password of `docker login` for `username`, confined to the trust's repositories and scope. Every exchange, accepted or refused, is audited with the issuer and subject.",
  access: 'public',
  body: exchangeSchema,
  responses: {
    200: { description: 'A `brt_` token, valid 15 minutes', json: exchangeAnswerSchema, headers: noStore },
    400: oauthError('Not `{"token"}` (`invalid_request`)'),
    401: oauthError('Refused, with the reason (`invalid_grant`, or `temporarily_unavailable` when the issuer cannot be reached)'),
    413: oauthError('The body is over 64 KiB'),
    500: oauthError('An internal error (`server_error`)'),
    503: oauthError('The database cannot be reached (`temporarily_unavailable`)'),
  },
});

export const oidcOperations = [listTrustsOperation, createTrustOperation, getTrustOperation, deleteTrustOperation, exchangeOperation];
