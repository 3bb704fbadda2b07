/**
 * Production entry point: the worker alone, against an existing Temporal
 * cluster and PostgreSQL (TEMPORAL_ADDRESS, TEMPORAL_NAMESPACE, DATABASE_URL, TASK_QUEUE),
 * with its own /metrics on METRICS_PORT.
 */
import { connectDatabase } from '../infra/database.js';
import { logger } from '../infra/logger.js';
import { startMetricsServer, metricsPortFromEnv } from '../infra/metrics-server.js';
import { Client, Connection } from '@temporalio/client';
import { ensureFederalCycle } from '../infra/federal-cycle.js';
import { migrate } from '../infra/migrate.js';
import { createRoadMapWorker, DEFAULT_TASK_QUEUE } from './create-worker.js';
import { installTemporalRuntime } from './temporal-runtime.js';

const log = logger.child({ component: 'worker' });
const databaseUrl = process.env.DATABASE_URL;
if (!databaseUrl) throw new Error('DATABASE_URL is required for `npm run worker` (use `npm start` for the embedded setup)');
await installTemporalRuntime({ metrics: metricsPortFromEnv() !== null });
const metrics = await startMetricsServer();
const sql = connectDatabase(databaseUrl);
await migrate(sql);
const { worker, close } = await createRoadMapWorker({
  address: process.env.TEMPORAL_ADDRESS ?? '127.0.0.1:7233',
  namespace: process.env.TEMPORAL_NAMESPACE ?? 'default',
  taskQueue: process.env.TASK_QUEUE ?? DEFAULT_TASK_QUEUE,
  sql,
});
const connection = await Connection.connect({ address: process.env.TEMPORAL_ADDRESS ?? '127.0.0.1:7233' });
await ensureFederalCycle(new Client({ connection, namespace: process.env.TEMPORAL_NAMESPACE ?? 'default' }), worker.options.taskQueue);
await connection.close();
log.info({ taskQueue: worker.options.taskQueue }, `worker polling task queue ${worker.options.taskQueue}`);
await worker.run();
await close();
await sql.end();
await metrics?.close();
