import type { MiddlewareHandler } from 'hono';
import { cors } from 'hono/cors';
import type { AppEnv } from '../app-env';

/** Options for `corsFromConfig`. */
export interface CorsFromConfigOptions {
  /** Preflight cache lifetime, seconds. */
  maxAgeSeconds?: number;
}

/**
 * CORS for the origins in the `CORS_ORIGINS` var (`*` or a comma-separated list). Exposes
 * `x-request-id` and `server-timing`; allows `authorization` (the API uses bearer tokens, never
 * cookies, so credentials are not allowed).
 */
export function corsFromConfig(options: CorsFromConfigOptions = {}): MiddlewareHandler<AppEnv> {
  const handler = cors({
    origin: (origin, c) => {
      const allowed = c.get('config').corsOrigins;
      if (allowed === '*') return '*';
      return allowed.includes(origin) ? origin : null;
    },
    allowMethods: ['GET', 'POST', 'OPTIONS'],
    allowHeaders: ['authorization', 'content-type', 'x-request-id'],
    exposeHeaders: ['x-request-id', 'server-timing'],
    maxAge: options.maxAgeSeconds ?? 86_400,
  });
  return async function corsForConfiguredOrigins(c, next) {
    return handler(c, next);
  };
}
