import type { MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { AppEnv } from '../app-env';
import { errorResponse } from '../http/api-error';

/** Options for `limitBody`. */
export interface LimitBodyOptions {
  /** A fixed limit in bytes; by default the `MAX_BODY_BYTES` var (`config.maxBodyBytes`). */
  maxBytes?: number;
}

/** Refuses bodies over the limit with 413 `payload_too_large` (counted while streaming). */
export function limitBody(options: LimitBodyOptions = {}): MiddlewareHandler<AppEnv> {
  // hono's bodyLimit per limit value, built on first use rather than on every request.
  const limits = new Map<number, MiddlewareHandler>();
  return async function limitBodySize(c, next) {
    const maxBytes = options.maxBytes ?? c.get('config').maxBodyBytes;
    let limit = limits.get(maxBytes);
    if (limit === undefined) {
      limit = bodyLimit({
        maxSize: maxBytes,
        onError: () => errorResponse(413, 'payload_too_large', `request body exceeds ${maxBytes} bytes`),
      });
      limits.set(maxBytes, limit);
    }
    return limit(c, next);
  };
}
