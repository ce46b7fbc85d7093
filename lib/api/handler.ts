import { ApiError, isDatabaseUnavailable, knownFault } from '@/lib/errors';
import { log } from '@/lib/log';

type Handler<C> = (request: Request, context: C) => Promise<Response>;

/**
 * The answer to an error a handler threw: ApiErrors and the faults the data layer can name (the
 * database away is 503, a write that lost a race 409, unreadable bytes 400) in MSR's envelope;
 * anything else is logged and hidden behind a 500.
 */
export function errorResponse(error: unknown, request: Request): Response {
  const where = { method: request.method, path: new URL(request.url).pathname };
  const known = knownFault(error);
  if (known) {
    if (isDatabaseUnavailable(error)) log.warn({ err: error, ...where }, 'database unreachable');
    return known.toResponse();
  }
  log.error({ err: error, ...where }, 'unhandled error in a route');
  return new ApiError('INTERNAL_ERROR', 500, 'An internal error occurred').toResponse();
}

/** Wraps a route handler: ApiErrors become MSR's envelope; anything else is logged and hidden. */
export function route<C>(handler: Handler<C>): Handler<C> {
  return async (request, context) => {
    try {
      return await handler(request, context);
    } catch (error) {
      return errorResponse(error, request);
    }
  };
}
