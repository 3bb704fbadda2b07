/**
 * `npm run temporal:server`: a real Temporal server (v1.29.1, the same binary a
 * cluster runs) on PostgreSQL, all four services in one process. Idempotent:
 *  1. builds `server` and `sql` into .tools/bin if missing (infra/temporal/temporal-cli.ts);
 *  2. creates the databases TEMPORAL_DB_NAME (default `temporal`) and
 *     `<name>_visibility` with their schema on the PostgreSQL server of
 *     TEMPORAL_DB_URL, else DATABASE_URL (schema versions are upgraded in place);
 *  3. renders infra/temporal/server-config/config.template.yaml with the frontend on
 *     TEMPORAL_PORT (default 7233) and the other ports derived from it;
 *  4. starts the server, registers the namespace (TEMPORAL_NAMESPACE, default
 *     `default`), and with TEMPORAL_UI_PORT set the Temporal Web UI against it;
 *  5. prints the address and stops cleanly on Ctrl-C/SIGTERM.
 * `npm start` with TEMPORAL_ENGINE=postgres calls startTemporalServer() itself.
 */
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Connection } from '@temporalio/client';
import postgres from 'postgres';
import { spawnManaged, type ExitInfo, type ManagedChild } from '../startup/child-process.js';
import { portIsFree } from '../startup/free-port.js';
import { ensureGoTool, isMainModule, type GoTool } from './temporal-cli.js';
import { waitUntilReady, type TemporalDevServer } from './temporal-dev-server.js';
import { startTemporalUi } from './temporal-ui.js';

export const TEMPORAL_SERVER_VERSION = 'v1.29.1';
export const TEMPORAL_SERVER: GoTool = {
  title: 'Temporal server',
  name: 'server',
  module: 'go.temporal.io/server/cmd/server',
  version: TEMPORAL_SERVER_VERSION,
  envVar: 'TEMPORAL_SERVER_BIN',
  buildTime: 'about 9 minutes',
};
export const TEMPORAL_SQL_TOOL: GoTool = {
  title: 'Temporal sql tool',
  name: 'sql',
  module: 'go.temporal.io/server/cmd/tools/sql',
  version: TEMPORAL_SERVER_VERSION,
  envVar: 'TEMPORAL_SQL_TOOL',
  buildTime: 'about 3 minutes',
};

const HERE = fileURLToPath(new URL('.', import.meta.url));
const TEMPLATE_DIR = path.join(HERE, 'server-config');
const REPO_ROOT = path.resolve(HERE, '../..');

/**
 * Every port from the frontend's: with 7233 these are the upstream defaults
 * (history 7234, matching 7235, worker 7239, membership 6933–6939, HTTP 7243,
 * server metrics 8000), so several servers on one machine differ in one number.
 */
export function temporalServerPorts(frontend: number) {
  // Temporal keeps the RPC port in cluster_membership as a smallint: every port must stay below 32768.
  if (!Number.isInteger(frontend) || frontend < 1024 || frontend + 767 > 32767) {
    throw new Error(`TEMPORAL_PORT ${frontend}: the Temporal server needs it between 1024 and 32000 (its derived ports must stay below 32768)`);
  }
  return {
    FRONTEND_PORT: frontend,
    HISTORY_PORT: frontend + 1,
    MATCHING_PORT: frontend + 2,
    WORKER_PORT: frontend + 6,
    FRONTEND_MEMBERSHIP_PORT: frontend - 300,
    HISTORY_MEMBERSHIP_PORT: frontend - 299,
    MATCHING_MEMBERSHIP_PORT: frontend - 298,
    WORKER_MEMBERSHIP_PORT: frontend - 294,
    FRONTEND_HTTP_PORT: frontend + 10,
    METRICS_PORT: frontend + 767,
  };
}

/** A frontend port (20000–31999) whose derived ports are all free now: for the bench and tests. */
export async function freeTemporalServerPort(): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const base = 20_000 + Math.floor(Math.random() * 12_000);
    const ports = Object.values(temporalServerPorts(base));
    if ((await Promise.all(ports.map((p) => portIsFree(p)))).every(Boolean)) return base;
  }
  throw new Error('no free set of ports for a Temporal server between 19700 and 32767');
}

