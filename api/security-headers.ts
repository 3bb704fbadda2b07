import type { MiddlewareHandler } from 'hono';
import { secureHeaders } from 'hono/secure-headers';

/**
 * The CSP allows no inline script at all (every page's script is a served file:
 * web/assets/, api/docs/swagger-initializer.js), so an injected `<script>` or `on…=`
 * attribute does not run even if escaping ever failed. Styles keep 'unsafe-inline':
 * the layout's stylesheet is inline, a few pages set `style=` attributes, and Swagger UI
 * sets style attributes from its script; styles cannot run code.
 */
const headersFor = (formAction: string[]) => secureHeaders({
  contentSecurityPolicy: {
    defaultSrc: ["'self'"],
    scriptSrc: ["'self'"],
    styleSrc: ["'self'", "'unsafe-inline'"],
    imgSrc: ["'self'", 'data:'],
    connectSrc: ["'self'"],
    frameAncestors: ["'none'"],
    formAction: ["'self'", ...formAction],
    baseUri: ["'none'"],
    objectSrc: ["'none'"],
  },
  xFrameOptions: 'DENY',
  referrerPolicy: 'no-referrer',
});

/**
 * Security headers on every answer, errors and 404s included, plus `Cache-Control: no-store`
 * unless the handler chose a cache policy itself (only static assets do): pages and API
 * answers carry personal data and must not stay in a shared or back-button cache.
 */
export function securityHeaders(opts: { formAction?: string[] } = {}): MiddlewareHandler {
  // form-action governs where a submitted form may be redirected too: logging out of a single sign-on session
  // continues at the provider (docs/sso.md), so its origin is allowed beside 'self'.
  const headers = headersFor(opts.formAction ?? []);
  return async (c, next) => {
    await headers(c, next);
    if (!c.res.headers.has('cache-control')) c.res.headers.set('cache-control', 'no-store');
  };
}
