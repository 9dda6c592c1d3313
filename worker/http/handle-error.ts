import type { ErrorHandler } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { errorResponse } from './api-error';

/**
 * Maps thrown errors to responses: `HTTPException`s carry their own (JSON) response; anything
 * else is a 500 `internal_error` whose message never leaks internals.
 */
export const handleError: ErrorHandler = (error, c) => {
  if (error instanceof HTTPException) {
    const response = error.getResponse();
    if (response.headers.get('content-type')?.includes('application/json')) return response;
    return errorResponse(error.status, error.status === 413 ? 'payload_too_large' : 'bad_request', error.message || 'bad request');
  }
  console.error('unhandled error', c.req.method, c.req.path, error);
  return errorResponse(500, 'internal_error', 'internal error');
};