/** `${NAME}` → value; a name without a value is an error (a typo must not reach the server). */
export function renderTemplate(template: string, values: Record<string, string | number>): string {
  return template.replace(/\$\{([A-Z0-9_]+)\}/g, (_, name: string) => {
    if (!(name in values)) throw new Error(`temporal server config template: no value for \${${name}}`);
    return String(values[name]);
  });
}

export interface PostgresTarget {
  host: string;
  port: number;
  user: string;
  password: string;
  /** URL of the server's maintenance database, for existence checks. */
  adminUrl: string;
}

export function postgresTarget(url: string): PostgresTarget {
  const u = new URL(url);
  const admin = new URL(url);
  admin.pathname = '/postgres';
  return {
    host: u.hostname || '127.0.0.1',
    port: Number(u.port || 5432),
    user: decodeURIComponent(u.username || 'postgres'),
    password: decodeURIComponent(u.password),
    adminUrl: admin.toString(),
  };
}

/** Creates the database and its schema if missing and upgrades the schema to the tool's latest version. */
export async function ensureTemporalSchema(opts: {
  sqlTool: string;
  target: PostgresTarget;
  database: string;
  schema: 'temporal' | 'visibility';
  log: (m: string) => void;
}): Promise<void> {
  const { target, database } = opts;
  const base = ['--plugin', 'postgres12', '--ep', target.host, '-p', String(target.port), '-u', target.user, '--db', database];
  if (target.password) base.push('--pw', target.password);
  const run = async (...args: string[]) => {
    const tool = spawnManaged(opts.sqlTool, [...base, ...args]);
    const exit = await Promise.race([tool.exit, tool.spawnError]);
    if (exit.code !== 0) throw new Error(`temporal sql tool ${args[0]} on ${database} failed (exit ${exit.code}):\n${tool.tail()}`);
  };
  const admin = postgres(target.adminUrl, { max: 1, onnotice: () => {}, connect_timeout: 10 });
  let exists: boolean;
  try {
    exists = (await admin`select 1 from pg_database where datname = ${database}`).length > 0;
  } finally {
    await admin.end({ timeout: 5 });
  }
  if (!exists) {
    opts.log(`creating database ${database} on ${target.host}:${target.port}`);
    await run('create-database');
  }
  const dbUrl = new URL(target.adminUrl);
  dbUrl.pathname = `/${database}`;
  const db = postgres(dbUrl.toString(), { max: 1, onnotice: () => {}, connect_timeout: 10 });
  let versioned: boolean;
  try {
    versioned = (await db`select 1 from information_schema.tables where table_name = 'schema_version'`).length > 0;
  } finally {
    await db.end({ timeout: 5 });
  }
  if (!versioned) await run('setup-schema', '-v', '0.0');
  await run('update-schema', '--schema-name', `postgresql/v12/${opts.schema}`);
}

export interface TemporalServerOptions {
  /** PostgreSQL server URL (default TEMPORAL_DB_URL, else DATABASE_URL). */
  databaseUrl?: string;
  /** Default TEMPORAL_DB_NAME or `temporal`; visibility is `<name>_visibility`. */
  databaseName?: string;
  /** Frontend port (default TEMPORAL_PORT or 7233). */
  port?: number;
  namespace?: string;
  /** Where the rendered config and the server log go (default .data/temporal-server-<port>). */
  dir?: string;
  /** Web UI port; omitted/false = no UI. */
  uiPort?: number | false;
  /** Default TEMPORAL_NUM_HISTORY_SHARDS or 4; fixed once the database exists. */
  numHistoryShards?: number;
  /** Own process group (see infra/startup/child-process.ts): `npm start` stops it last. */
  detached?: boolean;
  log?: (m: string) => void;
}

export interface TemporalServer extends TemporalDevServer {
  /** Resolves when the server process exits (on its own or by stop()). */
  exit: Promise<ExitInfo>;
}

