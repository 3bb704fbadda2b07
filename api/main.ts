/**
 * Production entry point: the API alone (TEMPORAL_ADDRESS, TEMPORAL_NAMESPACE,
 * the TLS/API-key variables of infra/temporal/temporal-connection.ts, DATABASE_URL,
 * TASK_QUEUE, PORT, TEMPORAL_UI_URL), with its own /metrics on METRICS_PORT.
 * SIGINT/SIGTERM finish the requests in flight, close Temporal and PostgreSQL,
 * and exit 0.
 */
import { answerClientErrorsAsJson } from '../infra/http/http-client-errors.js';
import { serve } from '@hono/node-server';
import { connectDatabase } from '../infra/database/database.js';
import { closeHttpServer, stopOnSignals, type StopStep } from '../infra/startup/graceful-shutdown.js';
import { logger } from '../infra/observability/logger.js';
import { startMetricsServer } from '../infra/observability/metrics-server.js';
import { migrate } from '../infra/database/migrate.js';
import { registerReadModelGauges } from '../infra/observability/read-model-gauges.js';
import { temporalNamespace } from '../infra/temporal/temporal-connection.js';
import { lazyTemporalClient } from '../infra/temporal/temporal-client.js';
import { DEFAULT_TASK_QUEUE } from '../worker/task-queue.js';
import { createApp } from './app.js';

const log = logger.child({ component: 'http' });
const databaseUrl = process.env.DATABASE_URL;
if (!databaseUrl) throw new Error('DATABASE_URL is required for `npm run api` (use `npm start` for the embedded setup)');
const sql = connectDatabase(databaseUrl);
const steps: StopStep[] = [{ name: 'PostgreSQL', run: () => sql.end({ timeout: 5 }) }];
stopOnSignals(() => steps, { log: (m) => log.info(m) });
await migrate(sql);
registerReadModelGauges(sql);
const metrics = await startMetricsServer();
if (metrics) steps.push({ name: 'metrics server', run: () => metrics.close() });
// Lazy: the API serves (503 naming Temporal, /health says so) while Temporal is down, rather than failing to start.
const { client: temporal, connection } = lazyTemporalClient(process.env.TEMPORAL_ADDRESS, temporalNamespace());
steps.unshift({ name: 'Temporal connection', run: () => connection.close() });
const app = createApp({ sql, temporal, taskQueue: process.env.TASK_QUEUE ?? DEFAULT_TASK_QUEUE, temporalUiUrl: process.env.TEMPORAL_UI_URL ?? null });
const port = Number(process.env.PORT ?? 3000);
const server = serve({ fetch: app.fetch, port, hostname: process.env.HOST ?? '127.0.0.1' }, (info) =>
  log.info({ port: info.port }, `API on http://127.0.0.1:${info.port}`),
);
answerClientErrorsAsJson(server);
steps.unshift({ name: 'HTTP server', run: () => closeHttpServer(server) });
