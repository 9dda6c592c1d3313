import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../app-env';

/** An incoming id is echoed when it is short and plain (hono's `requestId()` rule); else one is generated. */
const ECHOED_ID = /^[\w=-]{1,255}$/;

/**
 * The request id: a valid incoming `x-request-id` (≤ 255 chars of [\w=-]) or a random UUID, as
 * the `requestId` variable. The `x-request-id` response header is written with the other API
 * headers (`apiHeaders()`), so the response's headers are built once.
 */
export function assignRequestId(): MiddlewareHandler<AppEnv> {
  return async function assignRequestIdVariable(c, next) {
    const incoming = c.req.header('x-request-id');
    c.set('requestId', incoming !== undefined && ECHOED_ID.test(incoming) ? incoming : crypto.randomUUID());
    await next();
  };
}
