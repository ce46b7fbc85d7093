// GET /api/v0/openapi.json, and a client generator's types (openapi-typescript) checked by the
// TypeScript compiler against the API's real answers.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import openapiTS, { astToString } from 'openapi-typescript';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { GET as documentRoute } from '@/app/api/v0/openapi.json/route';
import { GET as auditRoute } from '@/app/api/v0/audit/route';
import { GET as healthRoute } from '@/app/api/health/route';
import { openApiDocument } from '@/lib/api/openapi/document';
import { enzi } from '../support/accounts-api';
import { call, expectError, expectJson } from '../support/http';
import { mismatch } from '../support/openapi';
import { repositoryApi } from '../support/repositories-api';
import { tokenApi } from '../support/tokens-api';
import { createUser, passwordAuth, uniqueName } from '../support/users';

describe('GET /api/v0/openapi.json', () => {
  it('answers the document to anyone', async () => {
    const body = await expectJson(await call(documentRoute, 'GET', '/api/v0/openapi.json'));
    expect(body).toEqual(JSON.parse(JSON.stringify(openApiDocument())));
    expect(body).toMatchObject({ openapi: '3.1.0', paths: { '/api/v0/api_tokens': { get: { operationId: 'listApiTokens' } } } });
  });

  it('refuses a query parameter with the envelope', async () => {
    await expectError(await call(documentRoute, 'GET', '/api/v0/openapi.json?format=yaml'), 400, 'INVALID_PARAMETERS');
  });
});

describe('the response check', () => {
  it('fails an answer that drifts from the document', async () => {
    const path = '/api/v0/repositories/{namespace}/{repo}';
    expect(await mismatch('DELETE', path, new Response(null, { status: 204 }))).toBeUndefined();
    expect(await mismatch('DELETE', path, new Response(null, { status: 200 }))).toMatch(/status the document does not declare/);
    expect(await mismatch('DELETE', '/api/v0/api_tokens/{hashedToken}', new Response('{}', { status: 200 }))).toMatch(/body, where the document declares none/);
    const envelope = { errors: [{ code: 'NOT_AUTHENTICATED', message: 'no' }] };
    expect(await mismatch('DELETE', path, Response.json(envelope, { status: 401 }))).toMatch(/headers .*www-authenticate/);
    expect(await mismatch('DELETE', path, Response.json({ error: 'no' }, { status: 404 }))).toMatch(/body that does not match/);
    expect(await mismatch('GET', '/api/v0/repositories', Response.json({ repositories: [] }, { headers: { 'X-Resource-Count': 'many' } }))).toMatch(/headers/);
    expect(await mismatch('GET', '/api/v0/nothing', Response.json({}))).toMatch(/not in the OpenAPI document/);
  });
});

/** Checks `source` against the generated types; the diagnostics, as text. */
function compile(dir: string, source: string): string[] {
  const file = path.join(dir, 'answers.ts');
  fs.writeFileSync(file, source);
  const program = ts.createProgram([file], { strict: true, noEmit: true, target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext, moduleResolution: ts.ModuleResolutionKind.Bundler, skipLibCheck: true, types: [] });
  return ts.getPreEmitDiagnostics(program).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
}

describe('a client generated from the document', () => {
  it('has types that the real answers compile against', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'berth-openapi-'));
    try {
      fs.writeFileSync(path.join(dir, 'api.d.ts'), astToString(await openapiTS(structuredClone(openApiDocument()) as never)));
      const admin = await createUser({ admin: true });
      const auth = passwordAuth(admin);
      const org = uniqueName('org');
      const created = await expectJson(await tokenApi.create(auth, { body: { tokenLabel: 'ci' } }));
      const answers = {
        created,
        tokens: await expectJson(await tokenApi.list(auth)),
        account: await expectJson(await enzi.createOrg(auth, org), 201),
        accounts: await expectJson(await enzi.accounts(auth, '?limit=2')),
        team: await expectJson(await enzi.createTeam(auth, org, { name: 'builders' }), 201),
        members: await expectJson(await enzi.members(auth, org)),
        repository: await expectJson(await repositoryApi.create(auth, org, { name: 'app' }), 201),
        repositories: await expectJson(await repositoryApi.list(auth)),
        grant: await expectJson(await repositoryApi.grant(auth, org, 'app', 'builders', { accessLevel: 'read-write' })),
        audit: await expectJson(await call(auditRoute, 'GET', '/api/v0/audit?pageSize=3', { auth })),
        error: await (await enzi.getAccount(auth, uniqueName('gone'))).json(),
        health: await (await call(healthRoute, 'GET', '/api/health')).json(),
      };
      const J = (value: unknown) => JSON.stringify(value, null, 2);
      type Typed = [keyof typeof answers, string];
      const typed: Typed[] = [
        ['created', "paths['/api/v0/api_tokens']['post']['responses'][200]['content']['application/json']"],
        ['tokens', "paths['/api/v0/api_tokens']['get']['responses'][200]['content']['application/json']"],
        ['account', "components['schemas']['Account']"],
        ['accounts', "paths['/enzi/v0/accounts']['get']['responses'][200]['content']['application/json']"],
        ['team', "components['schemas']['Team']"],
        ['members', "components['schemas']['MemberList']"],
        ['repository', "paths['/api/v0/repositories/{namespace}']['post']['responses'][201]['content']['application/json']"],
        ['repositories', "components['schemas']['RepositoryList']"],
        ['grant', "components['schemas']['TeamAccess']"],
        ['audit', "components['schemas']['AuditEventList']"],
        ['error', "paths['/enzi/v0/accounts/{name}']['get']['responses'][404]['content']['application/json']"],
        ['health', "components['schemas']['Health']"],
      ];
      const header = "import type { components, paths } from './api';\n";
      const source = header + typed.map(([name, type]) => `export const ${name}: ${type} = ${J(answers[name])};`).join('\n');
      expect(compile(dir, source)).toEqual([]);
      // The check can fail: a field the API does not answer, or one of the wrong type, is refused.
      expect(compile(dir, `${header}export const team: components['schemas']['Team'] = ${J({ ...(answers.team as object), owner: 'x' })};`).join('\n')).toMatch(/owner/);
      expect(compile(dir, `${header}export const t: components['schemas']['APIToken'] = ${J({ ...(answers.created as object), isActive: 'yes', token: undefined })};`).join('\n')).toMatch(/not assignable to type 'boolean'/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
