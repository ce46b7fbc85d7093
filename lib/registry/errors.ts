import { formatScope, type ResourceAccess } from '@/lib/registry/scopes';

export type RegistryErrorCode =
  | 'UNAUTHORIZED'
  | 'DENIED'
  | 'NAME_UNKNOWN'
  | 'NAME_INVALID'
  | 'BLOB_UPLOAD_INVALID'
  | 'MANIFEST_INVALID'
  | 'PAGINATION_NUMBER_INVALID'
  | 'UNAVAILABLE'
  | 'UNSUPPORTED'
  | 'UNKNOWN'
  | 'TOOMANYREQUESTS';

export const API_VERSION_HEADER = { 'Docker-Distribution-Api-Version': 'registry/2.0' } as const;

/** A refusal in the registry's error format (distribution spec), ready to be written by either router. */
export class RegistryError extends Error {
  constructor(
    readonly code: RegistryErrorCode,
    readonly status: number,
    message: string,
    readonly headers: Record<string, string> = {},
    readonly detail?: unknown,
  ) {
    super(message);
    this.name = 'RegistryError';
  }

  body(): string {
    const error: Record<string, unknown> = { code: this.code, message: this.message };
    if (this.detail !== undefined) error.detail = this.detail;
    return JSON.stringify({ errors: [error] });
  }

  allHeaders(): Record<string, string> {
    return { 'Content-Type': 'application/json; charset=utf-8', ...API_VERSION_HEADER, ...this.headers };
  }

  toResponse(): Response {
    return new Response(this.body(), { status: this.status, headers: this.allHeaders() });
  }
}

/** `Bearer realm=…,service=…[,scope=…][,error=…]`: where and for what to fetch a token. */
export function bearerChallenge(
  realmOrigin: string,
  service: string,
  scope?: ResourceAccess,
  error?: 'invalid_token' | 'insufficient_scope',
): string {
  const parts = [`realm="${realmOrigin}/auth/token"`, `service="${service}"`];
  if (scope) parts.push(`scope="${formatScope(scope)}"`);
  if (error) parts.push(`error="${error}"`);
  return `Bearer ${parts.join(',')}`;
}

export function unauthorized(challenge: string, message = 'authentication required', detail?: unknown) {
  return new RegistryError('UNAUTHORIZED', 401, message, { 'WWW-Authenticate': challenge }, detail);
}

/** The rate limit of failed credentials (SPEC 8), in the registry's format. */
export function tooManyRequests(retryAfter: number) {
  return new RegistryError('TOOMANYREQUESTS', 429, `too many failed sign-in attempts; try again in ${retryAfter} seconds`, {
    'Retry-After': String(retryAfter),
  });
}