export async function startTemporalServer(opts: TemporalServerOptions = {}): Promise<TemporalServer> {
  const log = opts.log ?? ((m: string) => process.stderr.write(`[temporal-server] ${m}\n`));
  const databaseUrl = opts.databaseUrl ?? (process.env.TEMPORAL_DB_URL || process.env.DATABASE_URL);
  if (!databaseUrl) {
    throw new Error(
      'The PostgreSQL-backed Temporal server needs a PostgreSQL server: set TEMPORAL_DB_URL (or DATABASE_URL), ' +
        'e.g. TEMPORAL_DB_URL=postgres://postgres@127.0.0.1:5432/postgres (the embedded PGlite cannot serve it).',
    );
  }
  const port = opts.port ?? Number(process.env.TEMPORAL_PORT ?? 7233);
  const namespace = opts.namespace ?? process.env.TEMPORAL_NAMESPACE ?? 'default';
  const dbName = opts.databaseName ?? process.env.TEMPORAL_DB_NAME ?? 'temporal';
  const dir = path.resolve(REPO_ROOT, opts.dir ?? path.join(process.env.DATA_DIR ?? '.data', `temporal-server-${port}`));
  const target = postgresTarget(databaseUrl);

  const [server, sqlTool] = await Promise.all([ensureGoTool(TEMPORAL_SERVER, log), ensureGoTool(TEMPORAL_SQL_TOOL, log)]);
  await ensureTemporalSchema({ sqlTool, target, database: dbName, schema: 'temporal', log });
  await ensureTemporalSchema({ sqlTool, target, database: `${dbName}_visibility`, schema: 'visibility', log });

  mkdirSync(path.join(dir, 'config'), { recursive: true });
  const dynamicConfig = path.join(dir, 'dynamicconfig.yaml');
  copyFileSync(path.join(TEMPLATE_DIR, 'dynamicconfig.yaml'), dynamicConfig);
  const config = renderTemplate(readFileSync(path.join(TEMPLATE_DIR, 'config.template.yaml'), 'utf8'), {
    ...temporalServerPorts(port),
    LOG_LEVEL: process.env.TEMPORAL_LOG_LEVEL ?? 'warn',
    NUM_HISTORY_SHARDS: opts.numHistoryShards ?? Number(process.env.TEMPORAL_NUM_HISTORY_SHARDS ?? 4),
    DB_NAME: dbName,
    VISIBILITY_DB_NAME: `${dbName}_visibility`,
    DB_HOST: target.host,
    DB_PORT: target.port,
    DB_USER: target.user,
    DB_PASSWORD: target.password,
    BIND_IP: process.env.TEMPORAL_BIND_IP ?? '127.0.0.1',
    DYNAMIC_CONFIG_FILE: dynamicConfig,
  });
  writeFileSync(path.join(dir, 'config', 'server.yaml'), config, { mode: 0o600 });

  const address = `127.0.0.1:${port}`;
  const started = Date.now();
  const args = ['--root', dir, '--config', 'config', '--env', 'server', '--allow-no-auth', 'start'];
  log(`starting Temporal server ${TEMPORAL_SERVER_VERSION} on PostgreSQL ${target.host}:${target.port}/${dbName}: ${server} ${args.join(' ')} (log ${path.join(dir, 'server.log')})`);
  const child = spawnManaged(server, args, { logFile: path.join(dir, 'server.log'), detached: opts.detached });
  const stops: (() => Promise<unknown>)[] = [() => child.stop(20_000)];
  const stop = async () => {
    for (const s of stops.splice(0).reverse()) await s().catch((err) => log(`stop: ${(err as Error).message}`));
  };
  try {
    await Promise.race([waitForFrontend(address, child), child.spawnError]);
    await registerNamespace(address, namespace, log);
    await waitUntilReady(address, namespace, 120_000, () => child.exited() !== null);
    await waitForNamespaceInRegistry(address, namespace);
    if (child.exited()) throw new Error(`Temporal server exited during start-up:\n${child.tail()}`);
    let uiUrl: string | null = null;
    if (opts.uiPort) {
      const ui = await startTemporalUi({ address, port: opts.uiPort, namespace, dir, log, detached: opts.detached }).catch((err: Error) => {
        log(`no Temporal Web UI: ${err.message.split('\n')[0]}`);
        return null;
      });
      if (ui) {
        stops.push(() => ui.stop());
        uiUrl = ui.url;
      }
    }
    log(`Temporal server ready at ${address} (namespace ${namespace}) in ${Math.round((Date.now() - started) / 1000)} s`);
    return { address, uiUrl, namespace, stop, exit: child.exit };
  } catch (err) {
    await stop();
    throw err;
  }
}

