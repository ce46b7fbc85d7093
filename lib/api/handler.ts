import { ApiError, invalidParameters, isDataException } from '@/lib/errors';
import { log } from '@/lib/log';

type Handler<C> = (request: Request, context: C) => Promise<Response>;

/** Wraps a route handler: ApiErrors become MSR's envelope; anything else is logged and hidden. */
export function route<C>(handler: Handler<C>): Handler<C> {
  return async (request, context) => {
    try {
      return await handler(request, context);
    } catch (error) {
      if (error instanceof ApiError) return error.toResponse();
      if (isDataException(error)) return invalidParameters('The request contains a value the server cannot store or read, such as a NUL character or a malformed cursor').toResponse();
      log.error({ err: error, method: request.method, path: new URL(request.url).pathname }, 'unhandled error in a route');
      return new ApiError('INTERNAL_ERROR', 500, 'An internal error occurred').toResponse();
    }
  };
}
