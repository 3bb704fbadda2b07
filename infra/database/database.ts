/**
 * PostgreSQL connections (postgres.js).
 *
 * Column names are returned as they are in the database (snake_case); no
 * camelCase transform. `bigint`/`bigserial` (int8, oid 20) values are parsed
 * to JS numbers; a value outside ±(2^53-1) makes the query fail with a
 * RangeError instead of silently losing precision (the connection stays usable).
 */
import postgres from 'postgres';
import { startEmbeddedPostgres } from './embedded-postgres.js';

export interface ConnectOptions {
  /** Pool size (default 10; forced to 1 when `embedded`). */
  max?: number;
  /**
   * The server is the embedded PGlite one (see infra/database/embedded-postgres.ts):
   * it can serve only one busy connection at a time, so the pool is 1.
   */
  embedded?: boolean;
}

const int8AsNumber = {
  to: 20,
  from: [20],
  serialize: (x: number | bigint | string) => String(x),
  parse: (x: string): number => {
    const n = Number(x);
    if (!Number.isSafeInteger(n)) {
      throw new RangeError(`bigint value ${x} does not fit a JS number exactly; cast it to text or numeric in the query`);
    }
    return n;
  },
};

/**
 * Outages (README "Outages"): a request must fail within ~3 s when PostgreSQL
 * is down and work again within seconds of its return. postgres.js waits
 * `backoff(n)` seconds before the n-th reconnect after failed ones (by default
 * up to 20 s, so a request made after the server came back could still wait
 * that long, or succeed only long after it was made), and up to
 * `connect_timeout` (default 30 s) for an answer to a connect. Both are short here.
 */
export const RECONNECT_BACKOFF_MAX_S = 0.5;
export const reconnectBackoff = (failures: number): number => Math.min(0.05 * 2 ** failures, RECONNECT_BACKOFF_MAX_S);
const connectTimeoutS = (value = process.env.PGCONNECT_TIMEOUT): number => {
  const n = Number(value);
  return Number.isFinite(n) && n > 0 ? n : 2;
};

export function connectDatabase(url: string, opts: ConnectOptions = {}): postgres.Sql {
  const embedded = opts.embedded ?? false;
  const max = embedded ? 1 : (opts.max ?? 10);
  const sql = postgres(url, {
    max,
    // Close idle connections after 30 s so short-lived processes and tests
    // don't keep servers busy; the pool reconnects on demand.
    idle_timeout: 30,
    // PGlite answers one client at a time, in WASM: its start-up handshake can wait behind a long query.
    connect_timeout: embedded ? 30 : connectTimeoutS(),
    backoff: reconnectBackoff,
    // NOTICEs ("relation already exists, skipping", ...) are not errors.
    onnotice: () => {},
    types: { int8AsNumber },
    connection: { application_name: 'roadmap-control' },
  });
  // The `types` option widens the generic parameter of Sql; callers only need
  // the plain interface (parsing happens at runtime either way).
  return sql as unknown as postgres.Sql;
}

export interface DatabaseHandle {
  sql: postgres.Sql;
  url: string;
  /** true = the in-process PGlite server (pool of 1, see embedded-postgres.ts). */
  embedded: boolean;
  /** Ends the pool, and stops the embedded server if this handle started it. */
  stop(): Promise<void>;
}

/**
 * Opens the database: `opts.url`, else `DATABASE_URL`, else an embedded
 * PGlite server (persisted in `opts.dataDir` when given, in memory otherwise).
 */
export async function openDatabase(opts: { url?: string; dataDir?: string; max?: number; log?: (msg: string) => void } = {}): Promise<DatabaseHandle> {
  const url = opts.url ?? (process.env.DATABASE_URL || undefined);
  if (url) {
    const sql = connectDatabase(url, { max: opts.max });
    return {
      sql,
      url,
      embedded: false,
      stop: () => sql.end({ timeout: 5 }),
    };
  }
  const server = await startEmbeddedPostgres({ dataDir: opts.dataDir, log: opts.log });
  const sql = connectDatabase(server.url, { embedded: true });
  let stopping: Promise<void> | undefined;
  return {
    sql,
    url: server.url,
    embedded: true,
    stop() {
      stopping ??= (async () => {
        try {
          await sql.end({ timeout: 5 });
        } finally {
          await server.stop();
        }
      })();
      return stopping;
    },
  };
}
