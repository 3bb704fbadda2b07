/**
 * What every benchmark runs against: a fresh PostgreSQL database
 * bench_<time> (dropped afterwards), a Temporal server of its own — the dev
 * server (in memory, headless, free port; `--engine=dev`, the default) or the
 * PostgreSQL-backed server (`--engine=postgres`: databases temporal_bench_<time>
 * on the same PostgreSQL, dropped afterwards) — or an existing one
 * (`--engine=HOST:PORT`, with the TLS/API-key variables of
 * infra/temporal/temporal-connection.ts), our worker and API as processes, and the
 * baseline worker as a third.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import type postgres from 'postgres';
import { connectDatabase } from '../infra/database/database.js';
import { freePort } from '../infra/startup/free-port.js';
import { migrate } from '../infra/database/migrate.js';
import { seedReferenceData } from '../infra/demo/seed-demo.js';
import { temporalConnectionOptions, temporalNamespace } from '../infra/temporal/temporal-connection.js';
import { startTemporalDevServer, type TemporalDevServer } from '../infra/temporal/temporal-dev-server.js';
import { freeTemporalServerPort, startTemporalServer } from '../infra/temporal/temporal-server.js';
import { ApiClient, login } from './api-client.js';
import { RESULTS_DIR, spawnNode, waitReady, type NodeProcess } from './processes.js';
import { waitFor } from './stats.js';
import { executionTaskQueue } from '../worker/task-queue.js';

export const DEFAULT_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/postgres';

export interface Stack {
  taskQueue: string;
  worker: NodeProcess;
  api: NodeProcess;
  baseUrl: string;
  client: ApiClient;
  stop(): Promise<{ worker: ReturnType<NodeProcess['memory']>; api: ReturnType<NodeProcess['memory']> }>;
}

/** `dev`, `postgres`, or the HOST:PORT of a running server. */
export type Engine = string;

export function parseEngine(value: string | undefined): Engine {
  const engine = value ?? 'dev';
  if (engine === 'dev' || engine === 'postgres' || /^[\w.-]+:\d+$/.test(engine)) return engine;
  throw new Error(`--engine: dev, postgres or HOST:PORT, got ${engine}`);
}

export interface BenchEnv {
  /** What the figures were measured on, named in the JSON. */
  engine: { name: Engine; description: string; address: string };
  sql: postgres.Sql;
  databaseUrl: string;
  databaseName: string;
  server: TemporalDevServer;
  temporal: Client;
  logDir: string;
  /** Our worker + API, shared by the fan-out, command, lag and read-model benchmarks. */
  stack: Stack;
  baseline: { taskQueue: string; worker: NodeProcess };
  tokens: Record<'coordinator' | 'director' | 'executor' | 'controller', string>;
  /** New sessions for every demo login (the tokens object is updated in place). */
  relogin(): Promise<void>;
  cpuProfile: boolean;
  startStack(taskQueue: string): Promise<Stack>;
  startBaselineWorker(taskQueue: string): Promise<NodeProcess>;
  close(): Promise<void>;
}

const log = (m: string) => process.stderr.write(`[bench] ${m}\n`);

async function startEngine(engine: Engine, adminUrl: string, stamp: string, cleanups: (() => Promise<unknown>)[]) {
  if (engine === 'dev') {
    const server = await startTemporalDevServer({ uiPort: false, log });
    cleanups.push(() => server.stop());
    return { server, description: 'Temporal dev server (temporal server start-dev, SQLite in memory)' };
  }
  if (engine === 'postgres') {
    const databaseName = `temporal_bench_${stamp.replace(/\D/g, '').slice(0, 14)}`;
    cleanups.push(async () => {
      const a = connectDatabase(adminUrl, { max: 1 });
      try {
        for (const db of [databaseName, `${databaseName}_visibility`]) await a.unsafe(`drop database if exists ${db} with (force)`);
      } finally {
        await a.end({ timeout: 5 });
      }
    });
    const server = await startTemporalServer({ databaseUrl: adminUrl, databaseName, port: await freeTemporalServerPort(), uiPort: false, log });
    cleanups.push(() => server.stop());
    return { server, description: `Temporal server ${server.address} on PostgreSQL (${databaseName}, one process, 4 history shards)` };
  }
  const server: TemporalDevServer = { address: engine, uiUrl: null, namespace: temporalNamespace(), stop: async () => {} };
  return { server, description: `existing Temporal server at ${engine}` };
}

