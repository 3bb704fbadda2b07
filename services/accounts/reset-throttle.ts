import { createHash } from 'node:crypto';
import type postgres from 'postgres';
import type { RateLimiterPostgres } from 'rate-limiter-flexible';
import { takePoint, throttleCounter } from '../auth/login-throttle.js';

/**
 * Reset e-mails per address and hour (PASSWORD_RESET_EMAILS_PER_HOUR, default 3): past it the
 * request is dropped silently — the answer stays the same, so the limit tells nothing about
 * the address — and nobody can fill a colleague's mailbox with reset links. The counters live
 * in the login throttle's table (rate-limiter-flexible, shared by every API process).
 */
export interface ResetThrottle {
  /** Counts one request for the address; false when its hour's allowance is used up. */
  allow(email: string): Promise<boolean>;
}

export const resetEmailsPerHourFromEnv = (raw = process.env.PASSWORD_RESET_EMAILS_PER_HOUR): number => {
  if (raw === undefined || raw === '') return 3;
  const n = Number(raw);
  if (!Number.isInteger(n) || n <= 0) throw new Error(`PASSWORD_RESET_EMAILS_PER_HOUR must be a positive integer, got «${raw}»`);
  return n;
};

const limiters = new WeakMap<postgres.Sql, RateLimiterPostgres>();

export function resetThrottle(sql: postgres.Sql, perHour = resetEmailsPerHourFromEnv()): ResetThrottle {
  let limiter = limiters.get(sql);
  if (!limiter) limiters.set(sql, (limiter = throttleCounter(sql, { keyPrefix: 'reset', points: perHour, durationSeconds: 3600 })));
  const l = limiter;
  return {
    allow: async (email) => (await takePoint(l, createHash('sha256').update(email.toLowerCase()).digest('base64url'))) === null,
  };
}
