/**
 * Vitest global setup: Chromium for the browser tests (installed or a clear
 * failure before any test, see test/support/chromium.ts), one Temporal server and one migrated PostgreSQL
 * database for the whole run, handed to test files with `inject(...)`
 * (keys and types: test/provided-context.d.ts).
 *
 * Temporal: $TEMPORAL_ADDRESS (+ $TEMPORAL_NAMESPACE) if set, else an own
 *   in-memory, headless dev server on a free port (the Temporal CLI is found
 *   or built first, see infra/temporal/temporal-cli.ts: ~4 min once on a fresh machine).
 * PostgreSQL, first that applies:
 *   1. $TEST_DATABASE_URL or $DATABASE_URL: a fresh database
 *      rm_test_<time>_<random> is created on that server and dropped at the
 *      end (kept with KEEP_TEST_DB=1);
 *   2. a Docker engine answers: @testcontainers/postgresql, postgres:15-alpine;
 *   3. the embedded PGlite server (databaseEmbedded = true: pool of 1).
 */
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';
import postgres from 'postgres';
import type { TestProject } from 'vitest/node';
import { connectDatabase } from '../infra/database/database.js';
import { startEmbeddedPostgres } from '../infra/database/embedded-postgres.js';
import { migrate } from '../infra/database/migrate.js';
import { ensureTemporalCli } from '../infra/temporal/temporal-cli.js';
import { startTemporalDevServer, waitUntilReady } from '../infra/temporal/temporal-dev-server.js';
import { ensureChromium } from './support/chromium.js';

type Cleanup = () => Promise<void>;
const log = (m: string) => process.stderr.write(`[global-setup] ${m}\n`);

interface TemporalSetup {
  address: string;
  namespace: string;
}
interface DatabaseSetup {
  url: string;
  embedded: boolean;
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const cleanups: Cleanup[] = [];
  const teardown = async () => {
    for (const cleanup of cleanups.splice(0).reverse()) {
      await cleanup().catch((err: unknown) => log(`teardown error: ${err instanceof Error ? err.stack : String(err)}`));
    }
  };
  const started = Date.now();
  // Before anything slow: a run that cannot pass should say so at once (test/support/chromium.ts).
  if (await runsBrowserTests(project)) process.env.CHROMIUM_PATH = ensureChromium(log);
  // Both in parallel: a fresh machine spends minutes building the CLI.
  const [temporal, database] = await Promise.allSettled([setupTemporal(cleanups), setupDatabase(cleanups)]);
  if (temporal.status === 'rejected' || database.status === 'rejected') {
    await teardown();
    throw temporal.status === 'rejected' ? temporal.reason : (database as PromiseRejectedResult).reason;
  }
  try {
    const sql = connectDatabase(database.value.url, { embedded: database.value.embedded });
    try {
      const applied = await migrate(sql);
      log(`migrations applied: ${applied.length ? applied.join(', ') : '(none)'}`);
    } finally {
      await sql.end({ timeout: 5 });
    }
  } catch (err) {
    await teardown();
    throw err;
  }

  project.provide('temporalAddress', temporal.value.address);
  project.provide('temporalNamespace', temporal.value.namespace);
  project.provide('databaseUrl', database.value.url);
  project.provide('databaseEmbedded', database.value.embedded);
  log(`ready in ${Date.now() - started} ms`);
  return teardown;
}

/** True unless the run is limited to files none of which is a browser test (test/web/). */
async function runsBrowserTests(project: TestProject): Promise<boolean> {
  try {
    // The CLI's file filters; vitest keeps them on the instance (not in its public types).
    const filters = (project.vitest as unknown as { filenamePattern?: string[] }).filenamePattern;
    const { testFiles } = await project.globTestFiles(filters);
    return testFiles.some((file) => file.split(path.sep).join('/').includes('/test/web/'));
  } catch {
    return true;
  }
}

async function setupTemporal(cleanups: Cleanup[]): Promise<TemporalSetup> {
  const existing = process.env.TEMPORAL_ADDRESS;
  const namespace = process.env.TEMPORAL_NAMESPACE || 'default';
  if (existing) {
    log(`Temporal: using TEMPORAL_ADDRESS=${existing} (namespace ${namespace})`);
    await waitUntilReady(existing, namespace, 30_000);
    return { address: existing, namespace };
  }
  await ensureTemporalCli((m) => log(`temporal-cli: ${m}`));
  const server = await startTemporalDevServer({ uiPort: false, namespace, log });
  cleanups.push(() => server.stop());
  return { address: server.address, namespace: server.namespace };
}

