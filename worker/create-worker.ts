import { fileURLToPath } from 'node:url';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, Worker, bundleWorkflowCode, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import type postgres from 'postgres';
import { createActivities } from '../activities/index.js';
import type { Mailer } from '../activities/email-delivery.js';
import { logger } from '../infra/logger.js';
import { temporalConnectionOptions } from '../infra/temporal-connection.js';
import { temporalClientOptions } from '../infra/temporal-client.js';

import { executionTaskQueue } from './task-queue.js';
import { workflowCacheSize } from './workflow-cache.js';
export { DEFAULT_TASK_QUEUE, executionTaskQueue } from './task-queue.js';
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

/** The worker's two pollers (the main queue and the executions' own), run and stopped as one. */
export interface RoadMapWorker {
  /** The main task queue; executions run on `executionTaskQueue(taskQueue)`. */
  taskQueue: string;
  executionTaskQueue: string;
  workers: Worker[];
  /** Resolves when every poller has stopped; rejects if any fails. */
  run(): Promise<void>;
  shutdown(): void;
  isRunning(): boolean;
}

export async function createRoadMapWorker(opts: WorkerOptions): Promise<{ worker: RoadMapWorker; close(): Promise<void> }> {
  const nativeConnection = await NativeConnection.connect(temporalConnectionOptions(opts.address));
  const clientConnection = await Connection.connect(temporalClientOptions(opts.address));
  const client = new Client({ connection: clientConnection, namespace: opts.namespace });
  const executions = executionTaskQueue(opts.taskQueue);
  const activities = createActivities({ sql: opts.sql, client, taskQueue: opts.taskQueue, executionTaskQueue: executions, mailer: opts.mailer, emailMaxAttempts: opts.emailMaxAttempts });
  const workflowBundleCode = await workflowBundle();
  const cache = workflowCacheSize();
  const create = (taskQueue: string, maxCachedWorkflows: number) =>
    Worker.create({
      connection: nativeConnection,
      namespace: opts.namespace,
      taskQueue,
      workflowBundle: workflowBundleCode,
      activities,
      maxConcurrentActivityTaskExecutions: opts.maxConcurrentActivityTaskExecutions ?? 64,
      // Item executions sit idle for weeks: evicting them from the cache costs only a replay (worker/workflow-cache.ts).
      maxCachedWorkflows,
      // On shutdown, activities in flight get this long to finish before they are cancelled (and retried by
      // Temporal on the next worker): short enough for a 10 s stop timeout, long enough for an event append.
      shutdownGraceTime: '4s',
    });
  // Every workflow type on both queues: executions started before the split stay on the main queue.
  // The main queue holds a few workflows per region (road map, monitoring cycle, weekly period): a small cache.
  const workers = [await create(opts.taskQueue, Math.min(cache, 100)), await create(executions, cache)];
  let running: Promise<void> | null = null;
  const worker: RoadMapWorker = {
    taskQueue: opts.taskQueue,
    executionTaskQueue: executions,
    workers,
    run() {
      running ??= (async () => {
        const runs = workers.map((w) => w.run());
        // One poller failing stops the other, so that the process fails as a whole (and is restarted).
        await Promise.all(runs.map((r) => r.catch((err) => { for (const w of workers) if (w.getState() === 'RUNNING') w.shutdown(); throw err; })));
      })();
      return running;
    },
    shutdown() {
      for (const w of workers) if (w.getState() === 'RUNNING') w.shutdown();
    },
    isRunning: () => workers.some((w) => w.getState() === 'RUNNING'),
  };
  return {
    worker,
    async close() {
      await clientConnection.close();
      await nativeConnection.close();
    },
  };
}

/** Drains the worker (idempotent: a worker already stopping is only awaited). */
export async function drainWorker(worker: RoadMapWorker, running: Promise<void>): Promise<void> {
  worker.shutdown();
  await running;
}
