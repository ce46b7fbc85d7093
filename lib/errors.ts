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

/** True for a unique-constraint violation from either driver (drizzle wraps the cause). */
export function isUniqueViolation(error: unknown): boolean {
  for (let e: unknown = error; e && typeof e === 'object'; e = (e as { cause?: unknown }).cause) {
    if ((e as { code?: unknown }).code === '23505') return true;
  }
  return false;
}
