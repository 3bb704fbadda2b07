/**
 * Runs a local Temporal dev server (`temporal server start-dev`, SQLite
 * persistence, in memory unless `dbFile` is given) as a child process.
 *
 * Temporal Server 1.29 (CLI v1.5.1) enables Updates, Update-with-Start
 * (ExecuteMultiOperation) and WorkflowIdConflictPolicy by default; we still
 * pass those switches explicitly so the requirement is visible, plus one
 * task-queue partition (a single dev server gains nothing from 4 partitions,
 * and one avoids poll-forwarding latency in tests).
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { Connection } from '@temporalio/client';
import { spawnManaged } from '../startup/child-process.js';
import { freePort } from '../startup/free-port.js';
import { ensureTemporalCli, NoGoError } from './temporal-cli.js';

export interface TemporalDevServerOptions {
  /** SQLite file for persistent state; omitted = in memory. */
  dbFile?: string;
  /** Frontend gRPC port on 127.0.0.1; omitted = a free port. */
  port?: number;
  /** Web UI port; omitted = a free port; false = headless. */
  uiPort?: number | false;
  /** Namespace to create and wait for (default "default", which always exists). */
  namespace?: string;
  log?: (m: string) => void;
  /** Extra dynamic config (KEY -> JSON value), overriding the defaults below. */
  dynamicConfig?: Record<string, unknown>;
  /** Custom search attributes to register, e.g. { RoadmapRegion: 'Keyword' }. */
  searchAttributes?: Record<string, 'Text' | 'Keyword' | 'Int' | 'Double' | 'Bool' | 'Datetime' | 'KeywordList'>;
  /** Own process group, so that Ctrl-C reaches only our process and we stop the server last (`npm start`). */
  detached?: boolean;
  /** How long to wait for the server to answer (default 180 s). */
  readyTimeoutMs?: number;
}

export interface TemporalDevServer {
  /** host:port of the frontend, for Connection.connect / NativeConnection.connect. */
  address: string;
  uiUrl: string | null;
  namespace: string;
  stop(): Promise<void>;
}

export const DEV_SERVER_DYNAMIC_CONFIG: Readonly<Record<string, unknown>> = {
  'frontend.enableUpdateWorkflowExecution': true,
  'frontend.enableUpdateWorkflowExecutionAsyncAccepted': true,
  'frontend.enableExecuteMultiOperation': true,
  'matching.numTaskqueueReadPartitions': 1,
  'matching.numTaskqueueWritePartitions': 1,
  // An activity scheduled by a workflow task goes back to that worker in the task's answer, without a trip
  // through the task queue: a rung's fire and e-mail steps, a command's e-mail, the launch batches.
  'system.enableActivityEagerExecution': true,
};

const STDERR_TAIL_LINES = 40;

export async function startTemporalDevServer(opts: TemporalDevServerOptions = {}): Promise<TemporalDevServer> {
  const log = opts.log ?? (() => {});
  let cli: string;
  try {
    cli = await ensureTemporalCli(log);
  } catch (err) {
    if (!(err instanceof NoGoError)) throw err;
    log(`${err.message}\ntrying the Temporal SDK's own download of the dev server (needs internet)…`);
    return startDownloadedServer(opts, log, err);
  }
  // A port chosen by freePort() can be taken by someone else before the
  // server binds it: retry with fresh ports in that case.
  const attempts = opts.port === undefined || opts.uiPort === undefined ? 3 : 1;
  let lastError: unknown;
  for (let attempt = 1; attempt <= attempts; attempt++) {
    try {
      return await startOnce(cli, opts, log);
    } catch (err) {
      lastError = err;
      if (!(err instanceof PortInUseError) || attempt === attempts) throw err;
      log(`Temporal dev server: ${err.message}; retrying with other ports`);
    }
  }
  throw lastError;
}

class PortInUseError extends Error {}

