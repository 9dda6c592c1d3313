import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../app-env';
import { corsFromConfig } from './cors-from-config';
import type { CorsFromConfigOptions } from './cors-from-config';

/**
 * hono's `secureHeaders()` defaults (hono 4.13, secure-headers.ts HEADERS_MAP and DEFAULT_OPTIONS),
 * as one list: the same headers, written once per response instead of copied onto it afterwards.
 */
const RESPONSE_HEADERS: readonly (readonly [string, string])[] = [
  ['Cross-Origin-Resource-Policy', 'same-origin'],
  ['Cross-Origin-Opener-Policy', 'same-origin'],
  ['Origin-Agent-Cluster', '?1'],
  ['Referrer-Policy', 'no-referrer'],
  ['Strict-Transport-Security', 'max-age=15552000; includeSubDomains'],
  ['X-Content-Type-Options', 'nosniff'],
  ['X-DNS-Prefetch-Control', 'off'],
  ['X-Download-Options', 'noopen'],
  ['X-Frame-Options', 'SAMEORIGIN'],
  ['X-Permitted-Cross-Domain-Policies', 'none'],
  ['X-XSS-Protection', '0'],
  ['Access-Control-Expose-Headers', 'x-request-id,server-timing'],
];

function setAll(set: (name: string, value: string) => void, allowOrigin: string | undefined): void {
  for (const [name, value] of RESPONSE_HEADERS) set(name, value);
  if (allowOrigin !== undefined) set('Access-Control-Allow-Origin', allowOrigin);
}

/**
 * CORS (the `CORS_ORIGINS` var) and security headers on every response, at the cost of writing
 * them: set with `c.header()` before the handler runs, they go into the response's constructor
 * (hono's `cors()` and `secureHeaders()` edit the finished response, which makes hono copy every
 * header into a new one). A response built without them (an error `Response` returned as is) gets
 * them afterwards, with the request id. Runs after `requestId()`. Preflights (`OPTIONS`) go to hono's `cors()` as before.
 */
export function apiHeaders(options: CorsFromConfigOptions = {}): MiddlewareHandler<AppEnv> {
  const preflight = corsFromConfig(options);
  return async function setApiHeaders(c, next) {
    if (c.req.method === 'OPTIONS') return preflight(c, next);
    const allowed = c.get('config').corsOrigins;
    const origin = c.req.header('origin');
    const allowOrigin = allowed === '*' ? '*' : origin !== undefined && allowed.includes(origin) ? origin : undefined;
    setAll((name, value) => c.header(name, value), allowOrigin);
    await next();
    if (!c.res.headers.has('x-content-type-options')) {
      // A Response returned as is (an error from middleware or onError) skipped c.header()'s
      // headers, the request id among them.
      setAll((name, value) => c.res.headers.set(name, value), allowOrigin);
      c.res.headers.set('x-request-id', c.get('requestId'));
    }
    c.res.headers.delete('X-Powered-By');
    if (allowed !== '*') c.header('Vary', 'Origin', { append: true });
  };
}
