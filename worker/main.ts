/**
 * Production entry point: the worker alone, against an existing Temporal
 * cluster and PostgreSQL (TEMPORAL_ADDRESS, TEMPORAL_NAMESPACE, the TLS/API-key
 * variables of infra/temporal/temporal-connection.ts, DATABASE_URL, TASK_QUEUE), with
 * its own /metrics on METRICS_PORT. SIGINT/SIGTERM drain it (activities in
 * flight finish) and exit 0.
 */
import { connectDatabase } from '../infra/database/database.js';
import { stopOnSignals, type StopStep } from '../infra/startup/graceful-shutdown.js';
import { logger } from '../infra/observability/logger.js';
import { metricsPortFromEnv, startMetricsServer } from '../infra/observability/metrics-server.js';
import { Client, Connection } from '@temporalio/client';
import { ensureFederalCycle } from '../infra/startup/federal-cycle.js';
import { temporalClientOptions } from '../infra/temporal/temporal-client.js';
import { migrate } from '../infra/database/migrate.js';
import { temporalConnectionOptions, temporalNamespace } from '../infra/temporal/temporal-connection.js';
import { createRoadMapWorker, DEFAULT_TASK_QUEUE, drainWorker } from './create-worker.js';
import { installTemporalRuntime } from './temporal-runtime.js';

const log = logger.child({ component: 'worker' });
const databaseUrl = process.env.DATABASE_URL;
if (!databaseUrl) throw new Error('DATABASE_URL is required for `npm run worker` (use `npm start` for the embedded setup)');
await installTemporalRuntime({ metrics: metricsPortFromEnv() !== null });
const steps: StopStep[] = [];
stopOnSignals(() => steps, { log: (m) => log.info(m) });
const metrics = await startMetricsServer();
if (metrics) steps.push({ name: 'metrics server', run: () => metrics.close() });
const sql = connectDatabase(databaseUrl);
steps.unshift({ name: 'PostgreSQL', run: () => sql.end({ timeout: 5 }) });
await migrate(sql);
const { worker, close } = await createRoadMapWorker({
  address: temporalConnectionOptions().address,
  namespace: temporalNamespace(),
  taskQueue: process.env.TASK_QUEUE ?? DEFAULT_TASK_QUEUE,
  sql,
});
const running = worker.run();
steps.unshift({ name: 'the worker', run: () => drainWorker(worker, running) }, { name: 'Temporal connections', run: close });
const connection = await Connection.connect(temporalClientOptions());
await ensureFederalCycle(new Client({ connection, namespace: temporalNamespace() }), worker.taskQueue);
await connection.close();
log.info({ taskQueue: worker.taskQueue, executionTaskQueue: worker.executionTaskQueue }, `worker polling task queues ${worker.taskQueue} and ${worker.executionTaskQueue}`);
await running.catch((err: Error) => {
  log.error({ err }, 'the worker failed');
  process.exit(1);
});