export async function setUpEnvironment(opts: { stamp: string; cpuProfile: boolean; engine: Engine }): Promise<BenchEnv> {
  const adminUrl = process.env.DATABASE_URL || DEFAULT_DATABASE_URL;
  const databaseName = `bench_${opts.stamp.replace(/\D/g, '').slice(0, 14)}`;
  const admin = connectDatabase(adminUrl, { max: 1 });
  await admin.unsafe(`create database ${databaseName}`);
  await admin.end({ timeout: 5 });
  const url = new URL(adminUrl);
  url.pathname = `/${databaseName}`;
  const databaseUrl = url.toString();
  const cleanups: (() => Promise<unknown>)[] = [
    async () => {
      // BENCH_KEEP_DATABASE=1: left for inspection (EXPLAIN of the pages' queries on a run's read model).
      if (process.env.BENCH_KEEP_DATABASE === '1') return log(`database ${databaseName} kept (BENCH_KEEP_DATABASE=1)`);
      const a = connectDatabase(adminUrl, { max: 1 });
      try {
        await a.unsafe(`drop database if exists ${databaseName} with (force)`);
      } finally {
        await a.end({ timeout: 5 });
      }
    },
  ];
  const close = async () => {
    for (const c of cleanups.reverse()) await c().catch((err) => log(`clean-up: ${(err as Error).message}`));
  };
  try {
    const sql = connectDatabase(databaseUrl, { max: 4 });
    cleanups.push(() => sql.end({ timeout: 5 }));
    await migrate(sql);
    await seedReferenceData(sql);
    log(`database ${databaseName} ready`);

    const { server, description } = await startEngine(opts.engine, adminUrl, opts.stamp, cleanups);
    log(`engine: ${description}`);
    const connection = await Connection.connect(temporalConnectionOptions(server.address));
    cleanups.push(() => connection.close());
    const temporalClient = new Client({ connection, namespace: server.namespace });
    const logDir = path.join(RESULTS_DIR, 'logs', opts.stamp);

    const baseEnv = { DATABASE_URL: databaseUrl, TEMPORAL_ADDRESS: server.address, TEMPORAL_NAMESPACE: server.namespace };
    const workerReady = (p: NodeProcess) => async () => existsSync(p.logFile) && /worker polling task queue/.test(readFileSync(p.logFile, 'utf8'));

    const startStack = async (taskQueue: string): Promise<Stack> => {
      const port = await freePort();
      // The --full fan-out approves 60,000 executions in one road map, 7,500 items over the demo's 8 МО (10,000 are
      // already 1,250 items): above a road map's default maximum of items and executions (docs/documents.md).
      const env = { ...baseEnv, TASK_QUEUE: taskQueue, PORT: String(port), HOST: '127.0.0.1', ROADMAP_MAX_EXECUTIONS: '60000', ROADMAP_MAX_ITEMS: '7500' };
      const worker = spawnNode({ name: `worker-${taskQueue}`, entry: 'worker/main.ts', env, cpuProfile: opts.cpuProfile, logDir });
      const api = spawnNode({
        name: `api-${taskQueue}`,
        entry: 'api/main.ts',
        env,
        cpuProfile: opts.cpuProfile,
        preload: ['./bench/api-preload.ts'],
        logDir,
      });
      const baseUrl = `http://127.0.0.1:${port}`;
      const client = new ApiClient(baseUrl, 40);
      await waitReady(worker, workerReady(worker));
      await waitReady(api, async () => (await client.request('GET', '/health', { timeoutMs: 5000 })).status === 200);
      let stopped: ReturnType<Stack['stop']> | null = null;
      return {
        taskQueue,
        worker,
        api,
        baseUrl,
        client,
        stop: () =>
          (stopped ??= (async () => {
            client.close();
            const [a, w] = await Promise.all([api.stop(), worker.stop()]);
            return { worker: w, api: a };
          })()),
      };
    };
    const startBaselineWorker = async (taskQueue: string) => {
      const p = spawnNode({ name: `baseline-${taskQueue}`, entry: 'bench/baseline-worker.ts', env: { ...baseEnv, TASK_QUEUE: taskQueue }, logDir });
      await waitReady(p, workerReady(p));
      return p;
    };

    const [stack, baselineWorker] = await Promise.all([startStack('bench'), startBaselineWorker('bench-baseline')]);
    cleanups.push(() => stack.stop(), () => baselineWorker.stop());
    log(`worker pid ${stack.worker.pid}, API pid ${stack.api.pid} on ${stack.baseUrl}, baseline worker pid ${baselineWorker.pid}`);

    const logIn = async () => ({
      coordinator: await login(stack.client, 'coordinator'),
      director: await login(stack.client, 'director'),
      executor: await login(stack.client, 'executor'),
      controller: await login(stack.client, 'controller'),
    });
    const tokens = await logIn();
    // A --full run lasts longer than a session's idle timeout (SESSION_IDLE_MINUTES, 30): each phase logs in afresh.
    const relogin = async () => {
      Object.assign(tokens, await logIn());
    };
    return {
      engine: { name: opts.engine, description, address: server.address },
      sql,
      databaseUrl,
      databaseName,
      server,
      temporal: temporalClient,
      logDir,
      stack,
      baseline: { taskQueue: 'bench-baseline', worker: baselineWorker },
      tokens,
      relogin,
      cpuProfile: opts.cpuProfile,
      startStack,
      startBaselineWorker,
      close,
    };
  } catch (err) {
    await close();
    throw err;
  }
}

