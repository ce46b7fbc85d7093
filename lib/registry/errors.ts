import { DATABASE_UNAVAILABLE_MESSAGE, isDatabaseUnavailable, RETRY_AFTER_SECONDS } from '@/lib/errors';
import { log } from '@/lib/log';
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

/** The database is away: 503 UNAVAILABLE with Retry-After, in the registry's format. */
export const registryUnavailable = () =>
  new RegistryError('UNAVAILABLE', 503, DATABASE_UNAVAILABLE_MESSAGE, { 'Retry-After': String(RETRY_AFTER_SECONDS) });

/**
 * What an unexpected error answers on the token service and the /v2 proxy: 503 UNAVAILABLE when the
 * database cannot be reached (SPEC 10), else a 500 with nothing of the error's text.
 */
export function registryErrorFor(error: unknown, where: string): RegistryError {
  if (error instanceof RegistryError) return error;
  if (isDatabaseUnavailable(error)) {
    log.warn({ err: error, where }, 'database unreachable');
    return registryUnavailable();
  }
  log.error({ err: error, where }, 'unhandled error in the registry');
  return new RegistryError('UNKNOWN', 500, 'an internal error occurred');
}

/** Garbage collection of the embedded registry runs: pushes wait, pulls are served (lib/registry/embedded/gc.ts). */
export const pausedForCollection = () =>
  new RegistryError('UNAVAILABLE', 503, 'the registry is collecting garbage: pushes are paused for a moment, pulls work; retry shortly', {
    'Retry-After': '30',
  });
