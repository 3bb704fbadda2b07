/**
 * Embedded PostgreSQL for development and tests: PGlite (PostgreSQL compiled
 * to WebAssembly, running inside this Node process) served over the
 * PostgreSQL wire protocol by `@electric-sql/pglite-socket`, so ordinary
 * clients (postgres.js, psql) connect to it by URL.
 *
 * Verified with postgres.js (`max: 1`), see test/infra/infra.test.ts:
 * multi-statement migrations (simple protocol), explicit transactions
 * (`sql.begin`), `jsonb`, `bigserial`, `ON CONFLICT DO NOTHING`,
 * `pg_advisory_xact_lock`, and persistence of a `dataDir` across stop/start.
 *
 * LIMITATIONS (know these before pointing anything at it):
 *  - PGlite is ONE single-user backend. The socket server multiplexes client
 *    connections onto it message by message; only an explicit transaction
 *    keeps other connections out. Extended-protocol messages
 *    (Parse/Bind/Execute/Sync) of two connections can therefore interleave and
 *    corrupt each other. Use postgres.js with `max: 1` and don't have two
 *    connections busy at the same time (several *open* connections that take
 *    turns are fine; that is why `maxConnections` defaults to more than 1).
 *  - Advisory locks, `SELECT ... FOR UPDATE`, `SKIP LOCKED` etc. never block:
 *    there is only one backend, so they cannot serialise anything. They parse
 *    and run, which is enough for code that also runs on real PostgreSQL.
 *  - `LISTEN/NOTIFY` across socket connections is not reliable; no SSL; the
 *    connection's user/database/password are ignored (there is one database).
 *  - It runs on this process's event loop: heavy queries stall the process
 *    that hosts it (in tests: the vitest main process).
 *  - A dataDir may be opened by ONE process at a time (no locking is done by
 *    PGlite; a second opener would corrupt it).
 */
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import { mkdirSync } from 'node:fs';
import path from 'node:path';

export interface EmbeddedPostgresOptions {
  /** Directory for the database files; omitted = in memory (lost on stop). */
  dataDir?: string;
  /** TCP port on 127.0.0.1; omitted = a free port chosen by the OS. */
  port?: number;
  /**
   * How many client connections the socket server accepts at once
   * (default 8). See the LIMITATIONS above: they must take turns.
   */
  maxConnections?: number;
  log?: (msg: string) => void;
}

export interface EmbeddedPostgres {
  /** postgres://postgres@127.0.0.1:PORT/postgres */
  url: string;
  stop(): Promise<void>;
}

export async function startEmbeddedPostgres(opts: EmbeddedPostgresOptions = {}): Promise<EmbeddedPostgres> {
  const log = opts.log ?? (() => {});
  let dataDir: string | undefined;
  if (opts.dataDir) {
    dataDir = path.resolve(opts.dataDir);
    mkdirSync(dataDir, { recursive: true });
  }
  const started = Date.now();
  const db = await PGlite.create(dataDir ? { dataDir } : {});
  const server = new PGLiteSocketServer({
    db,
    host: '127.0.0.1',
    port: opts.port ?? 0,
    maxConnections: opts.maxConnections ?? 8,
  });
  try {
    await server.start();
  } catch (err) {
    await db.close().catch(() => {});
    throw err;
  }
  // getServerConn() reports the OS-assigned port after start() when port was 0.
  const conn = server.getServerConn();
  const port = Number(conn.slice(conn.lastIndexOf(':') + 1));
  if (!Number.isInteger(port) || port <= 0) {
    await server.stop().catch(() => {});
    await db.close().catch(() => {});
    throw new Error(`embedded PostgreSQL: unexpected server address ${conn}`);
  }
  const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
  log(`embedded PostgreSQL (PGlite${dataDir ? `, ${dataDir}` : ', in memory'}) at ${url} in ${Date.now() - started} ms`);

  let stopping: Promise<void> | undefined;
  return {
    url,
    stop() {
      stopping ??= (async () => {
        await server.stop();
        // Let the detach handlers (which may ROLLBACK) run before closing.
        await new Promise((r) => setTimeout(r, 20));
        if (!db.closed) await db.close();
        log('embedded PostgreSQL stopped');
      })();
      return stopping;
    },
  };
}
