import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../app-env';
import type { ServicesFor } from '../model/create-isolate-services';
import { corsFromConfig } from './cors-from-config';
import type { CorsFromConfigOptions } from './cors-from-config';

/** An incoming id is echoed when it is short and plain (hono's `requestId()` rule); else one is generated. */
const ECHOED_ID = /^[\w=-]{1,255}$/;

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

/** Options for `apiContext`. */
export interface ApiContextOptions extends CorsFromConfigOptions {
  /** The isolate's config and registry for a request's bindings. */
  servicesFor: ServicesFor;
}

/**
 * What every request of the API gets, in one middleware (each middleware is a level of hono's
 * dispatch on every request, the predict routes' included):
 * - the isolate's services: `config` and `registry` variables;
 * - the request id: a valid incoming `x-request-id` (≤ 255 chars of [\w=-]) or a random UUID,
 *   as the `requestId` variable and the `x-request-id` response header;
 * - CORS (the `CORS_ORIGINS` var) and the security headers. A handler that builds its own
 *   `Response` (the predict routes) takes them from the `apiHeaders` variable into its
 *   constructor, one record, and nothing is added afterwards; any other response (`c.json()`
 *   routes, errors from `app.onError`) gets them set on its headers once it exists.
 * Preflights (`OPTIONS`) go to hono's `cors()`.
 */
export function apiContext(options: ApiContextOptions): MiddlewareHandler<AppEnv> {
  const { servicesFor, ...corsOptions } = options;
  const preflight = corsFromConfig(corsOptions);
  return async function attachApiContext(c, next) {
    const { config, registry } = servicesFor(c.env);
    c.set('config', config);
    c.set('registry', registry);
    const incoming = c.req.header('x-request-id');
    c.set('requestId', incoming !== undefined && ECHOED_ID.test(incoming) ? incoming : crypto.randomUUID());
    if (c.req.method === 'OPTIONS') return preflight(c, next);
    const allowed = config.corsOrigins;
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
