import { createHash } from 'node:crypto';
import type postgres from 'postgres';
import { RateLimiterPostgres, RateLimiterRes } from 'rate-limiter-flexible';
import type { SessionPolicy } from './session-policy.js';

/**
 * Failed logins counted per login name and per client address with
 * rate-limiter-flexible, its state in PostgreSQL (table login_throttle) so
 * that the limit holds across API processes. A blocked caller is told when to
 * come back; a successful login clears its name's count.
 */
export interface LoginThrottle {
  /**
   * Before any password work: whether this attempt may go on. A login past its own limit waits
   * (`blocked`). An address past its limit — a regional fund's whole office behind one NAT
   * address, or one source of credential stuffing — no longer refuses outright: a login with
   * no recent failures of its own is still checked (`addressBlocked`), so a colleague with the
   * right password gets in, while a wrong password from there is refused as blocked and
   * counted against that login, whose next attempt from the address then waits.
   */
  check(login: string, address: string): Promise<{ kind: 'open' } | { kind: 'blocked'; retryAfterSeconds: number } | { kind: 'addressBlocked'; retryAfterSeconds: number }>;
  failed(login: string, address: string): Promise<void>;
  succeeded(login: string): Promise<void>;
}

/** postgres.js under the `pg`-shaped client the library expects (query({text, values}) → {rows, rowCount}). */
function pgShaped(sql: postgres.Sql) {
  return {
    async query(q: { text: string; values?: unknown[] }) {
      const rows = await sql.unsafe(q.text, (q.values ?? []) as never[]);
      return { rows: rows.map((r) => ({ ...r, expire: r.expire === null ? null : Number(r.expire) })), rowCount: rows.count };
    },
  };
}

// Keys are hashed: a login name is user input of any length and content, the key column is varchar(255).
const keyOf = (kind: string, value: string) => `${kind}:${createHash('sha256').update(value.toLowerCase()).digest('base64url')}`;

/**
 * A counter in the login throttle's table (table login_throttle, shared by every API process): the failed
 * logins here, reset e-mails (reset-throttle.ts), single sign-on starts (sso-start-throttle.ts). Its keys
 * are prefixed with `keyPrefix`.
 */
export function throttleCounter(sql: postgres.Sql, opts: { keyPrefix: string; points: number; durationSeconds: number; blockSeconds?: number }): RateLimiterPostgres {
  return new RateLimiterPostgres({
    storeClient: pgShaped(sql),
    storeType: 'pool',
    tableName: 'login_throttle',
    tableCreated: true,
    // Expired rows are purged with expired sessions (purgeExpired), not by the library's hourly timer.
    clearExpiredByTimeout: false,
    keyPrefix: opts.keyPrefix,
    points: opts.points,
    duration: opts.durationSeconds,
    ...(opts.blockSeconds ? { blockDuration: opts.blockSeconds } : {}),
  });
}

/** Counts one point for `key`: null when it may go on, else the seconds until it may. */
export async function takePoint(counter: RateLimiterPostgres, key: string): Promise<number | null> {
  try {
    await counter.consume(key);
    return null;
  } catch (err) {
    if (err instanceof RateLimiterRes) return Math.max(1, Math.ceil(err.msBeforeNext / 1000));
    throw err;
  }
}

export function createLoginThrottle(sql: postgres.Sql, policy: SessionPolicy): LoginThrottle {
  const window = Math.ceil(policy.failureWindowMs / 1000);
  const byLogin = throttleCounter(sql, { keyPrefix: 'login', points: policy.failuresPerLogin, durationSeconds: window, blockSeconds: window });
  const byAddress = throttleCounter(sql, { keyPrefix: 'address', points: policy.failuresPerAddress, durationSeconds: window, blockSeconds: window });
  const login = (l: string) => keyOf('login', l);
  const address = (a: string) => keyOf('address', a);

  const wait = (res: RateLimiterRes | null, points: number) =>
    res && res.consumedPoints >= points ? Math.max(1, Math.ceil(res.msBeforeNext / 1000)) : null;

  return {
    async check(l, a) {
      const [forLogin, forAddress] = await Promise.all([byLogin.get(login(l)), byAddress.get(address(a))]);
      const loginWait = wait(forLogin, policy.failuresPerLogin);
      if (loginWait !== null) return { kind: 'blocked', retryAfterSeconds: loginWait };
      const addressWait = wait(forAddress, policy.failuresPerAddress);
      if (addressWait === null) return { kind: 'open' };
      // The address is blocked: only a login that has not failed lately gets its one try.
      if (forLogin && forLogin.consumedPoints > 0) return { kind: 'blocked', retryAfterSeconds: addressWait };
      return { kind: 'addressBlocked', retryAfterSeconds: addressWait };
    },
    async failed(l, a) {
      // consume() rejects with a RateLimiterRes once the limit is passed: the block is what we want, not an error.
      await Promise.all([byLogin.consume(login(l)).catch(rejectedOnlyByLimit), byAddress.consume(address(a)).catch(rejectedOnlyByLimit)]);
    },
    async succeeded(l) {
      await byLogin.delete(login(l));
    },
  };
}

function rejectedOnlyByLimit(err: unknown): void {
  if (!(err instanceof RateLimiterRes)) throw err;
}
