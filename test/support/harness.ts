import { randomUUID } from 'node:crypto';
import { answerClientErrorsAsJson } from '../../infra/http/http-client-errors.js';
import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import type postgres from 'postgres';
import { inject } from 'vitest';
import { createApp } from '../../api/app.js';
import { connectDatabase } from '../../infra/database/database.js';
import { migrate } from '../../infra/database/migrate.js';
import { lazyTemporalClient } from '../../infra/temporal/temporal-client.js';
import { seedReferenceData } from '../../infra/demo/seed-demo.js';
import { createRoadMapWorker } from '../../worker/create-worker.js';
import type { Mailer } from '../../activities/email-delivery.js';
import { sessionPolicyFromEnv, type SessionPolicy } from '../../services/auth/session-policy.js';
import type { OidcConfig } from '../../services/auth/oidc-config.js';
import { attachmentLimitsFromEnv, type AttachmentLimits } from '../../services/attachments/attachment-rules.js';

/**
 * Test files log in hundreds of times from one address, and some try wrong passwords on purpose:
 * throttling is tested on its own (test/security), with its own small figures.
 */
/**
 * Test files upload as the same demo people at the same time: the per-person upload rate and quota
 * are tested on their own (test/documents/upload-abuse.test.ts, on a database of its own).
 */
const testAttachmentLimits = { ...attachmentLimitsFromEnv({}), uploadsPerMinute: 100_000, unattachedMaxFiles: 100_000 };

export const testSessionPolicy: SessionPolicy = { ...sessionPolicyFromEnv({}), failuresPerLogin: 1000, failuresPerAddress: 100_000, ssoStartsPerMinute: 100_000 };

export interface ApiResponse<T = any> {
  status: number;
  body: T;
  headers: Headers;
}

/**
 * One test file's world: the real Temporal server and PostgreSQL from the
 * global setup, a worker on a task queue of its own, and the API served over
 * real HTTP on a free port.
 */
export interface Harness {
  sql: postgres.Sql;
  env: TestWorkflowEnvironment;
  taskQueue: string;
  baseUrl: string;
  address: string;
  namespace: string;
  login(login: string, password?: string): Promise<string>;
  call<T = any>(method: string, path: string, opts?: { token?: string; body?: unknown; rawBody?: string; headers?: Record<string, string> }): Promise<ApiResponse<T>>;
  stopWorker(): Promise<void>;
  startWorker(): Promise<void>;
  close(): Promise<void>;
}

/** Real HTTP against an API at baseUrl, with logins cached per person (the harness's, or a spawned API process's). */
export function apiClient(baseUrl: string): Pick<Harness, 'call' | 'login'> {
  const call: Harness['call'] = async (method, path, o = {}) => {
    const headers: Record<string, string> = { ...(o.headers ?? {}) };
    if (o.token) headers.authorization = `Bearer ${o.token}`;
    let body: string | undefined = o.rawBody;
    if (o.body !== undefined) {
      body = JSON.stringify(o.body);
      headers['content-type'] = 'application/json';
    } else if (o.rawBody !== undefined) headers['content-type'] ??= 'application/json';
    const res = await fetch(baseUrl + path, { method, headers, body });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      /* non-JSON bodies (pages) stay text */
    }
    return { status: res.status, body: parsed as any, headers: res.headers };
  };

  const tokens = new Map<string, string>();
  const login = async (who: string, password = 'demo') => {
    const cached = tokens.get(who);
    if (cached && password === 'demo') return cached;
    const res = await call('POST', '/api/auth/login', { body: { login: who, password } });
    if (res.status !== 200) throw new Error(`login ${who}: ${res.status} ${JSON.stringify(res.body)}`);
    tokens.set(who, res.body.token);
    return res.body.token as string;
  };

  return { call, login };
}

let runtimeInstalled = false;

