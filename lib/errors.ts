import { z } from 'zod';

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

/** Every `code` along an error's chain: drizzle wraps the driver's error, Node's net an AggregateError. */
function errorCodes(error: unknown, seen = new Set<unknown>()): string[] {
  if (!error || typeof error !== 'object' || seen.has(error)) return [];
  seen.add(error);
  const { code, cause, errors } = error as { code?: unknown; cause?: unknown; errors?: unknown };
  const codes = typeof code === 'string' ? [code] : [];
  codes.push(...errorCodes(cause, seen));
  if (Array.isArray(errors)) for (const e of errors) codes.push(...errorCodes(e, seen));
  return codes;
}

function errorMessages(error: unknown, seen = new Set<unknown>()): string[] {
  if (!error || typeof error !== 'object' || seen.has(error)) return [];
  seen.add(error);
  const { message, cause } = error as { message?: unknown; cause?: unknown };
  return [...(typeof message === 'string' ? [message] : []), ...errorMessages(cause, seen)];
}

/** The socket could not reach the server, or lost it (Node's net and DNS). */
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ECONNABORTED', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'EHOSTDOWN', 'ENETUNREACH', 'ENETDOWN', 'ENOTFOUND', 'EAI_AGAIN', 'EADDRNOTAVAIL']);
/** postgres.js's own codes for a connection that never opened or went away. */
const DRIVER_CODES = new Set(['CONNECTION_CLOSED', 'CONNECTION_ENDED', 'CONNECTION_DESTROYED', 'CONNECT_TIMEOUT']);
/**
 * SQLSTATEs of a server that cannot serve us now: class 08 (connection exception), 57P01 admin
 * shutdown, 57P02 crash shutdown, 57P03 cannot connect now (starting up, recovering), 57P04 database
 * dropped, 57P05 idle session timeout, and 53300 too many connections.
 */
const UNAVAILABLE_SQLSTATE = /^(08[0-9A-Z]{3}|57P0[1-5]|53300)$/;
/** PGlite closed or closing under us, or its WebAssembly instance aborted. */
const PGLITE_GONE = /^(PGlite is clos(ed|ing)|PGlite failed to initialize|Aborted\()/;

/**
 * Whether `error` says the database cannot be reached at all, from either driver, as opposed to a
 * query it refused. Such a request answers 503 UNAVAILABLE with Retry-After, never a 500.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  const codes = errorCodes(error);
  if (codes.some((c) => NETWORK_CODES.has(c) || DRIVER_CODES.has(c) || UNAVAILABLE_SQLSTATE.test(c))) return true;
  return errorMessages(error).some((m) => PGLITE_GONE.test(m));
}

/** How long a client should wait before trying again while the database is away. */
export const RETRY_AFTER_SECONDS = 5;

export const DATABASE_UNAVAILABLE_MESSAGE = 'Berth cannot reach its database; try again in a moment';

export const databaseUnavailable = () =>
  new ApiError('UNAVAILABLE', 503, DATABASE_UNAVAILABLE_MESSAGE, { 'Retry-After': String(RETRY_AFTER_SECONDS) });

/** A row this write refers to went (a concurrent delete): 23503 foreign key violation. */
export const isForeignKeyViolation = (error: unknown) => pgErrorCode(error) === '23503';

/** Two writes collided: 40001 serialization failure or 40P01 deadlock; either may be tried again. */
export const isWriteConflict = (error: unknown) => ['40001', '40P01'].includes(pgErrorCode(error) ?? '');

/** A write that lost a race and may be tried again: 409 CONFLICT (docs/decisions/012-faults-and-races.md). */
export const conflict = (message = 'Another request changed this at the same moment; try again') => new ApiError('CONFLICT', 409, message);

/**
 * The ApiError that an error from the data layer stands for, if it is one we can name: the database
 * away (503), a write that lost a race (409), bytes the database cannot read (400). Undefined for
 * anything else, which is a fault of ours (500).
 */
export function knownFault(error: unknown): ApiError | undefined {
  if (error instanceof ApiError) return error;
  if (isDatabaseUnavailable(error)) return databaseUnavailable();
  if (isForeignKeyViolation(error) || isUniqueViolation(error) || isWriteConflict(error)) return conflict();
  if (isDataException(error)) return invalidParameters('The request contains a value the server cannot store or read, such as a NUL character or a malformed cursor');
  return undefined;
}

/**
 * For a write that may lose a race with a delete: a foreign key violation means a row it refers to
 * went in the meantime. `recheck` looks the rows up again and throws the 404 of the one that went (as
 * if the delete had come first); if all are still there, the answer is 409. Other errors pass on.
 */
export async function raceWithDelete(error: unknown, recheck: () => Promise<unknown>): Promise<never> {
  if (!isForeignKeyViolation(error)) throw error;
  await recheck();
  throw conflict();
}

/** MSR's error envelope, as ApiError.toResponse() writes it; the OpenAPI document's `Errors`. */
export const errorEnvelopeSchema = z.object({
  errors: z.array(z.object({ code: z.string(), message: z.string() })).min(1),
});
