/**
 * Production entry point: the worker alone, against an existing Temporal
 * cluster and PostgreSQL (TEMPORAL_ADDRESS, TEMPORAL_NAMESPACE, DATABASE_URL, TASK_QUEUE).
 */
import { connectDatabase } from '../infra/database.js';
import { migrate } from '../infra/migrate.js';
import { createRoadMapWorker, DEFAULT_TASK_QUEUE } from './create-worker.js';

const databaseUrl = process.env.DATABASE_URL;
if (!databaseUrl) throw new Error('DATABASE_URL is required for `npm run worker` (use `npm start` for the embedded setup)');
const sql = connectDatabase(databaseUrl);
await migrate(sql);
const { worker, close } = await createRoadMapWorker({
  address: process.env.TEMPORAL_ADDRESS ?? '127.0.0.1:7233',
  namespace: process.env.TEMPORAL_NAMESPACE ?? 'default',
  taskQueue: process.env.TASK_QUEUE ?? DEFAULT_TASK_QUEUE,
  sql,
});
console.log(`worker polling task queue ${worker.options.taskQueue}`);
await worker.run();
await close();
await sql.end();
