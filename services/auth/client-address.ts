import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context } from 'hono';

/**
 * The address throttling counts failures by: the peer of the TCP connection, or, behind
 * TRUST_PROXY=N reverse proxies, the address the outermost of them saw — the N-th entry of
 * X-Forwarded-For counted from the right, since each proxy appends the peer it saw and
 * everything left of that is whatever the client chose to send. (Counting from the left,
 * as before, let every request claim a fresh address.) TRUST_PROXY=0 or unset ignores the header.
 */
export function clientAddress(remoteAddress: string | undefined, forwardedFor: string | undefined, trustedProxies = trustedProxiesFromEnv()): string {
  const hops = trustedProxies > 0 ? (forwardedFor ?? '').split(',').map((s) => s.trim()).filter(Boolean) : [];
  const forwarded = hops.length ? hops[Math.max(0, hops.length - trustedProxies)] : undefined;
  return (forwarded || remoteAddress || 'unknown').slice(0, 100);
}

function trustedProxiesFromEnv(env: NodeJS.ProcessEnv = process.env): number {
  const n = Number(env.TRUST_PROXY ?? 0);
  return Number.isInteger(n) && n > 0 ? n : 0;
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
