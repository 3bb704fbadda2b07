import { positiveFromEnv } from '../env-figures.js';

/** How long sessions live and how hard logins are throttled; every figure can be set by env (README, Configuration). */
export interface SessionPolicy {
  /** Absolute lifetime of a session from login. */
  lifetimeMs: number;
  /** A session unused for this long ends. */
  idleMs: number;
  /** Failed logins allowed per login name within `failureWindowMs`, then blocked for the rest of the window. */
  failuresPerLogin: number;
  /** Failed logins allowed per client address within `failureWindowMs`. */
  failuresPerAddress: number;
  failureWindowMs: number;
  /** Single sign-on logins started per client address and minute (each writes a login transaction: sso-start-throttle.ts). */
  ssoStartsPerMinute: number;
}

export function sessionPolicyFromEnv(env: NodeJS.ProcessEnv = process.env): SessionPolicy {
  return {
    lifetimeMs: positiveFromEnv('SESSION_LIFETIME_MINUTES', 12 * 60, env) * 60_000,
    idleMs: positiveFromEnv('SESSION_IDLE_MINUTES', 30, env) * 60_000,
    failuresPerLogin: Math.floor(positiveFromEnv('LOGIN_FAILURES_PER_LOGIN', 10, env)),
    failuresPerAddress: Math.floor(positiveFromEnv('LOGIN_FAILURES_PER_ADDRESS', 50, env)),
    failureWindowMs: positiveFromEnv('LOGIN_FAILURE_WINDOW_MINUTES', 15, env) * 60_000,
    ssoStartsPerMinute: Math.floor(positiveFromEnv('SSO_LOGIN_STARTS_PER_MINUTE', 20, env)),
  };
}
