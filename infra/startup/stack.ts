/**
 * The worker and the API in one process: the child that `npm start`
 * (infra/startup/start.ts) supervises and restarts when it crashes. It gets the
 * addresses of what the parent keeps running (TEMPORAL_ADDRESS, DATABASE_URL,
 * DATABASE_EMBEDDED=1 for PGlite), seeds the demo once, and tells the parent
 * over IPC when it answers. SIGINT/SIGTERM (or the parent going away) stop
 * the HTTP server after the requests in flight, then drain the worker, then
 * close Temporal and PostgreSQL.
 */
import { answerClientErrorsAsJson } from '../http/http-client-errors.js';
import { serve } from '@hono/node-server';
import { Client, Connection } from '@temporalio/client';
import { createApp } from '../../api/app.js';
import { createRoadMapWorker, DEFAULT_TASK_QUEUE, drainWorker } from '../../worker/create-worker.js';
import { installTemporalRuntime } from '../../worker/temporal-runtime.js';
import { connectDatabase } from '../database/database.js';
import { temporalClientOptions } from '../temporal/temporal-client.js';
import { closeHttpServer, stopOnSignals, type StopStep } from './graceful-shutdown.js';
import { logger } from '../observability/logger.js';
import { metricsPortFromEnv, startMetricsServer } from '../observability/metrics-server.js';
import { registerReadModelGauges } from '../observability/read-model-gauges.js';
import { ensureFederalCycle } from './federal-cycle.js';
import { seedDemo } from '../demo/seed-demo.js';
import { temporalConnectionOptions, temporalNamespace } from '../temporal/temporal-connection.js';

/** What the child sends the parent once it answers HTTP. */
export interface StackReady {
  type: 'ready';
  port: number;
  seeded: boolean;
  /** The /metrics of this process (worker and API on one port), or null. */
  metricsUrl: string | null;
}

const stackLog = logger.child({ component: 'worker+api' });
const log = (m: string) => stackLog.info(m);
const databaseUrl = process.env.DATABASE_URL;
if (!databaseUrl) throw new Error('infra/startup/stack.ts is started by `npm start` with DATABASE_URL set');
const embedded = process.env.DATABASE_EMBEDDED === '1';

// Before the first native connection: the SDK's logs go through pino, its metrics into our /metrics.
await installTemporalRuntime({ metrics: metricsPortFromEnv() !== null });
const sql = connectDatabase(databaseUrl, { embedded });
const steps: StopStep[] = [{ name: 'PostgreSQL', run: () => sql.end({ timeout: 5 }) }];
stopOnSignals(() => steps, { log, withParent: true });
// The worker's and the API's figures on one port: one scrape target for the whole process.
registerReadModelGauges(sql);
const metrics = await startMetricsServer();
if (metrics) steps.push({ name: 'metrics server', run: () => metrics.close() });

const connectionOptions = temporalConnectionOptions();
const namespace = temporalNamespace();
const taskQueue = process.env.TASK_QUEUE ?? DEFAULT_TASK_QUEUE;
const { worker, close } = await createRoadMapWorker({
  address: connectionOptions.address,
  namespace,
  taskQueue,
  sql,
  maxConcurrentActivityTaskExecutions: embedded ? 8 : 64,
});
const running = worker.run();
steps.unshift({ name: 'the worker', run: () => drainWorker(worker, running) }, { name: 'worker connections', run: close });
running.catch((err: Error) => {
  // A worker that fails is a crash: the parent restarts this process.
  log(`the worker failed: ${err.stack}`);
  process.exit(1);
});

const connection = await Connection.connect(temporalClientOptions(connectionOptions.address));
steps.splice(steps.length - 1, 0, { name: 'Temporal connection', run: () => connection.close() });
const temporal = new Client({ connection, namespace });
const app = createApp({ sql, temporal, taskQueue, temporalUiUrl: process.env.TEMPORAL_UI_URL || null });
const port = Number(process.env.PORT ?? 3000);
const server = serve({ fetch: app.fetch, port, hostname: process.env.HOST ?? '127.0.0.1' });
answerClientErrorsAsJson(server);
steps.unshift({ name: 'HTTP server', run: () => closeHttpServer(server) });
await new Promise<void>((resolve, reject) => {
  if (server.listening) resolve();
  server.once('listening', () => resolve());
  server.once('error', reject);
});

let seeded = false;
if (process.env.NODE_ENV !== 'production' && process.env.DEMO !== '0') {
  ({ seeded } = await seedDemo({ sql, temporal, taskQueue }));
}
// After the demo's approvals, so the first federal week already expects the demo's pilot regions.
await ensureFederalCycle(temporal, taskQueue);
const ready: StackReady = { type: 'ready', port, seeded, metricsUrl: metrics?.url ?? null };
process.send?.(ready);
log(`answering on port ${port} (pid ${process.pid})`);