async function waitForFrontend(address: string, child: ManagedChild): Promise<void> {
  const deadline = Date.now() + 180_000;
  for (;;) {
    if (child.exited()) throw new Error(`Temporal server exited during start-up:\n${child.tail()}`);
    const connection = Connection.lazy({ address, connectTimeout: 5_000 });
    try {
      await connection.withDeadline(new Date(Date.now() + 5_000), () => connection.workflowService.getSystemInfo({}));
      return;
    } catch (err) {
      if (Date.now() > deadline) throw new Error(`Temporal server at ${address} did not answer within 180 s: ${(err as Error).message}\n${child.tail()}`);
    } finally {
      await connection.close().catch(() => {});
    }
    await new Promise((r) => setTimeout(r, 500));
  }
}

/** Registers the namespace unless it exists (what `temporal operator namespace create` does). */
async function registerNamespace(address: string, namespace: string, log: (m: string) => void): Promise<void> {
  const connection = await Connection.connect({ address });
  try {
    await connection.workflowService.describeNamespace({ namespace });
  } catch {
    try {
      await connection.workflowService.registerNamespace({
        namespace,
        // protobufjs takes a number for an int64 (the type says Long).
        workflowExecutionRetentionPeriod: { seconds: (7 * 24 * 3600) as never },
      });
      log(`namespace ${namespace} registered (retention 7 days)`);
    } catch (err) {
      if (!/already exists|ALREADY_EXISTS/i.test((err as Error).message)) throw err;
    }
  } finally {
    await connection.close();
  }
}

/**
 * describeNamespace reads the database; starting a workflow reads the
 * frontend's namespace cache, refreshed every few seconds. Wait until a call
 * through the cache answers "workflow not found" rather than "namespace not found".
 */
async function waitForNamespaceInRegistry(address: string, namespace: string): Promise<void> {
  const connection = await Connection.connect({ address });
  try {
    for (let i = 0; i < 120; i++) {
      try {
        await connection.workflowService.describeWorkflowExecution({ namespace, execution: { workflowId: 'namespace-probe' } });
        return;
      } catch (err) {
        if (!/namespace/i.test((err as Error).message)) return;
      }
      await new Promise((r) => setTimeout(r, 500));
    }
  } finally {
    await connection.close();
  }
}

if (isMainModule(import.meta.url)) {
  const log = (m: string) => console.log(`[temporal-server] ${m}`);
  const uiPort = process.env.TEMPORAL_UI_PORT ? Number(process.env.TEMPORAL_UI_PORT) : false;
  startTemporalServer({ log, uiPort })
    .then((server) => {
      console.log(`\n  Temporal address  ${server.address}  namespace ${server.namespace}`);
      if (server.uiUrl) console.log(`  Temporal UI       ${server.uiUrl}`);
      console.log(`  Use it:           TEMPORAL_ADDRESS=${server.address} npm start   (or npm test, npm run worker, npm run api)\n  Ctrl-C stops it.\n`);
      let stopping = false;
      const shutdown = (signal: string) => {
        if (stopping) return;
        stopping = true;
        log(`${signal}: stopping…`);
        void server.stop().then(() => {
          log('stopped');
          process.exit(0);
        });
      };
      process.on('SIGINT', () => shutdown('SIGINT'));
      process.on('SIGTERM', () => shutdown('SIGTERM'));
      void server.exit.then((e) => {
        if (stopping) return;
        log(`the Temporal server exited on its own (code ${e.code}, signal ${e.signal}); its log is server.log in the data directory`);
        process.exit(1);
      });
    })
    .catch((err: Error) => {
      console.error(err.message);
      process.exit(1);
    });
}