async function startOnce(cli: string, opts: TemporalDevServerOptions, log: (m: string) => void): Promise<TemporalDevServer> {
  const namespace = opts.namespace ?? 'default';
  const port = opts.port ?? (await freePort());
  const uiPort = opts.uiPort === false ? false : (opts.uiPort ?? (await freePort()));
  const address = `127.0.0.1:${port}`;

  const args = ['server', 'start-dev', '--ip', '127.0.0.1', '--port', String(port)];
  if (uiPort === false) args.push('--headless');
  else args.push('--ui-port', String(uiPort));
  if (opts.dbFile) {
    const dbFile = path.resolve(opts.dbFile);
    mkdirSync(path.dirname(dbFile), { recursive: true });
    args.push('--db-filename', dbFile);
  }
  if (namespace !== 'default') args.push('--namespace', namespace);
  for (const [key, value] of Object.entries({ ...DEV_SERVER_DYNAMIC_CONFIG, ...opts.dynamicConfig })) {
    args.push('--dynamic-config-value', `${key}=${JSON.stringify(value)}`);
  }
  for (const [name, type] of Object.entries(opts.searchAttributes ?? {})) {
    args.push('--search-attribute', `${name}=${type}`);
  }
  args.push('--log-level', 'warn', '--log-format', 'text', '--color', 'never');

  const started = Date.now();
  log(`starting Temporal dev server: ${cli} ${args.join(' ')}`);
  const server = spawnManaged(cli, args, { tailLines: STDERR_TAIL_LINES, detached: opts.detached });
  const stopOnce = () => server.stop().then(() => undefined);

  try {
    const died = server.exit.then((exited) => {
      const tailText = server.tail();
      const how = exited.signal ? `signal ${exited.signal}` : `exit code ${exited.code}`;
      const message = `Temporal dev server exited during start-up (${how}):\n${tailText}`;
      throw /address already in use|can't set .*port|port .* in use/i.test(tailText)
        ? new PortInUseError(message)
        : new Error(message);
    });
    await Promise.race([
      waitUntilReady(address, namespace, opts.readyTimeoutMs ?? 180_000, () => server.exited() !== null),
      died,
      server.spawnError,
    ]);
    died.catch(() => {});
  } catch (err) {
    await stopOnce();
    if (err instanceof Error && !server.exited() && /did not answer/.test(err.message)) {
      err.message += `\nserver output (tail):\n${server.tail()}`;
    }
    throw err;
  }

  const uiUrl = uiPort === false ? null : `http://127.0.0.1:${uiPort}`;
  log(`Temporal dev server ready at ${address} (namespace ${namespace}${uiUrl ? `, UI ${uiUrl}` : ''}) in ${Date.now() - started} ms`);
  return { address, uiUrl, namespace, stop: stopOnce };
}

/**
 * Polls getSystemInfo + describeNamespace until both answer. The SDK's own
 * connect timeout (a few seconds) is too short for a cold start on 2 cores.
 */
export async function waitUntilReady(
  address: string,
  namespace: string,
  timeoutMs: number,
  abort: () => boolean = () => false,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    if (abort()) return;
    // lazy + explicit close: Connection.connect() leaks its channel when it throws.
    const connection = Connection.lazy({ address, connectTimeout: 5_000 });
    try {
      const rpcDeadline = () => new Date(Date.now() + 5_000);
      await connection.withDeadline(rpcDeadline(), () => connection.workflowService.getSystemInfo({}));
      await connection.withDeadline(rpcDeadline(), () => connection.workflowService.describeNamespace({ namespace }));
      return;
    } catch (err) {
      lastError = err;
    } finally {
      await connection.close().catch(() => {});
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  const reason = lastError instanceof Error ? lastError.message : String(lastError);
  throw new Error(`Temporal server at ${address} did not answer within ${Math.round(timeoutMs / 1000)} s: ${reason}`);
}

/**
 * The fallback for a machine with internet but without Go: the SDK downloads
 * and runs the same dev server. Same options, same result shape.
 */
async function startDownloadedServer(opts: TemporalDevServerOptions, log: (m: string) => void, cause: Error): Promise<TemporalDevServer> {
  const { TestWorkflowEnvironment } = await import('@temporalio/testing');
  const namespace = opts.namespace ?? 'default';
  const port = opts.port ?? (await freePort());
  const uiPort = opts.uiPort === false ? undefined : (opts.uiPort ?? (await freePort()));
  try {
    const env = await TestWorkflowEnvironment.createLocal({
      server: {
        executable: { type: 'cached-download' },
        ip: '127.0.0.1',
        port,
        ui: uiPort !== undefined,
        uiPort,
        dbFilename: opts.dbFile,
        namespace,
      },
    });
    log(`Temporal dev server (SDK download) ready at 127.0.0.1:${port}`);
    return {
      address: `127.0.0.1:${port}`,
      uiUrl: uiPort !== undefined ? `http://127.0.0.1:${uiPort}` : null,
      namespace,
      stop: () => env.teardown(),
    };
  } catch (err) {
    throw new Error(`${cause.message}\nThe SDK download failed too: ${(err as Error).message}`);
  }
}
