import { fileURLToPath } from 'node:url';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, Worker, bundleWorkflowCode, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import type postgres from 'postgres';
import { createActivities } from '../activities/index.js';
import type { Mailer } from '../activities/email-delivery.js';
import { logger } from '../infra/logger.js';
import { temporalConnectionOptions } from '../infra/temporal-connection.js';
import { temporalClientOptions } from '../infra/temporal-client.js';

export { DEFAULT_TASK_QUEUE } from './task-queue.js';
export const workflowsPath = fileURLToPath(new URL('../workflows/index.ts', import.meta.url));

let bundle: Promise<WorkflowBundleWithSourceMap> | null = null;
/** Bundling takes seconds: done once per process and shared by every worker it creates. */
export function workflowBundle(): Promise<WorkflowBundleWithSourceMap> {
  const log = logger.child({ component: 'workflow-bundler' });
  bundle ??= bundleWorkflowCode({ workflowsPath, logger: { info() {}, warn() {}, error: (message: string, meta?: object) => log.error(meta ?? {}, message), debug() {}, trace() {}, log() {} } as never });
  return bundle;
}

export interface WorkerOptions {
  /** The frontend; TLS and API key come from the environment (infra/temporal-connection.ts). */
  address: string;
  namespace: string;
  taskQueue: string;
  sql: postgres.Sql;
  /** Embedded PostgreSQL has one connection: fewer concurrent activities keeps the queue short. */
  maxConcurrentActivityTaskExecutions?: number;
  /** E-mail transport; by default from SMTP_URL (null: log instead of send). */
  mailer?: Mailer | null;
  /** E-mail attempts per notification before it is marked failed (default EMAIL_MAX_ATTEMPTS, else 12). */
  emailMaxAttempts?: number;
}

function cachedWorkflows(raw = process.env.WORKER_MAX_CACHED_WORKFLOWS): number {
  if (raw === undefined || raw === '') return 250;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0) throw new Error(`WORKER_MAX_CACHED_WORKFLOWS: a non-negative integer, got ${raw}`);
  return n;
}

export async function createRoadMapWorker(opts: WorkerOptions): Promise<{ worker: Worker; close(): Promise<void> }> {
  const nativeConnection = await NativeConnection.connect(temporalConnectionOptions(opts.address));
  const clientConnection = await Connection.connect(temporalClientOptions(opts.address));
  const client = new Client({ connection: clientConnection, namespace: opts.namespace });
  const worker = await Worker.create({
    connection: nativeConnection,
    namespace: opts.namespace,
    taskQueue: opts.taskQueue,
    workflowBundle: await workflowBundle(),
    activities: createActivities({ sql: opts.sql, client, taskQueue: opts.taskQueue, mailer: opts.mailer, emailMaxAttempts: opts.emailMaxAttempts }),
    maxConcurrentActivityTaskExecutions: opts.maxConcurrentActivityTaskExecutions ?? 64,
    // Item executions sit idle for weeks: evicting them from the cache costs only a replay when a command arrives.
    // Each cached workflow holds its own copy of every module of the bundle (reusable V8 context, per-workflow
    // module cache): ~2 MB with zod and the calendar in it (npm run bench). 2,000 took the worker to 4.8 GB and
    // workflow tasks past 5 s in GC; 250 keeps it under ~1 GB.
    // WORKER_MAX_CACHED_WORKFLOWS overrides it, so `npm run bench` can weigh the cache against memory.
    maxCachedWorkflows: cachedWorkflows(),
    // On shutdown, activities in flight get this long to finish before they are cancelled (and retried by
    // Temporal on the next worker): short enough for a 10 s stop timeout, long enough for an event append.
    shutdownGraceTime: '4s',
  });
  return {
    worker,
    async close() {
      await clientConnection.close();
      await nativeConnection.close();
    },
  };
}

/** Drains the worker (idempotent: a worker already stopping is only awaited). */
export async function drainWorker(worker: Worker, running: Promise<void>): Promise<void> {
  if (worker.getState() === 'RUNNING') worker.shutdown();
  await running;
}
