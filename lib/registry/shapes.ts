// What the token service (/auth/token, SPEC 6) answers: the route builds these, and the OpenAPI
// document (lib/api/openapi/) describes the same schemas.
import { z } from 'zod';
import type { RegistryErrorCode } from '@/lib/registry/errors';

const REGISTRY_ERROR_CODES = [
  'UNAUTHORIZED', 'DENIED', 'NAME_UNKNOWN', 'NAME_INVALID', 'BLOB_UPLOAD_INVALID', 'MANIFEST_INVALID',
  'PAGINATION_NUMBER_INVALID', 'UNAVAILABLE', 'UNSUPPORTED', 'UNKNOWN', 'TOOMANYREQUESTS',
] as const satisfies readonly RegistryErrorCode[];

/** The distribution registry's error envelope, as RegistryError writes it. */
export const registryErrorsSchema = z.object({
  errors: z.array(z.object({ code: z.enum(REGISTRY_ERROR_CODES), message: z.string(), detail: z.unknown().optional() })).min(1),
});

/** The Docker token-auth answer (GET): `token` and `access_token` are the same JWT. */
export const registryTokenSchema = z.object({
  token: z.string(),
  access_token: z.string(),
  expires_in: z.int().positive(),
  issued_at: z.iso.datetime(),
});
export type RegistryTokenJson = z.infer<typeof registryTokenSchema>;

/** The OAuth2 password grant's answer (POST), with the scope actually granted. */
export const oauthTokenSchema = z.object({
  access_token: z.string(),
  scope: z.string(),
  expires_in: z.int().positive(),
  issued_at: z.iso.datetime(),
  token_type: z.literal('Bearer'),
});
export type OAuthTokenJson = z.infer<typeof oauthTokenSchema>;

/** OAuth2's error (RFC 6749 5.2). */
export const oauthErrorSchema = z.object({
  error: z.enum(['invalid_request', 'unsupported_grant_type', 'invalid_scope', 'invalid_grant', 'slow_down', 'temporarily_unavailable', 'server_error']),
  error_description: z.string(),
});
export type OAuthErrorJson = z.infer<typeof oauthErrorSchema>;