export interface HarnessOptions {
  launchBatchSize?: number;
  /** Login throttling and session expiry; by default lenient throttling (see testSessionPolicy). */
  sessionPolicy?: SessionPolicy;
  mailer?: Mailer | null;
  emailMaxAttempts?: number;
  /** A PostgreSQL of the test's own (migrated here) instead of the run's database. */
  databaseUrl?: string;
  /**
   * A Temporal server of the test's own instead of the run's; the API then
   * uses the production client settings (infra/temporal/temporal-client.ts).
   */
  temporalAddress?: string;
  attachmentLimits?: AttachmentLimits;
  /** Uploads reading their bodies at once (default UPLOADS_IN_FLIGHT, else 2). */
  uploadsInFlight?: number;
  /** Single sign-on settings (test/support/oidc-provider.ts); off by default, whatever the environment says. */
  oidc?: OidcConfig | null;
  passwordLogin?: boolean;
  /** false: no demo people or organisations (a fund moving in starts from the reference data alone). */
  seedDemo?: boolean;
}

export async function startHarness(opts: HarnessOptions = {}): Promise<Harness> {
  if (!runtimeInstalled) {
    // Worker state changes and activity logs drown the test output; warnings and errors stay.
    Runtime.install({ logger: new DefaultLogger('WARN') });
    runtimeInstalled = true;
  }
  const address = opts.temporalAddress ?? inject('temporalAddress');
  const namespace = inject('temporalNamespace');
  const sql = opts.databaseUrl ? connectDatabase(opts.databaseUrl) : connectDatabase(inject('databaseUrl'), { embedded: inject('databaseEmbedded') });
  if (opts.databaseUrl) await migrate(sql);
  if (opts.seedDemo !== false) await seedReferenceData(sql);
  const env = await TestWorkflowEnvironment.createFromExistingServer({ address, namespace });
  const apiTemporal = opts.temporalAddress ? lazyTemporalClient(address, namespace) : null;
  const taskQueue = `test-${randomUUID()}`;

  let worker: Awaited<ReturnType<typeof createRoadMapWorker>> | null = null;
  let running: Promise<void> | null = null;
  const startWorker = async () => {
    worker = await createRoadMapWorker({ address, namespace, taskQueue, sql, maxConcurrentActivityTaskExecutions: 16, mailer: opts.mailer ?? null, emailMaxAttempts: opts.emailMaxAttempts });
    running = worker.worker.run();
  };
  const stopWorker = async () => {
    if (!worker) return;
    worker.worker.shutdown();
    await running;
    await worker.close();
    worker = null;
  };
  await startWorker();

  const app = createApp({ sql, temporal: apiTemporal?.client ?? env.client, taskQueue, temporalUiUrl: null, launchBatchSize: opts.launchBatchSize, sessionPolicy: opts.sessionPolicy ?? testSessionPolicy, attachmentLimits: { ...testAttachmentLimits, ...opts.attachmentLimits }, uploadsInFlight: opts.uploadsInFlight, oidc: opts.oidc ?? null, passwordLogin: opts.passwordLogin ?? true, mailer: opts.mailer ?? null });
  const server: ServerType = await new Promise((resolve) => {
    const s = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s));
  });
  answerClientErrorsAsJson(server);
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const { call, login } = apiClient(baseUrl);

  return {
    sql,
    env,
    taskQueue,
    baseUrl,
    address,
    namespace,
    login,
    call,
    stopWorker,
    startWorker,
    async close() {
      await new Promise((resolve) => server.close(resolve));
      await stopWorker();
      await apiTemporal?.connection.close();
      await env.teardown();
      await sql.end({ timeout: 5 });
    },
  };
}

/** Waits for an eventual fact (the launch runs after the approval answers); fails with what it last saw. */
export async function eventually<T>(probe: () => Promise<T>, ok: (v: T) => boolean, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: T = await probe();
  while (!ok(last)) {
    if (Date.now() > deadline) throw new Error(`condition not met in ${timeoutMs} ms; last value: ${JSON.stringify(last)}`);
    await new Promise((r) => setTimeout(r, 200));
    last = await probe();
  }
  return last;
}
