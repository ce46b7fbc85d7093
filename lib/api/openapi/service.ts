// Health checks, the registry's token service (SPEC 6), the audit log (SPEC 8) and this document.
import { z } from 'zod';
import { pagingSchema } from '@/lib/api/pagination';
import { auditFilterSchema } from '@/lib/audit/events';
import { auditListSchema } from '@/lib/audit/shapes';
import type { RegistryHealth } from '@/lib/registry/health';
import { oauthErrorSchema, oauthTokenSchema, registryErrorsSchema, registryTokenSchema } from '@/lib/registry/shapes';
import { header, operation, PAGE_HEADERS, type ResponseSpec } from '@/lib/api/openapi/operation';

const REGISTRY_HEALTH = ['ok', 'degraded', 'unconfigured', 'down'] as const satisfies readonly RegistryHealth[];

/** `/api/health`: the status follows the database alone; the registry's state is reported beside it. */
export const healthSchema = z.object({
  status: z.enum(['ok', 'error']),
  database: z.enum(['ok', 'down']),
  registry: z.enum(REGISTRY_HEALTH),
  // Only when Berth runs the registry itself (lib/registry/embedded/).
  embeddedRegistry: z.object({ state: z.enum(['starting', 'running', 'restarting', 'stopped', 'collecting']), restarts: z.int().min(0) }).optional(),
});
export type HealthJson = z.infer<typeof healthSchema>;

/** MSR's `/_ping`. */
export const pingSchema = z.object({ Healthy: z.literal(true), Error: z.literal('') });

export const openApiJsonSchema = z.looseObject({ openapi: z.literal('3.1.0'), info: z.looseObject({ title: z.string(), version: z.string() }), paths: z.record(z.string(), z.unknown()) });
/** The document takes no parameters: each one is refused, so a typo is not silently ignored. */
export const openApiQuerySchema = z.object({}).strict();

const noStore = [header('Cache-Control')];

export const health = operation({
  method: 'get',
  path: '/api/health',
  operationId: 'health',
  tag: 'Health',
  summary: 'Health for load balancers: the database and the registry',
  access: 'public',
  responses: {
    200: { description: 'The database answers', json: healthSchema, headers: noStore },
    503: { description: 'The database cannot be reached', json: healthSchema, headers: [...noStore, header('Retry-After')] },
  },
  errors: [],
});

export const ping = operation({
  method: 'get',
  path: '/_ping',
  operationId: 'ping',
  tag: 'Health',
  summary: "MSR's load-balancer check, answered from memory",
  access: 'public',
  responses: { 200: { description: 'Alive', json: pingSchema } },
  errors: [],
});

export const getOpenApiDocument = operation({
  method: 'get',
  path: '/api/v0/openapi.json',
  operationId: 'openApiDocument',
  tag: 'Health',
  summary: 'This document (OpenAPI 3.1)',
  access: 'public',
  query: openApiQuerySchema,
  responses: { 200: { description: 'The OpenAPI document', json: openApiJsonSchema } },
  errors: [400],
});

export const auditEvents = operation({
  method: 'get',
  path: '/api/v0/audit',
  operationId: 'listAuditEvents',
  tag: 'Audit',
  summary: 'Audit events, newest first (system admins)',
  access: 'api',
  query: pagingSchema.extend(auditFilterSchema.shape),
  responses: { 200: { description: 'One page of events', json: auditListSchema, headers: PAGE_HEADERS } },
});

const registryError = (description: string, ...more: ReturnType<typeof header>[]): ResponseSpec => ({
  description,
  json: registryErrorsSchema,
  headers: [header('Docker-Distribution-Api-Version'), ...more],
});

export const registryTokenQuerySchema = z.object({
  service: z.string().optional().describe('The registry service the token is for'),
  scope: z.array(z.string()).optional().describe('`repository:<name>:<actions>`, repeatable; at most 50 resources'),
  account: z.string().optional(),
  client_id: z.string().optional(),
  offline_token: z.string().optional(),
});

export const registryToken = operation({
  method: 'get',
  path: '/auth/token',
  operationId: 'registryToken',
  tag: 'Registry token service',
  summary: 'A registry token (Docker token authentication)',
  description: 'Anonymous, or Basic with a password or an access token. Bad credentials are refused, never answered with an anonymous token; the granted access may be less than asked.',
  access: 'registry',
  query: registryTokenQuerySchema,
  responses: {
    200: { description: 'A short-lived ES256 JWT', json: registryTokenSchema, headers: noStore },
    400: registryError('Too many resources (`UNSUPPORTED`)'),
    401: registryError('Bad credentials (`UNAUTHORIZED`)', header('WWW-Authenticate')),
    429: registryError('Too many failed credentials (`TOOMANYREQUESTS`)', header('Retry-After')),
    500: registryError('An internal error (`UNKNOWN`)'),
    503: registryError('The database cannot be reached (`UNAVAILABLE`)', header('Retry-After')),
  },
});

export const passwordGrantFormSchema = z.object({
  grant_type: z.literal('password'),
  username: z.string(),
  password: z.string().describe('A password or an access token'),
  scope: z.string().optional().describe('`repository:<name>:<actions>`, repeatable'),
  service: z.string().optional(),
  client_id: z.string().optional(),
  access_type: z.string().optional(),
});

const oauthError = (description: string, ...more: ReturnType<typeof header>[]): ResponseSpec => ({ description, json: oauthErrorSchema, headers: [...noStore, ...more] });

export const passwordGrant = operation({
  method: 'post',
  path: '/auth/token',
  operationId: 'registryTokenPasswordGrant',
  tag: 'Registry token service',
  summary: 'A registry token by the OAuth2 password grant (containerd)',
  access: 'public',
  form: passwordGrantFormSchema,
  responses: {
    200: { description: 'A short-lived ES256 JWT and the scope granted', json: oauthTokenSchema, headers: noStore },
    400: oauthError('Not a password grant, or a malformed one'),
    401: oauthError('Bad credentials (`invalid_grant`)'),
    413: oauthError('The form is over 64 KiB'),
    429: oauthError('Too many failed credentials (`slow_down`)', header('Retry-After')),
    500: oauthError('An internal error (`server_error`)'),
    503: oauthError('The database cannot be reached (`temporarily_unavailable`)', header('Retry-After')),
  },
});

export const serviceOperations = [health, ping, getOpenApiDocument, auditEvents, registryToken, passwordGrant];
