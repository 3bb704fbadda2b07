import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, Worker, bundleWorkflowCode, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import type postgres from 'postgres';
import { createActivities } from '../activities/index.js';
import type { Mailer } from '../activities/email-delivery.js';
import { logger } from '../infra/observability/logger.js';
import { temporalConnectionOptions } from '../infra/temporal/temporal-connection.js';
import { temporalClientOptions } from '../infra/temporal/temporal-client.js';

import { executionTaskQueue } from './task-queue.js';
import { workflowCacheSize } from './workflow-cache.js';
import { ensureUploadSweepSchedule } from './upload-sweep-schedule.js';
import { uploadSweepPolicyFromEnv, type UploadSweepPolicy } from '../services/attachments/attachment-rules.js';
export { DEFAULT_TASK_QUEUE, executionTaskQueue } from './task-queue.js';
export const workflowsPath = fileURLToPath(new URL('../workflows/index.ts', import.meta.url));
/** The executions' queue runs only item executions: its bundle holds that workflow alone. */
export const executionWorkflowsPath = fileURLToPath(new URL('../workflows/item-execution-workflow.ts', import.meta.url));
/** Sets the sandbox's stack depth before the SDK freezes its globals (see the file). */
const stackTraceDepthPath = fileURLToPath(new URL('../workflows/stack-trace-depth.ts', import.meta.url));

/**
 * Modules instantiated once per worker thread and shared by every workflow,
 * instead of once per workflow (the reusable V8 context gives each workflow
 * its own module instances). Only `domain/`: pure functions and constants, no
 * per-workflow state — the layering test keeps it free of imports of ours and
 * of the SDK. Shared modules are frozen, so one that mutated its own state
 * would fail loudly rather than leak between workflows.
 */
const sharedDomainModules = (entry: string) =>
  readdirSync(fileURLToPath(new URL('../domain/', import.meta.url)), { recursive: true, withFileTypes: true })
    .filter((f) => f.isFile() && f.name.endsWith('.ts'))
    .map((f) => path.join(f.parentPath, f.name))
    .filter((file) => workflowImports(entry).has(file));

/** The domain files a workflow entry reaches through its imports (what the bundle will hold anyway). */
function workflowImports(entry: string, seen = new Set<string>()): Set<string> {
  if (seen.has(entry)) return seen;
  seen.add(entry);
  const source = readFileSync(entry, 'utf8');
  for (const m of source.matchAll(/^(?:import|export)\s[^'"]*?from\s+'(\.{1,2}\/[^']+)'/gm)) {
    if (/^import\s+type\s/.test(m[0]) || /^export\s+type\s/.test(m[0])) continue;
    workflowImports(path.resolve(path.dirname(entry), m[1].replace(/\.js$/, '.ts')), seen);
  }
  return seen;
}

const bundles = new Map<string, Promise<WorkflowBundleWithSourceMap>>();
/** Bundling takes seconds: done once per process and entry, and shared by every worker it creates. */
export function workflowBundle(entry = workflowsPath): Promise<WorkflowBundleWithSourceMap> {
  const log = logger.child({ component: 'workflow-bundler' });
  let bundle = bundles.get(entry);
  if (!bundle) {
    bundle = bundleWorkflowCode({
      workflowsPath: entry,
      preloadModules: [stackTraceDepthPath, ...sharedDomainModules(entry)],
      logger: { info() {}, warn() {}, error: (message: string, meta?: object) => log.error(meta ?? {}, message), debug() {}, trace() {}, log() {} } as never,
    });
    bundles.set(entry, bundle);
  }
  return bundle;
}

export interface WorkerOptions {
  /** The frontend; TLS and API key come from the environment (infra/temporal/temporal-connection.ts). */
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
  /** The sweep of unattached uploads (default ATTACHMENT_UNATTACHED_TTL_HOURS, ATTACHMENT_SWEEP_INTERVAL_MINUTES). */
  uploadSweep?: UploadSweepPolicy;
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
  const [allWorkflows, executionsOnly] = await Promise.all([workflowBundle(), workflowBundle(executionWorkflowsPath)]);
  const cache = workflowCacheSize();
  const create = (taskQueue: string, maxCachedWorkflows: number, bundle: WorkflowBundleWithSourceMap) =>
    Worker.create({
      connection: nativeConnection,
      namespace: opts.namespace,
      taskQueue,
      workflowBundle: bundle,
      activities,
      maxConcurrentActivityTaskExecutions: opts.maxConcurrentActivityTaskExecutions ?? 64,
      // Item executions sit idle for weeks: evicting them from the cache costs only a replay (worker/workflow-cache.ts).
      maxCachedWorkflows,
      // On shutdown, activities in flight get this long to finish before they are cancelled (and retried by
      // Temporal on the next worker): short enough for a 10 s stop timeout, long enough for an event append.
      shutdownGraceTime: '4s',
    });
  // Every workflow type on the main queue (executions started before the split stay there); the executions'
  // queue gets only executions, so a workflow there instantiates that one workflow's modules, not all six.
  // The main queue holds a few workflows per region (road map, monitoring cycle, weekly period): a small cache.
  const workers = [await create(opts.taskQueue, Math.min(cache, 100), allWorkflows), await create(executions, cache, executionsOnly)];
  // Idempotent: every worker start finds or creates it (and brings its interval and cutoff up to date).
  await ensureUploadSweepSchedule(client, opts.taskQueue, opts.uploadSweep ?? uploadSweepPolicyFromEnv());
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