async function setupDatabase(cleanups: Cleanup[]): Promise<DatabaseSetup> {
  const serverUrl = process.env.TEST_DATABASE_URL || process.env.DATABASE_URL;
  if (serverUrl) return createFreshDatabase(serverUrl, cleanups);

  if (await dockerAvailable()) {
    try {
      const { PostgreSqlContainer } = await import('@testcontainers/postgresql');
      log('PostgreSQL: starting postgres:15-alpine with testcontainers ...');
      const container = await new PostgreSqlContainer('postgres:15-alpine').start();
      cleanups.push(async () => {
        await container.stop();
      });
      return { url: container.getConnectionUri(), embedded: false };
    } catch (err) {
      // e.g. the image cannot be pulled (no registry access): fall back.
      log(`PostgreSQL container failed to start (${(err as Error).message.split('\n')[0]})`);
    }
  }

  log('PostgreSQL: no TEST_DATABASE_URL/DATABASE_URL and no usable Docker: using embedded PGlite (one connection at a time)');
  const embedded = await startEmbeddedPostgres({ log });
  cleanups.push(() => embedded.stop());
  return { url: embedded.url, embedded: true };
}

async function createFreshDatabase(serverUrl: string, cleanups: Cleanup[]): Promise<DatabaseSetup> {
  const stamp = new Date().toISOString().replace(/\D/g, '').slice(0, 14);
  const name = `rm_test_${stamp}_${Math.random().toString(36).slice(2, 8)}`;
  const admin = () => postgres(serverUrl, { max: 1, onnotice: () => {}, connect_timeout: 10, idle_timeout: 5 });

  const sql = admin();
  try {
    await sql.unsafe(`create database "${name}"`);
  } catch (err) {
    throw new Error(`cannot create test database on ${redact(serverUrl)}: ${(err as Error).message}`, { cause: err });
  } finally {
    await sql.end({ timeout: 5 });
  }
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  log(`PostgreSQL: created database ${name} on ${url.host}`);

  cleanups.push(async () => {
    if (process.env.KEEP_TEST_DB === '1') {
      log(`KEEP_TEST_DB=1: keeping ${redact(url.toString())}`);
      return;
    }
    const drop = admin();
    try {
      try {
        await drop.unsafe(`drop database if exists "${name}" with (force)`);
      } catch {
        // PostgreSQL < 13 has no WITH (FORCE).
        await drop`select pg_terminate_backend(pid) from pg_stat_activity where datname = ${name} and pid <> pg_backend_pid()`;
        await drop.unsafe(`drop database if exists "${name}"`);
      }
      log(`PostgreSQL: dropped database ${name}`);
    } finally {
      await drop.end({ timeout: 5 });
    }
  });
  return { url: url.toString(), embedded: false };
}

function redact(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '(invalid URL)';
  }
}

/** A Docker engine is configured and answers (checked only when something points at one). */
async function dockerAvailable(): Promise<boolean> {
  const hints = [
    process.env.DOCKER_HOST,
    process.env.TESTCONTAINERS_HOST_OVERRIDE,
    existsSync('/var/run/docker.sock') ? '/var/run/docker.sock' : undefined,
    existsSync(path.join(homedir(), '.docker', 'run', 'docker.sock')) ? 'user docker.sock' : undefined,
    existsSync(path.join(homedir(), '.testcontainers.properties')) ? '.testcontainers.properties' : undefined,
    process.env.XDG_RUNTIME_DIR && existsSync(path.join(process.env.XDG_RUNTIME_DIR, 'docker.sock')) ? 'rootless docker.sock' : undefined,
  ].filter(Boolean);
  if (hints.length === 0) return false;
  try {
    const { getContainerRuntimeClient } = await import('testcontainers');
    let timer: NodeJS.Timeout | undefined;
    const client = await Promise.race([
      getContainerRuntimeClient(),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error('no answer within 20 s')), 20_000);
      }),
    ]).finally(() => clearTimeout(timer));
    log(`Docker engine found (${client.info.containerRuntime.host})`);
    return true;
  } catch (err) {
    // testcontainers 12 needs Node >= 22.22: on Node 20 even its import fails.
    log(`Docker/testcontainers not usable on Node ${process.versions.node} (${(err as Error).message.split('\n')[0]})`);
    return false;
  }
}
