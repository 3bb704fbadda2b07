/**
 * Production entry point: the API alone (TEMPORAL_ADDRESS, TEMPORAL_NAMESPACE,
 * DATABASE_URL, TASK_QUEUE, PORT, TEMPORAL_UI_URL), with its own /metrics on METRICS_PORT.
 */
import { serve } from '@hono/node-server';
import { connectDatabase } from '../infra/database.js';
import { logger } from '../infra/logger.js';
import { startMetricsServer } from '../infra/metrics-server.js';
import { migrate } from '../infra/migrate.js';
import { registerReadModelGauges } from '../infra/read-model-gauges.js';
import { lazyTemporalClient } from '../infra/temporal-client.js';
import { DEFAULT_TASK_QUEUE } from '../worker/task-queue.js';
import { createApp } from './app.js';

const databaseUrl = process.env.DATABASE_URL;
if (!databaseUrl) throw new Error('DATABASE_URL is required for `npm run api` (use `npm start` for the embedded setup)');
const sql = connectDatabase(databaseUrl);
await migrate(sql);
registerReadModelGauges(sql);
await startMetricsServer();
// Lazy: the API serves (503 naming Temporal, /health says so) while Temporal is down, rather than failing to start.
const { client: temporal } = lazyTemporalClient(process.env.TEMPORAL_ADDRESS ?? '127.0.0.1:7233', process.env.TEMPORAL_NAMESPACE ?? 'default');
const app = createApp({ sql, temporal, taskQueue: process.env.TASK_QUEUE ?? DEFAULT_TASK_QUEUE, temporalUiUrl: process.env.TEMPORAL_UI_URL ?? null });
const port = Number(process.env.PORT ?? 3000);
serve({ fetch: app.fetch, port, hostname: process.env.HOST ?? '127.0.0.1' }, (info) =>
  logger.child({ component: 'http' }).info({ port: info.port }, `API on http://127.0.0.1:${info.port}`),
);
