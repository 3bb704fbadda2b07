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
}

const positive = (name: string, fallback: number, env: NodeJS.ProcessEnv): number => {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`${name} must be a positive number, got «${raw}»`);
  return n;
};

export function sessionPolicyFromEnv(env: NodeJS.ProcessEnv = process.env): SessionPolicy {
  return {
    lifetimeMs: positive('SESSION_LIFETIME_MINUTES', 12 * 60, env) * 60_000,
    idleMs: positive('SESSION_IDLE_MINUTES', 30, env) * 60_000,
    failuresPerLogin: Math.floor(positive('LOGIN_FAILURES_PER_LOGIN', 10, env)),
    failuresPerAddress: Math.floor(positive('LOGIN_FAILURES_PER_ADDRESS', 50, env)),
    failureWindowMs: positive('LOGIN_FAILURE_WINDOW_MINUTES', 15, env) * 60_000,
  };
}
