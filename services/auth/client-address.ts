import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context } from 'hono';

/**
 * The address throttling counts failures by: the peer of the TCP connection,
 * or, behind a reverse proxy that sets it (TRUST_PROXY=1), the client it
 * names first in X-Forwarded-For. Trusting that header without a proxy would
 * let every request claim a fresh address.
 */
export function clientAddress(remoteAddress: string | undefined, forwardedFor: string | undefined, trustProxy = process.env.TRUST_PROXY === '1'): string {
  const forwarded = trustProxy ? forwardedFor?.split(',')[0]?.trim() : undefined;
  return (forwarded || remoteAddress || 'unknown').slice(0, 100);
}

/** The same for a request served by @hono/node-server (API and pages alike). */
export function requestAddress(c: Context): string {
  let remote: string | undefined;
  try {
    remote = getConnInfo(c).remote.address;
  } catch {
    remote = undefined; // not served over a socket (app.request in a test)
  }
  return clientAddress(remote, c.req.header('x-forwarded-for'));
}
