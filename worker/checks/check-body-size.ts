import type { MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { apiError } from '../http/api-error';
import type { RequestCheck } from './request-check';

/** Options for `checkBodySize`. */
export interface CheckBodySizeOptions {
  /** A fixed limit in bytes; by default the `MAX_BODY_BYTES` var (`config.maxBodyBytes`). */
  maxBytes?: number;
}

/**
 * Refuses bodies over the limit with 413 `payload_too_large`: by `content-length` when the
 * request has one, else counted while hono's bodyLimit reads the stream (it then replaces the
 * request with one holding the bytes read, so the handler reads them after this check).
 */
export function checkBodySize(options: CheckBodySizeOptions = {}): RequestCheck {
  // hono's bodyLimit per limit value, built on first use rather than on every request.
  const limits = new Map<number, MiddlewareHandler>();
  return async function checkBodyWithinLimit(c) {
    const maxBytes = options.maxBytes ?? c.get('config').maxBodyBytes;
    // A declared length decides without touching the body stream (what bodyLimit does too, after
    // reading `request.body`, which makes the runtime build the stream object first).
    const headers = c.req.raw.headers;
    const declared = headers.get('content-length');
    if (declared !== null && !headers.has('transfer-encoding')) {
      if (Number.parseInt(declared, 10) > maxBytes) throw apiError(413, 'payload_too_large', `request body exceeds ${maxBytes} bytes`);
      return;
    }
    let limit = limits.get(maxBytes);
    if (limit === undefined) {
      limit = bodyLimit({ maxSize: maxBytes, onError: () => { throw apiError(413, 'payload_too_large', `request body exceeds ${maxBytes} bytes`); } });
      limits.set(maxBytes, limit);
    }
    await limit(c, async () => undefined);
  };
}
