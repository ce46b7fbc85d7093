// The OpenAPI 3.1 document of Berth's API, built from the operations each domain file declares.
// To document a new route: declare its operation in the file of its domain (or a new one, listed in
// OPERATIONS) and let the route read its query and body through that operation's schemas.
import type { z } from 'zod';
import { accountOperations } from '@/lib/api/openapi/accounts';
import { apiErrors, errorDescription, errorHeaders, HEADERS, type HeaderUse, type Operation, type ResponseSpec } from '@/lib/api/openapi/operation';
import { oidcOperations } from '@/lib/api/openapi/oidc';
import { repositoryOperations } from '@/lib/api/openapi/repositories';
import { inputSchema, namedSchemas, outputSchema, type JsonSchema } from '@/lib/api/openapi/schemas';
import { secretScanningOperations } from '@/lib/api/openapi/secret-scanning';
import { serviceOperations } from '@/lib/api/openapi/service';
import { tagOperations } from '@/lib/api/openapi/tags';
import { teamOperations } from '@/lib/api/openapi/teams';
import { tokenOperations } from '@/lib/api/openapi/tokens';
import { errorEnvelopeSchema } from '@/lib/errors';

export const OPERATIONS: readonly Operation[] = [
  ...tokenOperations,
  ...repositoryOperations,
  ...tagOperations,
  ...accountOperations,
  ...teamOperations,
  ...secretScanningOperations,
  ...oidcOperations,
  ...serviceOperations,
];

const TAGS = [
  { name: 'Access tokens', description: 'Tokens that work wherever a password does (DTR API v0 shapes).' },
  { name: 'Repositories', description: 'Repositories and the access of teams to them (MSR API v0).' },
  { name: 'Accounts', description: "Users, organizations and organizations' members (eNZi's account API)." },
  { name: 'Teams', description: "An organization's teams and their members (eNZi)." },
  { name: 'Audit', description: 'Who did what, with which credential.' },
  { name: 'Registry token service', description: 'Tokens for the registry at /v2/ (Docker token authentication).' },
  { name: 'Trusted publishing', description: 'Keyless CI: an OIDC ID token from a CI provider exchanged for a 15-minute token.' },
  { name: 'Secret scanning', description: 'Leak reports from a secret-scanning partner program: a leaked token is deactivated at once.' },
  { name: 'Health', description: 'Checks for load balancers, and this document.' },
];

const API_SECURITY = [{ basicAuth: [] }, { bearerAuth: [] }, { sessionCookie: [] }];
const SECURITY: Record<Operation['access'], object[]> = {
  api: API_SECURITY,
  public: [],
  registry: [{}, { basicAuth: [] }],
};

function headersOf(uses: HeaderUse[] = []) {
  return Object.fromEntries(
    uses.map(({ name, required }) => [name, { description: HEADERS[name].description, required, schema: outputSchema(HEADERS[name].schema) }]),
  );
}

function responseOf(spec: ResponseSpec) {
  return {
    description: spec.description,
    ...(spec.headers?.length ? { headers: headersOf(spec.headers) } : {}),
    ...(spec.json ? { content: { 'application/json': { schema: outputSchema(spec.json) } } } : {}),
  };
}

const ERROR_STATUSES = [400, 401, 403, 404, 409, 413, 429, 500, 503];
const errorResponseRef = (status: number) => ({ $ref: `#/components/responses/Error${status}` });

/** MSR's envelope for each error status, shared by the operations as components.responses. */
function errorResponses() {
  return Object.fromEntries(
    ERROR_STATUSES.map((status) => [`Error${status}`, responseOf({ description: errorDescription(status), json: errorEnvelopeSchema, headers: errorHeaders(status) })]),
  );
}

/** The operation's answers: its own, and for API operations MSR's envelope for each error status. */
function responsesOf(op: Operation) {
  const responses: Record<string, object> = {};
  if (op.access === 'api' || op.errors) for (const status of apiErrors(op)) responses[status] = errorResponseRef(status);
  for (const [status, spec] of Object.entries(op.responses)) responses[status] = responseOf(spec);
  return responses;
}

function parametersOf(where: 'path' | 'query', object: z.ZodObject | undefined) {
  if (!object) return [];
  const json = inputSchema(object) as { properties?: Record<string, JsonSchema>; required?: string[] };
  return Object.entries(json.properties ?? {}).map(([name, schema]) => {
    const { description, ...rest } = schema;
    return {
      name,
      in: where,
      required: where === 'path' || (json.required ?? []).includes(name),
      ...(description ? { description } : {}),
      schema: rest,
    };
  });
}

function requestBodyOf(op: Operation) {
  if (op.body) return { required: false, content: { 'application/json': { schema: inputSchema(op.body) } } };
  if (op.form) return { required: true, content: { 'application/x-www-form-urlencoded': { schema: inputSchema(op.form) } } };
  return undefined;
}

function operationObject(op: Operation) {
  const requestBody = requestBodyOf(op);
  const parameters = [...parametersOf('path', op.params), ...parametersOf('query', op.query)];
  return {
    operationId: op.operationId,
    tags: [op.tag],
    summary: op.summary,
    ...(op.description ? { description: op.description } : {}),
    security: SECURITY[op.access],
    ...(parameters.length ? { parameters } : {}),
    ...(requestBody ? { requestBody } : {}),
    responses: responsesOf(op),
  };
}

export function buildOpenApiDocument(operations: readonly Operation[] = OPERATIONS) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const op of operations) {
    paths[op.path] ??= {};
    if (paths[op.path][op.method]) throw new Error(`${op.method.toUpperCase()} ${op.path} is declared twice`);
    paths[op.path][op.method] = operationObject(op);
  }
  return {
    openapi: '3.1.0' as const,
    info: {
      title: 'Berth API',
      version: 'v0',
      description:
        'JSON, authenticated with Basic (a password or an access token), Bearer (an access token) or the web session. ' +
        'Errors are `{"errors":[{"code","message"}]}`. MSR lists take `pageSize` (at most 100), `pageStart` and `count=true`, ' +
        'and answer `X-Next-Page-Start` and `X-Resource-Count`; eNZi lists take `start` and `limit` and answer `nextPageStart`.',
    },
    servers: [{ url: '/' }],
    tags: TAGS,
    security: API_SECURITY,
    paths,
    components: {
      schemas: namedSchemas(),
      responses: errorResponses(),
      securitySchemes: {
        basicAuth: { type: 'http', scheme: 'basic', description: 'A username and its password or one of its access tokens' },
        bearerAuth: { type: 'http', scheme: 'bearer', description: 'An access token (`brt_…`)' },
        sessionCookie: { type: 'apiKey', in: 'cookie', name: 'next-auth.session-token', description: 'The web session; an unsafe method must come from the same origin' },
      },
    },
  };
}

export type OpenApiDocument = ReturnType<typeof buildOpenApiDocument>;

let built: OpenApiDocument | undefined;

/** The document, built once. */
export function openApiDocument(): OpenApiDocument {
  built ??= buildOpenApiDocument();
  return built;
}
