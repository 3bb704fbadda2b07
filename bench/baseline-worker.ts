/**
 * The baseline worker process (TEMPORAL_ADDRESS and the connection variables, TASK_QUEUE, DATABASE_URL):
 * runs bench/baseline-workflows.ts with the same cache and activity slots as
 * our worker, and one activity that records when a timer fired.
 */
import { fileURLToPath } from 'node:url';
import { DefaultLogger, NativeConnection, Runtime, Worker } from '@temporalio/worker';
import { connectDatabase } from '../infra/database/database.js';
import { temporalConnectionOptions } from '../infra/temporal/temporal-connection.js';
import { workflowCacheSize } from '../worker/workflow-cache.js';

Runtime.install({ logger: new DefaultLogger('WARN') });
const sql = connectDatabase(process.env.DATABASE_URL!);
await sql`create table if not exists bench_lag (key text primary key, due_at timestamptz not null, fired_at timestamptz not null default now(), lag_ms integer not null)`;
const connection = await NativeConnection.connect(temporalConnectionOptions());
const worker = await Worker.create({
  connection,
  namespace: 'default',
  taskQueue: process.env.TASK_QUEUE!,
  workflowsPath: fileURLToPath(new URL('./baseline-workflows.ts', import.meta.url)),
  activities: {
    async recordLag(input: { key: string; dueAt: string }) {
      const lag = Date.now() - Date.parse(input.dueAt);
      await sql`insert into bench_lag (key, due_at, lag_ms) values (${input.key}, ${input.dueAt}, ${lag}) on conflict (key) do nothing`;
    },
  },
  maxConcurrentActivityTaskExecutions: 64,
  // Our executions' queue has this cache: the same for both paths (it was 2,000 here against our 250 until 2026-12-02).
  maxCachedWorkflows: workflowCacheSize(),
});
console.log(`worker polling task queue ${process.env.TASK_QUEUE}`);
await worker.run();
await connection.close();
await sql.end();
