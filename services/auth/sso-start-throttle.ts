import type postgres from 'postgres';
import { takePoint, throttleCounter } from './login-throttle.js';

/**
 * Single sign-on starts per client address and minute (SSO_LOGIN_STARTS_PER_MINUTE, default 20: session-policy.ts).
 * Each start writes a login transaction (state, nonce, PKCE verifier) that lives until its
 * callback or its expiry: without a limit one script could fill that table and keep a
 * provider busy with authorization requests. A person starts one login at a time; a
 * regional fund's office behind one NAT address still has room for twenty a minute. The
 * counters live in the login throttle's table (rate-limiter-flexible, shared by every API process).
 */
export interface SsoStartThrottle {
  /** Counts one start from the address: null when it may go on, else the seconds until it may. */
  take(address: string): Promise<number | null>;
}

export function ssoStartThrottle(sql: postgres.Sql, perMinute: number): SsoStartThrottle {
  const counter = throttleCounter(sql, { keyPrefix: 'sso-start', points: Math.max(1, perMinute), durationSeconds: 60 });
  return { take: (address) => takePoint(counter, address) };
}
