import type { MiddlewareHandler } from 'hono';

/**
 * For commands whose body is optional (approve, amend): an empty body sent with
 * `Content-Type: application/json` — what many clients send by default — means
 * "no body", not malformed JSON. The request goes on without the header, so the
 * route's optional-body validator skips it; a body with content is validated as usual.
 * The body is read through the request's cache (the Idempotency-Key's hash may have read it already).
 */
export const emptyBodyIsNoBody: MiddlewareHandler = async (c, next) => {
  if (c.req.method === 'POST' && c.req.header('content-type') && (await c.req.text()).trim() === '') {
    const headers = new Headers(c.req.raw.headers);
    headers.delete('content-type');
    headers.delete('content-length');
    c.req.raw = new Request(c.req.raw.url, { method: c.req.method, headers, signal: c.req.raw.signal });
  }
  await next();
};
