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
 * gets them all from its own `secureHeaders()`. Each header is work on every response, so an API
 * response carries only those that act on it.
 */
const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'cross-origin-resource-policy': 'same-origin',
  'strict-transport-security': 'max-age=15552000; includeSubDomains',
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'SAMEORIGIN',
  'access-control-expose-headers': 'x-request-id,server-timing',
};

/** The API headers for an allowed origin (`*`, one of the list, or none), built once per value. */
const headersByOrigin = new Map<string | undefined, Readonly<Record<string, string>>>();

function apiHeadersFor(allowOrigin: string | undefined): Readonly<Record<string, string>> {
  let headers = headersByOrigin.get(allowOrigin);
  if (headers === undefined) {
    headers = Object.freeze(allowOrigin === undefined ? { ...SECURITY_HEADERS } : { ...SECURITY_HEADERS, 'access-control-allow-origin': allowOrigin });
    // Origins come from the CORS_ORIGINS list (or `*`), so the map stays as small as that list.
    headersByOrigin.set(allowOrigin, headers);
  }
  return headers;
}

/**
 * CORS (the `CORS_ORIGINS` var) and security headers on every response, with the request id.
 * A handler that builds its own `Response` (the predict routes) takes them from the `apiHeaders`
 * variable into its constructor, one record, and nothing is added afterwards; any other response
 * (`c.json()` routes, errors from `app.onError`) gets them set on its headers once it exists.
 * Runs after `assignRequestId()`. Preflights (`OPTIONS`) go to hono's `cors()`.
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
    const headers = apiHeadersFor(allowOrigin);
    c.set('apiHeaders', headers);
    await next();
    const responseHeaders = c.res.headers;
    // Only API headers set this one (the demo page's secureHeaders() sets the security ones too).
    if (!responseHeaders.has('access-control-expose-headers')) {
      for (const name in headers) responseHeaders.set(name, headers[name] ?? '');
    }
    if (!responseHeaders.has('x-request-id')) responseHeaders.set('x-request-id', c.get('requestId'));
    if (allowed !== '*') responseHeaders.append('vary', 'Origin');
  };
}
