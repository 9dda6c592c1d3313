import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';

/** The JSON body of every error response. */
export interface ErrorBody {
  error: { code: string; message: string };
}

/** A JSON error response `{ error: { code, message } }` with `status`. */
export function errorResponse(status: ContentfulStatusCode, code: string, message: string): Response {
  const body: ErrorBody = { error: { code, message } };
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json; charset=UTF-8' },
  });
}

/**
 * An exception for a client mistake (or an unavailable model); `app.onError` sends its JSON body.
 *
 * @example
 * throw apiError(415, 'unsupported_media_type', 'send image/png or image/jpeg');
 */
export function apiError(status: ContentfulStatusCode, code: string, message: string): HTTPException {
  return new HTTPException(status, { res: errorResponse(status, code, message), message });
}
