/**
 * `npm start`: everything on one machine with embedded defaults. Ensures the
 * Temporal CLI, starts its dev server (state kept in .data/), opens PostgreSQL
 * (DATABASE_URL, else embedded PGlite kept in .data/), migrates, runs the
 * worker and the API in this process, seeds the demo once, prints where to go.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { serve } from '@hono/node-server';
import { Client, Connection } from '@temporalio/client';
import { createApp } from '../api/app.js';
import { createRoadMapWorker, DEFAULT_TASK_QUEUE } from '../worker/create-worker.js';
import { installTemporalRuntime } from '../worker/temporal-runtime.js';
import { openDatabase } from './database.js';
import { demo } from './demo/index.js';
import { logger } from './logger.js';
import { metricsPortFromEnv, startMetricsServer } from './metrics-server.js';
import { migrate } from './migrate.js';
import { registerReadModelGauges } from './read-model-gauges.js';
import { ensureFederalCycle } from './federal-cycle.js';
import { DEMO_ROADMAP_ID, seedDemo } from './seed-demo.js';
import { startTemporalDevServer } from './temporal-dev-server.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const dataDir = path.resolve(root, process.env.DATA_DIR ?? '.data');
const startLog = logger.child({ component: 'start' });
const log = (m: string) => startLog.info(m);
const stops: (() => Promise<unknown>)[] = [];

async function main() {
  // Before the first native connection: the SDK's logs go through pino, its metrics into our /metrics.
  await installTemporalRuntime({ metrics: metricsPortFromEnv() !== null });
  let address = process.env.TEMPORAL_ADDRESS;
  let uiUrl: string | null = process.env.TEMPORAL_UI_URL ?? null;
  const namespace = process.env.TEMPORAL_NAMESPACE ?? 'default';
  if (!address) {
    log('starting the Temporal dev server (first start may build the CLI: a few minutes)…');
    const server = await startTemporalDevServer({
      dbFile: path.join(dataDir, 'temporal.sqlite'),
      port: Number(process.env.TEMPORAL_PORT ?? 7233),
      uiPort: Number(process.env.TEMPORAL_UI_PORT ?? 8233),
      namespace,
      log,
    });
    stops.unshift(() => server.stop());
    address = server.address;
    uiUrl = server.uiUrl;
  }

  const db = await openDatabase({ dataDir: path.join(dataDir, 'pglite'), log });
  stops.unshift(() => db.stop());
  const applied = await migrate(db.sql);
  if (applied.length) log(`migrations applied: ${applied.join(', ')}`);
  // The worker's and the API's figures on one port: one scrape target for the whole process.
  registerReadModelGauges(db.sql);
  const metrics = await startMetricsServer();
  if (metrics) stops.unshift(() => metrics.close());

  const taskQueue = process.env.TASK_QUEUE ?? DEFAULT_TASK_QUEUE;
  const { worker, close } = await createRoadMapWorker({
    address,
    namespace,
    taskQueue,
    sql: db.sql,
    maxConcurrentActivityTaskExecutions: db.embedded ? 8 : 64,
  });
  const running = worker.run();
  stops.unshift(async () => {
    worker.shutdown();
    await running;
    await close();
  });

  const connection = await Connection.connect({ address });
  const temporal = new Client({ connection, namespace });
  stops.unshift(() => connection.close());

  const app = createApp({ sql: db.sql, temporal, taskQueue, temporalUiUrl: uiUrl });
  const port = Number(process.env.PORT ?? 3000);
  const server = serve({ fetch: app.fetch, port, hostname: process.env.HOST ?? '127.0.0.1' });
  stops.unshift(() => new Promise((resolve) => server.close(() => resolve(undefined))));

  if (process.env.NODE_ENV !== 'production' && process.env.DEMO !== '0') {
    const { seeded } = await seedDemo({ sql: db.sql, temporal, taskQueue });
    log(seeded ? 'demo data seeded: the demo road map waits for the director' : 'demo data already present');
  }
  // After the demo's approvals, so the first federal week already expects the demo's pilot regions.
  await ensureFederalCycle(temporal, taskQueue);

  const api = `http://127.0.0.1:${port}`;
  log(`
  Web               ${api}/   (log in as director / demo)
  API               ${api}
  API docs          ${api}/docs   (OpenAPI: ${api}/openapi.json)
  Health            ${api}/health
  Metrics           ${metrics?.url ?? '(not served: METRICS_PORT=off or the port is busy)'}
  Temporal UI       ${uiUrl ?? '(external cluster)'}
  Temporal address  ${address}  namespace ${namespace}
  Database          ${db.embedded ? `embedded PGlite in ${path.join(dataDir, 'pglite')}` : 'DATABASE_URL'}

  Demo logins (password "${demo.password}"): ${demo.people.map((p) => p.login).join(', ')}
  Demo road map: ${DEMO_ROADMAP_ID} (submitted, waiting for the director)
  Federal level: ${api}/pilot (log in as foms; curators pushkov, grozdova, semenyuk, shelyakin; see README «Федеральный уровень»)
  Try:  TOKEN=$(curl -s -XPOST ${api}/api/auth/login -H 'content-type: application/json' -d '{"login":"director","password":"demo"}' | sed 's/.*"token":"\\([^"]*\\)".*/\\1/')
        curl -s -XPOST ${api}/api/roadmaps/${DEMO_ROADMAP_ID}/approve -H "authorization: Bearer $TOKEN"

  Ctrl-C stops everything.
`);
}

let stopping = false;
async function shutdown(code: number) {
  if (stopping) return;
  stopping = true;
  log('stopping…');
  for (const stop of stops) await stop().catch((err) => startLog.error({ err }, 'stop failed'));
  process.exit(code);
}
process.on('SIGINT', () => void shutdown(0));
process.on('SIGTERM', () => void shutdown(0));

main().catch(async (err) => {
  startLog.error({ err }, 'start failed');
  await shutdown(1);
});
