/** The one error type: MSR's code, an HTTP status and a message a user can act on. */
export class ApiError extends Error {
  constructor(
    readonly code: string,
    readonly status: number,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'ApiError';
  }

  toResponse(): Response {
    return Response.json(
      { errors: [{ code: this.code, message: this.message }] },
      { status: this.status, headers: this.headers },
    );
  }
}

export const notAuthenticated = (message = 'Authentication is required') =>
  new ApiError('NOT_AUTHENTICATED', 401, message, { 'WWW-Authenticate': 'Basic realm="berth"' });

export const notAuthorized = (message = 'You are not allowed to do this') =>
  new ApiError('NOT_AUTHORIZED', 403, message);

export const invalidParameters = (message: string) => new ApiError('INVALID_PARAMETERS', 400, message);

/** The PostgreSQL error code of a driver error, whichever driver (drizzle wraps the cause). */
function pgErrorCode(error: unknown): string | undefined {
  for (let e: unknown = error; e && typeof e === 'object'; e = (e as { cause?: unknown }).cause) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code)) return code;
  }
  return undefined;
}

export const isUniqueViolation = (error: unknown) => pgErrorCode(error) === '23505';

/**
 * PostgreSQL's data exceptions (class 22: a NUL byte, an invalid encoding, a malformed timestamp in
 * a page cursor…) come from the client's input, not from a fault of ours.
 */
export const isDataException = (error: unknown) => pgErrorCode(error)?.startsWith('22') ?? false;
