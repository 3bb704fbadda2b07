import { createHash } from 'node:crypto';
import type postgres from 'postgres';
import { RateLimiterPostgres, RateLimiterRes } from 'rate-limiter-flexible';
import { pgShaped } from '../auth/login-throttle.js';

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
  if (!limiter) {
    limiter = new RateLimiterPostgres({
      storeClient: pgShaped(sql),
      storeType: 'pool',
      tableName: 'login_throttle',
      tableCreated: true,
      clearExpiredByTimeout: false,
      keyPrefix: 'reset',
      points: perHour,
      duration: 3600,
    });
    limiters.set(sql, limiter);
  }
  const l = limiter;
  return {
    async allow(email) {
      const key = createHash('sha256').update(email.toLowerCase()).digest('base64url');
      try {
        await l.consume(key);
        return true;
      } catch (err) {
        if (err instanceof RateLimiterRes) return false;
        throw err;
      }
    },
  };
}
