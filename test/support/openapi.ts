// Holds every API answer of the integration suite to the OpenAPI document: test/support/http.ts's
// call() passes each response through checkResponse(), which fails the test when the status, a
// header the document declares or the body does not match it.
import Ajv2020, { type ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { openApiDocument } from '@/lib/api/openapi/document';
import { appRouteHandlers, UNDOCUMENTED, type RouteHandler } from './routes';

type Json = Record<string, unknown>;
type HeaderObject = { required?: boolean; schema: Json };
type ResponseObject = { headers?: Record<string, HeaderObject>; content?: Record<string, { schema: Json }>; $ref?: string };

const document = openApiDocument() as unknown as Json & { paths: Record<string, Record<string, { responses: Record<string, ResponseObject> }>>; components: Json };

const ajv = new Ajv2020({ strict: false, allErrors: true });
addFormats(ajv);
ajv.addSchema({ components: document.components }, 'openapi');
// Headers arrive as text: a header declared as an integer is compared as one.
const headerAjv = new Ajv2020({ strict: false, allErrors: true, coerceTypes: true });
addFormats(headerAjv);

const inDocument = (schema: Json): Json => JSON.parse(JSON.stringify(schema).replaceAll('"#/components/', '"openapi#/components/'));

function resolve(response: ResponseObject): ResponseObject {
  if (!response.$ref) return response;
  const name = response.$ref.replace('#/components/responses/', '');
  return (document.components.responses as Record<string, ResponseObject>)[name];
}

const validators = new Map<string, { body?: ValidateFunction; headers: ValidateFunction }>();

function validatorsFor(key: string, response: ResponseObject) {
  let found = validators.get(key);
  if (!found) {
    const headers = Object.entries(response.headers ?? {});
    const json = response.content?.['application/json']?.schema;
    found = {
      body: json ? ajv.compile(inDocument(json)) : undefined,
      headers: headerAjv.compile({
        type: 'object',
        properties: Object.fromEntries(headers.map(([name, h]) => [name.toLowerCase(), h.schema])),
        required: headers.filter(([, h]) => h.required).map(([name]) => name.toLowerCase()),
      }),
    };
    validators.set(key, found);
  }
  return found;
}

let handlers: Promise<Map<unknown, RouteHandler>> | undefined;

/** The route a handler is, by identity: tests call handlers with paths of their own (`/x`). */
async function routeOf(handler: unknown): Promise<RouteHandler | undefined> {
  handlers ??= appRouteHandlers().then((all) => new Map(all.map((h) => [h.handler, h])));
  return (await handlers).get(handler);
}

/** Why `response` does not match the document's operation, or undefined when it does. */
export async function mismatch(method: string, path: string, response: Response): Promise<string | undefined> {
  const operation = document.paths[path]?.[method.toLowerCase()];
  if (!operation) return `${method} ${path} is not in the OpenAPI document`;
  const where = `${method} ${path} answered ${response.status}`;
  const declared = operation.responses[String(response.status)];
  if (!declared) return `${where}, a status the document does not declare (${Object.keys(operation.responses).join(', ')})`;
  const spec = resolve(declared);
  const check = validatorsFor(`${method} ${path} ${response.status}`, spec);
  const headers: Json = {};
  response.headers.forEach((value, name) => (headers[name] = value));
  if (!check.headers(headers)) return `${where} with headers that do not match: ${headerAjv.errorsText(check.headers.errors)}`;
  const text = await response.clone().text();
  if (!check.body) return text === '' ? undefined : `${where} with a body, where the document declares none: ${text.slice(0, 200)}`;
  if (!/^application\/json/.test(response.headers.get('content-type') ?? '')) return `${where} with Content-Type ${response.headers.get('content-type')}, not JSON`;
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return `${where} with a body that is not JSON: ${text.slice(0, 200)}`;
  }
  if (!check.body(body)) return `${where} with a body that does not match: ${ajv.errorsText(check.body.errors)}\n${text.slice(0, 500)}`;
  return undefined;
}

/**
 * Checks an answer of `handler` against the document; throws (failing the test) when it does not
 * match. Handlers of routes the document leaves out on purpose (routes.ts) pass unchecked.
 */
export async function checkResponse(handler: unknown, response: Response): Promise<Response> {
  const route = await routeOf(handler);
  if (!route) throw new Error('call() was given a function that no route file exports');
  if (route.file in UNDOCUMENTED) return response;
  const problem = await mismatch(route.method, route.path, response);
  if (problem) throw new Error(`The answer does not match the OpenAPI document: ${problem}`);
  return response;
}
