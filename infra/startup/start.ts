/**
 * `npm start`: everything on one machine with embedded defaults.
 *
 * This process keeps what must not go down with a crash: the Temporal server
 * (the dev server with state in .data/, or with TEMPORAL_ENGINE=postgres the
 * PostgreSQL-backed server of infra/temporal/temporal-server.ts; none with
 * TEMPORAL_ADDRESS) and the database (DATABASE_URL, else the embedded PGlite in
 * .data/, which only this process may open). It migrates, then runs the worker
 * and the API as one child process (infra/startup/stack.ts) and restarts it with
 * backoff when it crashes (infra/startup/supervisor.ts), saying why.
 *
 * Ctrl-C/SIGTERM: the child finishes its HTTP requests and drains its worker,
 * then the database and the Temporal server stop, in that order (the servers
 * run in their own process group so that Ctrl-C does not stop them first).
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { spawnManaged, type ManagedChild } from './child-process.js';
import { openDatabase } from '../database/database.js';
import { demo } from '../demo/index.js';
import { logger } from '../observability/logger.js';
import { migrate } from '../database/migrate.js';
import { DEMO_ROADMAP_ID } from '../demo/seed-demo.js';
import { FIRST_ADMIN_COMMAND } from '../../services/accounts/first-administrator.js';
import type { StackReady } from './stack.js';
import { supervise, type Supervisor } from './supervisor.js';
import { startTemporalDevServer } from '../temporal/temporal-dev-server.js';
import { startTemporalServer } from '../temporal/temporal-server.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const dataDir = path.resolve(root, process.env.DATA_DIR ?? '.data');
const startLog = logger.child({ component: 'start' });
const log = (m: string) => startLog.info(m);
const stops: { name: string; run: () => Promise<unknown> }[] = [];
let supervisor: Supervisor | null = null;

async function startTemporal(namespace: string): Promise<{ address: string; uiUrl: string | null; engine: string }> {
  if (process.env.TEMPORAL_ADDRESS) {
    return { address: process.env.TEMPORAL_ADDRESS, uiUrl: process.env.TEMPORAL_UI_URL ?? null, engine: 'external (TEMPORAL_ADDRESS)' };
  }
  const port = Number(process.env.TEMPORAL_PORT ?? 7233);
  const uiPort = Number(process.env.TEMPORAL_UI_PORT ?? 8233);
  const engine = process.env.TEMPORAL_ENGINE || 'dev';
  if (engine === 'postgres') {
    log('starting the Temporal server on PostgreSQL (first start builds it: about 10 minutes)…');
    const server = await startTemporalServer({ port, uiPort, namespace, log, detached: true });
    stops.unshift({ name: 'Temporal server', run: () => server.stop() });
    return { address: server.address, uiUrl: server.uiUrl, engine: `Temporal server on PostgreSQL (${process.env.TEMPORAL_DB_NAME ?? 'temporal'})` };
  }
  if (engine !== 'dev') throw new Error(`TEMPORAL_ENGINE: dev or postgres, got ${engine}`);
  log('starting the Temporal dev server (first start may build the CLI: a few minutes)…');
  const server = await startTemporalDevServer({ dbFile: path.join(dataDir, 'temporal.sqlite'), port, uiPort, namespace, log, detached: true });
  stops.unshift({ name: 'Temporal dev server', run: () => server.stop() });
  return { address: server.address, uiUrl: server.uiUrl, engine: `dev server (SQLite, ${path.join(dataDir, 'temporal.sqlite')})` };
}

async function main() {
  const namespace = process.env.TEMPORAL_NAMESPACE ?? 'default';
  const temporal = await startTemporal(namespace);

  const db = await openDatabase({ dataDir: path.join(dataDir, 'pglite'), log });
  stops.unshift({ name: 'database', run: () => db.stop() });
  const applied = await migrate(db.sql);
  if (applied.length) log(`migrations applied: ${applied.join(', ')}`);
  // Without the demo, an empty database has nobody who could log in: say how to create the first administrator.
  const demoOff = process.env.NODE_ENV === 'production' || process.env.DEMO === '0';
  if (demoOff && !(await db.sql`select 1 from people limit 1`).length) {
    console.error(`No person in the database, so nobody could log in. Create the first administrator (docs/accounts.md), then npm start again:\n  ${FIRST_ADMIN_COMMAND}`);
    await shutdown('no person in the database', 1);
    return;
  }
  if (db.embedded) {
    // The child gets PGlite's only busy connection: this process keeps the server, not a pool.
    await db.sql.end({ timeout: 5 });
  }

  const port = Number(process.env.PORT ?? 3000);
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    TEMPORAL_ADDRESS: temporal.address,
    TEMPORAL_NAMESPACE: namespace,
    TEMPORAL_UI_URL: temporal.uiUrl ?? '',
    DATABASE_URL: db.url,
    DATABASE_EMBEDDED: db.embedded ? '1' : '0',
    PORT: String(port),
  };
  let announced = false;
  supervisor = supervise({
    name: 'worker+API',
    log,
    start: () => spawnManaged(process.execPath, [...process.execArgv, path.join(root, 'infra', 'startup', 'stack.ts')], { env, ipc: true, echo: true }),
    onStart: (child: ManagedChild, restarts) => {
      log(`worker+API ${restarts ? 'restarted' : 'started'} (pid ${child.child.pid})`);
      child.child.on('message', (message: StackReady) => {
        if (message?.type !== 'ready') return;
        if (!announced) {
          announced = true;
          log(message.seeded ? 'demo data seeded: the demo road map waits for the director' : 'demo data present (or DEMO=0)');
          printBanner(port, temporal, namespace, db.embedded, message.metricsUrl);
        } else {
          log(`worker+API answering again on port ${port} (pid ${child.child.pid})`);
        }
      });
    },
  });
  stops.unshift({ name: 'worker+API', run: () => supervisor!.stop(10_000) });
}

function printBanner(port: number, temporal: { address: string; uiUrl: string | null; engine: string }, namespace: string, embedded: boolean, metricsUrl: string | null) {
  const api = `http://127.0.0.1:${port}`;
  log(`
  Web               ${api}/   (log in as director / demo)
  API               ${api}
  API docs          ${api}/docs   (OpenAPI: ${api}/openapi.json)
  Health            ${api}/health
  Metrics           ${metricsUrl ?? '(not served: METRICS_PORT=off or the port is busy)'}
  Temporal UI       ${temporal.uiUrl || '(none: see docs/operations.md)'}
  Temporal address  ${temporal.address}  namespace ${namespace}, ${temporal.engine}
  Database          ${embedded ? `embedded PGlite in ${path.join(dataDir, 'pglite')}` : 'DATABASE_URL'}

  Demo logins (password "${demo.password}"): ${demo.people.map((p) => p.login).join(', ')}
  Demo road map: ${DEMO_ROADMAP_ID} (submitted, waiting for the director)
  Federal level: ${api}/pilot (log in as foms; curators pushkov, grozdova, semenyuk, shelyakin; see docs/federal.md)
  Try:  TOKEN=$(curl -s -XPOST ${api}/api/auth/login -H 'content-type: application/json' -d '{"login":"director","password":"demo"}' | sed 's/.*"token":"\\([^"]*\\)".*/\\1/')
        curl -s -XPOST ${api}/api/roadmaps/${DEMO_ROADMAP_ID}/approve -H "authorization: Bearer $TOKEN"

  The worker and the API run as one child process, restarted if it crashes. Ctrl-C stops everything.
`);
}

let stopping = false;
async function shutdown(reason: string, code: number) {
  if (stopping) return;
  stopping = true;
  log(`${reason}: stopping…`);
  for (const stop of stops) {
    await stop.run().catch((err: Error) => {
      code = 1;
      startLog.error({ err }, `stopping the ${stop.name} failed`);
    });
  }
  log('stopped');
  process.exit(code);
}
process.on('SIGINT', () => void shutdown('SIGINT', 0));
process.on('SIGTERM', () => void shutdown('SIGTERM', 0));
process.on('SIGHUP', () => void shutdown('SIGHUP', 0));

main().catch(async (err: Error) => {
  // Multi-line messages (no Go, a server that would not start) are meant to be read as they are.
  if (err.message.includes('\n')) console.error(err.message);
  else startLog.error({ err }, 'start failed');
  await shutdown('start-up failed', 1);
});
