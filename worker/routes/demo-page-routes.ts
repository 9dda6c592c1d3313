import { Hono } from 'hono';
import { NONCE, secureHeaders } from 'hono/secure-headers';
import type { AppEnv } from '../app-env';
import { renderDemoPage } from '../demo/render-demo-page';

/** `GET /`: the demo page (undocumented in OpenAPI), with a per-response nonce CSP. */
export function createDemoPageRoutes() {
  return new Hono<AppEnv>().get(
    '/',
    secureHeaders({
      contentSecurityPolicy: {
        defaultSrc: ["'none'"],
        scriptSrc: [NONCE],
        styleSrc: [NONCE],
        imgSrc: ["'self'", 'blob:', 'data:'],
        connectSrc: ["'self'"],
        baseUri: ["'none'"],
        formAction: ["'none'"],
        frameAncestors: ["'none'"],
      },
    }),
    (c) => c.html(renderDemoPage(c.get('secureHeadersNonce') ?? '')),
  );
}
