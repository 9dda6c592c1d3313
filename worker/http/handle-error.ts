import type { ErrorHandler } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { ClassifierError, ERROR_STATUS } from '../errors';
import type { ClassifierErrorCode } from '../errors';
import { errorResponse } from './api-error';

const CODE_BY_STATUS: Partial<Record<number, string>> = {
  400: 'invalid_request',
  401: 'unauthorized',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
};

/**
 * Maps thrown errors to responses: the worker's domain errors (`ClassifierError`: a refused
 * request, an unknown model or version, an unavailable artifact) by their code's status;
 * `HTTPException`s with a JSON response as they are; other `HTTPException`s (thrown by hono's own
 * middleware) get the JSON error shape; anything else is a 500 `internal_error` whose message
 * never leaks internals.
 */
export const handleError: ErrorHandler = (error, c) => {
  if (error instanceof ClassifierError) {
    const code: ClassifierErrorCode = error.code;
    return errorResponse(ERROR_STATUS[code], code, error.message);
  }
  if (error instanceof HTTPException) {
    const response = error.getResponse();
    if (response.headers.get('content-type')?.includes('application/json')) return response;
    const code = CODE_BY_STATUS[error.status] ?? (error.status < 500 ? 'bad_request' : 'internal_error');
    return errorResponse(error.status, code, error.message || code.replaceAll('_', ' '));
  }
  console.error('unhandled error', c.req.method, c.req.path, error);
  return errorResponse(500, 'internal_error', 'internal error');
};