/** Workflow tasks waiting in a queue's backlog (null when the server does not report it). */
export async function workflowBacklog(client: Client, taskQueue: string): Promise<number | null> {
  try {
    const res = await client.workflowService.describeTaskQueue({
      namespace: client.options.namespace,
      // TASK_QUEUE_KIND_NORMAL = 1, TASK_QUEUE_TYPE_WORKFLOW = 1
      taskQueue: { name: taskQueue, kind: 1 },
      taskQueueType: 1,
      reportStats: true,
    });
    const n = res.stats?.approximateBacklogCount;
    return n == null ? null : Number(n);
  } catch {
    return null;
  }
}

/**
 * Polls the workflow-task backlog of `queues` until every one is empty (or not reported by the server);
 * `value` holds the last backlog of each queue, `met` is false when the time ran out first.
 */
export function backlogDrained(client: Client, queues: string[], timeoutMs: number, intervalMs = 500) {
  return waitFor(
    () => Promise.all(queues.map((q) => workflowBacklog(client, q))),
    (backlogs) => backlogs.every((b) => !b),
    timeoutMs,
    intervalMs,
  );
}

/**
 * Waits until no workflow task waits in the backlog of the shared stack's queues or the baseline's.
 * After a large fan-out the worker takes minutes to run the first workflow tasks of its executions;
 * a phase started before that would measure the backlog, not its own commands (the `--full` run of
 * 2026-12-02 evening: every command after the 60,000 fan-out met its 10 s deadline).
 */
export async function untilQuiet(env: BenchEnv, maxMs: number, log: (m: string) => void): Promise<void> {
  const queues = [env.stack.taskQueue, executionTaskQueue(env.stack.taskQueue), env.baseline.taskQueue];
  const t0 = Date.now();
  const now = await backlogDrained(env.temporal, queues, 0);
  if (now.met) return;
  log(`waiting for the workflow-task backlog to drain (${queues.map((q, i) => `${q} ${now.value[i] ?? '?'}`).join(', ')})`);
  const r = await backlogDrained(env.temporal, queues, maxMs, 2000);
  const s = Math.round((Date.now() - t0) / 1000);
  log(r.met ? `backlog drained after ${s} s` : `backlog still ${r.value.join(', ')} after ${s} s; going on`);
}
