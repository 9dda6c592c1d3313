import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../app-env';
import { corsFromConfig } from './cors-from-config';
import type { CorsFromConfigOptions } from './cors-from-config';

/**
 * The security headers of an API response (JSON), after OWASP's REST Security Cheat Sheet: no
 * MIME sniffing, HTTPS only, not embeddable by other origins (as a subresource or in a frame).
 * hono's `secureHeaders()` defaults add seven more that only a document acts on (COOP,
 * Origin-Agent-Cluster, Referrer-Policy, X-DNS-Prefetch-Control, X-Download-Options,
 * X-Permitted-Cross-Domain-Policies, X-XSS-Protection); the demo page, the one document, still
 * gets them all from its own `secureHeaders()`. Each header is work on every response, twice in
 * workerd (set, then serialized), so an API response carries only those that act on it.
 */
const RESPONSE_HEADERS: readonly (readonly [string, string])[] = [
  ['Cross-Origin-Resource-Policy', 'same-origin'],
  ['Strict-Transport-Security', 'max-age=15552000; includeSubDomains'],
  ['X-Content-Type-Options', 'nosniff'],
  ['X-Frame-Options', 'SAMEORIGIN'],
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
    let allowOrigin: string | undefined = '*';
    if (allowed !== '*') {
      const origin = c.req.header('origin');
      allowOrigin = origin !== undefined && allowed.includes(origin) ? origin : undefined;
    }
    setAll((name, value) => c.header(name, value), allowOrigin);
    await next();
    if (!c.res.headers.has('x-content-type-options')) {
      // A Response returned as is (an error from middleware or onError) skipped c.header()'s
      // headers, the request id among them.
      setAll((name, value) => c.res.headers.set(name, value), allowOrigin);
      c.res.headers.set('x-request-id', c.get('requestId'));
    }
    if (allowed !== '*') c.header('Vary', 'Origin', { append: true });
  };
}
