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
  /** Seconds to wait when this login or address is blocked, else null. Checked before any password work. */
  blockedFor(login: string, address: string): Promise<number | null>;
  failed(login: string, address: string): Promise<void>;
  succeeded(login: string): Promise<void>;
}

/** postgres.js under the `pg`-shaped client the library expects (query({text, values}) → {rows, rowCount}). */
export function pgShaped(sql: postgres.Sql) {
  return {
    async query(q: { text: string; values?: unknown[] }) {
      const rows = await sql.unsafe(q.text, (q.values ?? []) as never[]);
      return { rows: rows.map((r) => ({ ...r, expire: r.expire === null ? null : Number(r.expire) })), rowCount: rows.count };
    },
  };
}

// Keys are hashed: a login name is user input of any length and content, the key column is varchar(255).
const keyOf = (kind: string, value: string) => `${kind}:${createHash('sha256').update(value.toLowerCase()).digest('base64url')}`;

export function createLoginThrottle(sql: postgres.Sql, policy: SessionPolicy): LoginThrottle {
  const common = {
    storeClient: pgShaped(sql),
    storeType: 'pool',
    tableName: 'login_throttle',
    tableCreated: true,
    // Expired rows are purged with expired sessions (purgeExpired), not by the library's hourly timer.
    clearExpiredByTimeout: false,
    duration: Math.ceil(policy.failureWindowMs / 1000),
    blockDuration: Math.ceil(policy.failureWindowMs / 1000),
  };
  const byLogin = new RateLimiterPostgres({ ...common, keyPrefix: 'login', points: policy.failuresPerLogin });
  const byAddress = new RateLimiterPostgres({ ...common, keyPrefix: 'address', points: policy.failuresPerAddress });
  const login = (l: string) => keyOf('login', l);
  const address = (a: string) => keyOf('address', a);

  const wait = (res: RateLimiterRes | null, points: number) =>
    res && res.consumedPoints >= points ? Math.max(1, Math.ceil(res.msBeforeNext / 1000)) : null;

  return {
    async blockedFor(l, a) {
      const [forLogin, forAddress] = await Promise.all([byLogin.get(login(l)), byAddress.get(address(a))]);
      const waits = [wait(forLogin, policy.failuresPerLogin), wait(forAddress, policy.failuresPerAddress)].filter((w): w is number => w !== null);
      return waits.length ? Math.max(...waits) : null;
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
