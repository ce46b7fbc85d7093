// zod to JSON Schema (2020-12, which OpenAPI 3.1 uses) with zod's own z.toJSONSchema(). The response
// shapes that have a name in the document become components, referred to by `$ref` wherever they appear.
import { z } from 'zod';
import { accountListSchema, accountSchema, memberListSchema, memberSchema, teamListSchema, teamSchema } from '@/lib/accounts/shapes';
import { apiTokenSchema, newApiTokenSchema } from '@/lib/access-tokens/shapes';
import { auditEventSchema, auditListSchema } from '@/lib/audit/shapes';
import { errorEnvelopeSchema } from '@/lib/errors';
import { oauthErrorSchema, oauthTokenSchema, registryErrorsSchema, registryTokenSchema } from '@/lib/registry/shapes';
import { repositoryListSchema, repositorySchema, teamAccessGrantSchema, teamAccessListSchema } from '@/lib/repositories/shapes';
import { healthSchema, pingSchema } from '@/lib/api/openapi/service';

export type JsonSchema = Record<string, unknown>;

/** The document's named schemas: add a shape here to give it a name of its own. */
const NAMED = new Map<z.ZodType, string>([
  [apiTokenSchema, 'APIToken'],
  [newApiTokenSchema, 'NewAPIToken'],
  [repositorySchema, 'Repository'],
  [repositoryListSchema, 'RepositoryList'],
  [teamAccessGrantSchema, 'TeamAccess'],
  [teamAccessListSchema, 'TeamAccessList'],
  [accountSchema, 'Account'],
  [accountListSchema, 'AccountList'],
  [teamSchema, 'Team'],
  [teamListSchema, 'TeamList'],
  [memberSchema, 'Member'],
  [memberListSchema, 'MemberList'],
  [auditEventSchema, 'AuditEvent'],
  [auditListSchema, 'AuditEventList'],
  [errorEnvelopeSchema, 'Errors'],
  [registryErrorsSchema, 'RegistryErrors'],
  [registryTokenSchema, 'RegistryToken'],
  [oauthTokenSchema, 'OAuthToken'],
  [oauthErrorSchema, 'OAuthError'],
  [healthSchema, 'Health'],
  [pingSchema, 'Ping'],
]);

export const componentRef = (name: string) => `#/components/schemas/${name}`;

function convert(schema: z.ZodType, io: 'input' | 'output', refs: boolean): JsonSchema {
  const json = z.toJSONSchema(schema, {
    io,
    target: 'draft-2020-12',
    unrepresentable: 'throw',
    override: (ctx) => {
      const name = refs ? NAMED.get(ctx.zodSchema as unknown as z.ZodType) : undefined;
      if (!name || (ctx.zodSchema as unknown) === schema) return;
      for (const key of Object.keys(ctx.jsonSchema)) delete (ctx.jsonSchema as JsonSchema)[key];
      (ctx.jsonSchema as JsonSchema).$ref = componentRef(name);
    },
  }) as JsonSchema;
  delete json.$schema;
  return json;
}

/**
 * What a request takes, as a client sends it (zod's input: defaults make a field optional, a
 * coercion takes what it coerces), always inline: input shapes are not shared.
 */
export const inputSchema = (schema: z.ZodType) => convert(schema, 'input', false);

/** What an answer carries: a `$ref` for a named shape, inline otherwise, named shapes within referred to. */
export function outputSchema(schema: z.ZodType): JsonSchema {
  const name = NAMED.get(schema);
  return name ? { $ref: componentRef(name) } : convert(schema, 'output', true);
}

/** Every named shape, for components.schemas. */
export function namedSchemas(): Record<string, JsonSchema> {
  return Object.fromEntries([...NAMED].map(([schema, name]) => [name, convert(schema, 'output', true)]));
}
