// The document is valid OpenAPI 3.1, and it documents every route the app has, and no other.
import { validate } from '@readme/openapi-parser';
import { describe, expect, it } from 'vitest';
import { appRouteHandlers, documentedPath, routeFiles, UNDOCUMENTED } from '@/test/support/routes';
import { buildOpenApiDocument, OPERATIONS } from '@/lib/api/openapi/document';

const copy = () => structuredClone(buildOpenApiDocument()) as unknown as Parameters<typeof validate>[0];

describe('the OpenAPI document', () => {
  it('is valid OpenAPI 3.1 by a standard validator', async () => {
    const result = await validate(copy());
    expect(result.valid ? [] : result.errors).toEqual([]);
    expect(result.specification).toBe('OpenAPI');
  });

  it('would be refused by that validator when broken', async () => {
    const broken = copy() as unknown as { paths: Record<string, Record<string, { responses: Record<string, { description?: string }> }>> };
    delete broken.paths['/api/v0/api_tokens'].get.responses['200'].description;
    expect((await validate(broken as never)).valid).toBe(false);
  });

  it('names every operation once, with an id of its own', () => {
    const ids = OPERATIONS.map((op) => op.operationId);
    expect(new Set(ids).size).toBe(ids.length);
    expect(() => buildOpenApiDocument([...OPERATIONS, OPERATIONS[0]])).toThrow(/declared twice/);
  });

  it('documents every method of every route file', async () => {
    const document = buildOpenApiDocument();
    const documented = new Set(Object.entries(document.paths).flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`)));
    const routes = (await appRouteHandlers()).filter((r) => !(r.file in UNDOCUMENTED));
    const missing = routes.map((r) => `${r.method} ${r.path} (${r.file})`).filter((r) => !documented.has(r.replace(/ \(.*$/, '')));
    expect(missing, 'routes without an operation in lib/api/openapi/').toEqual([]);
    // And the other way: every operation is a route that exists.
    const served = new Set(routes.map((r) => `${r.method} ${r.path}`));
    expect([...documented].filter((op) => !served.has(op)), 'operations without a route').toEqual([]);
  });

  it('leaves out only the routes it names, which exist, and every other Pages API file is documented', async () => {
    const files = routeFiles();
    for (const file of Object.keys(UNDOCUMENTED)) expect(files).toContain(file);
    const paths = Object.keys(buildOpenApiDocument().paths);
    const pagesApi = files.filter((f) => f.startsWith('pages/') && !(f in UNDOCUMENTED));
    for (const file of pagesApi) expect(paths, file).toContain(await documentedPath(file));
  });

  it('names the public address of a rewritten route', async () => {
    expect(await documentedPath('app/api/ping/route.ts')).toBe('/_ping');
    expect(await documentedPath('app/api/v0/api_tokens/[hashedToken]/route.ts')).toBe('/api/v0/api_tokens/{hashedToken}');
  });
});
