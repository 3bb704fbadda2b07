import { randomUUID } from 'node:crypto';
import { Writable } from 'node:stream';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { connectDatabase } from '../../infra/database/database.js';
import { freePort } from '../../infra/startup/free-port.js';
import { createLogger, withLogContext, annotateLogContext } from '../../infra/observability/logger.js';
import { exposition } from '../../infra/observability/metrics.js';
import { registerReadModelGauges } from '../../infra/observability/read-model-gauges.js';
import { temporalLogger } from '../../worker/temporal-runtime.js';
import { executionTaskQueue } from '../../worker/task-queue.js';
import { seedReferenceData } from '../../infra/demo/seed-demo.js';
import { fastDocument } from '../support/fixtures.js';
import { apiClient, eventually, type Harness } from '../support/harness.js';
import { spawnEntryPoint, type Spawned } from '../support/processes.js';
import { approvedRoadMap, rungEvents } from '../support/roadmaps.js';

/** One sample of an exposition: `name{a="b",…} value`. */
interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

function parseExposition(text: string): Sample[] {
  const samples: Sample[] = [];
  for (const line of text.split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})?\s+(\S+)/.exec(line);
    if (!m) throw new Error(`not exposition format: ${line}`);
    const labels: Record<string, string> = {};
    for (const l of (m[2] ?? '').matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g)) labels[l[1]] = l[2];
    samples.push({ name: m[1], labels, value: Number(m[3]) });
  }
  return samples;
}

function value(samples: Sample[], name: string, labels: Record<string, string> = {}): number | undefined {
  return samples.find((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v))?.value;
}

async function scrape(url: string): Promise<{ contentType: string | null; samples: Sample[]; text: string }> {
  const res = await fetch(url);
  expect(res.status).toBe(200);
  const text = await res.text();
  return { contentType: res.headers.get('content-type'), samples: parseExposition(text), text };
}

function jsonLines(p: Spawned): Record<string, unknown>[] {
  return p.lines.map((l) => {
    try {
      return JSON.parse(l) as Record<string, unknown>;
    } catch {
      throw new Error(`a log line is not JSON: ${l}`);
    }
  });
}

// Two processes need two connections, which the embedded PostgreSQL cannot serve.
describe.skipIf(inject('databaseEmbedded'))('metrics and structured logs of the worker and the API processes', () => {
  let sql: postgres.Sql;
  let worker: Spawned;
  let api: Spawned;
  let workerMetrics: string;
  let apiMetrics: string;
  let client: ReturnType<typeof apiClient>;
  let h: Harness;
  const taskQueue = `test-${randomUUID()}`;
  let ladderRoadMap: string;

  beforeAll(async () => {
    sql = connectDatabase(inject('databaseUrl'));
    await seedReferenceData(sql);
    const [apiPort, workerMetricsPort, apiMetricsPort] = [await freePort(), await freePort(), await freePort()];
    const common = {
      DATABASE_URL: inject('databaseUrl'),
      TEMPORAL_ADDRESS: inject('temporalAddress'),
      TEMPORAL_NAMESPACE: inject('temporalNamespace'),
      TASK_QUEUE: taskQueue,
      SMTP_URL: '',
      LOG_FORMAT: 'json',
      LOG_LEVEL: 'info',
    };
    worker = spawnEntryPoint('worker/main.ts', { ...common, METRICS_PORT: String(workerMetricsPort) });
    api = spawnEntryPoint('api/main.ts', { ...common, PORT: String(apiPort), METRICS_PORT: String(apiMetricsPort) });
    workerMetrics = `http://127.0.0.1:${workerMetricsPort}/metrics`;
    apiMetrics = `http://127.0.0.1:${apiMetricsPort}/metrics`;
    const baseUrl = `http://127.0.0.1:${apiPort}`;
    client = apiClient(baseUrl);
    h = { ...client, sql, baseUrl } as unknown as Harness;
    await eventually(
      async () => worker.lines.some((l) => l.includes('worker polling task queue')) && (await fetch(`${baseUrl}/health`).then((r) => r.status, () => 0)) === 200,
      (ready) => ready,
      180_000,
    ).catch((err) => {
      throw new Error(`${err.message}\nworker:\n${worker.output()}\napi:\n${api.output()}`);
    });
  });
  afterAll(async () => {
    if (process.env.SHOW_LOGS) console.log(worker.lines.slice(0, 40).join('\n') + '\n----\n' + api.lines.slice(0, 20).join('\n'));
    await Promise.all([worker?.stop(), api?.stop()]);
    await sql?.end({ timeout: 5 });
  });

  it('/metrics answers in the text exposition format and counts HTTP requests by route pattern, not by path', async () => {
    const token = await client.login('coordinator');
    const before = await scrape(apiMetrics);
    expect(before.contentType).toMatch(/^text\/plain; version=0\.0\.4/);
    const route = { method: 'GET', route: '/api/roadmaps/:id', status: '404' };
    const missing = [`rm-no-such-${randomUUID()}`, `rm-no-such-${randomUUID()}`, `rm-no-such-${randomUUID()}`];
    for (const id of missing) expect((await client.call('GET', `/api/roadmaps/${id}`, { token })).status).toBe(404);
    expect((await client.call('GET', `/no/such/page/${missing[0]}`)).status).toBe(404);

    const after = await scrape(apiMetrics);
    expect((value(after.samples, 'http_requests_total', route) ?? 0) - (value(before.samples, 'http_requests_total', route) ?? 0)).toBe(3);
    expect(value(after.samples, 'http_request_duration_seconds_count', route)! - (value(before.samples, 'http_request_duration_seconds_count', route) ?? 0)).toBe(3);
    expect(value(after.samples, 'http_request_duration_seconds_bucket', { ...route, le: '+Inf' })).toBe(value(after.samples, 'http_request_duration_seconds_count', route));
    expect(value(after.samples, 'http_requests_total', { method: 'GET', route: 'unmatched', status: '404' })).toBeGreaterThanOrEqual(1);
    // No raw path (with its id) ever becomes a label value.
    expect(after.text).not.toContain(missing[0]);
    // Node's own figures are there too.
    expect(value(after.samples, 'nodejs_eventloop_lag_seconds')).toBeDefined();
  });

  it('the worker counts the rungs of a ladder it fired, times event appends, and merges the Temporal SDK metrics', async () => {
    const { id, executions } = await approvedRoadMap(h, fastDocument({ deadlineInMs: 20_000 }), 1);
    ladderRoadMap = id;
    const fired = await eventually(() => rungEvents(h, executions[0].id), (r) => r.length === 3, 120_000);
    expect(fired.map((r) => r.payload.rung.id)).toEqual(['remind', 'overdue', 'director']);

    const { contentType, samples } = await scrape(workerMetrics);
    expect(contentType).toMatch(/^text\/plain; version=0\.0\.4/);
    // This worker's task queue served only this road map: one reminder, two escalations.
    expect(value(samples, 'roadmap_rungs_fired_total', { ladder: 'execution', kind: 'reminder' })).toBe(1);
    expect(value(samples, 'roadmap_rungs_fired_total', { ladder: 'execution', kind: 'escalation' })).toBe(2);
    expect(value(samples, 'roadmap_event_append_duration_seconds_count')).toBeGreaterThanOrEqual(4);
    expect(value(samples, 'roadmap_events_appended_total')).toBeGreaterThanOrEqual(4);

    expect(value(samples, 'roadmap_temporal_sdk_metrics_up')).toBe(1);
    const temporal = samples.filter((s) => s.name.startsWith('temporal_'));
    expect(temporal.length).toBeGreaterThan(0);
    expect(value(temporal, 'temporal_worker_task_slots_available', { task_queue: taskQueue, worker_type: 'ActivityWorker' })).toBeGreaterThan(0);
    expect(value(temporal, 'temporal_workflow_task_schedule_to_start_latency_count', { task_queue: taskQueue })).toBeGreaterThan(0);
    // Rungs are local activities (revision 2, docs/architecture.md): timed by the SDK as such.
    expect(value(temporal, 'temporal_local_activity_execution_latency_count', { task_queue: executionTaskQueue(taskQueue), activity_type: 'fireRung' })).toBeGreaterThanOrEqual(3);

    // The worker's log: JSON lines, the rung through the activity context logger with its workflow id.
    const rung = jsonLines(worker).find((l) => l.msg === 'rung fired' && l.rungId === 'overdue');
    expect(rung, worker.output()).toMatchObject({ level: 'info', workflowId: `item-execution:${executions[0].id}`, activityType: 'fireRung', rungKind: 'escalation' });
  });

  it('the notifications-by-status gauge matches the table, read at scrape time', async () => {
    const table = async () =>
      Object.fromEntries((await sql<{ s: string; n: number }[]>`select email_status as s, count(*)::int as n from notifications group by 1`).map((r) => [r.s, r.n]));
    const seen = await eventually(
      async () => {
        const t1 = await table();
        const { samples } = await scrape(apiMetrics);
        const t2 = await table();
        const gauge = Object.fromEntries(samples.filter((s) => s.name === 'roadmap_notifications').map((s) => [s.labels.status, s.value]));
        return { t1, t2, gauge };
      },
      ({ t1, t2 }) => JSON.stringify(t1) === JSON.stringify(t2),
    );
    // The ladder above left its notifications there.
    expect(Object.values(seen.t1).reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(4);
    for (const status of ['pending', 'sent', 'logged', 'no_address']) expect(seen.gauge[status], status).toBe(seen.t1[status] ?? 0);
    expect(value((await scrape(apiMetrics)).samples, 'roadmap_read_model_gauges_up')).toBe(1);
  });

  it("the weekly-report gauges count the late and missing reports of each road map's latest period", async () => {
    // A week past its due time and one past its cut-off, as the read model records them.
    const people = await sql<{ id: string; organisation_id: string }[]>`
      select id, organisation_id from people where id in ('executor', 'quality', 'finance', 'it') order by id`;
    const period = async (number: number, opensAgoS: number, dueAgoS: number, cutoffAgoS: number, statuses: string[]) => {
      const id = `${ladderRoadMap}:obs-${number}`;
      await sql`insert into reporting_periods (id, roadmap_id, version, number, opens_at, due_at, cutoff_at, status, coordinator_id, workflow_id, time_zone, ladder)
                values (${id}, ${ladderRoadMap}, 1, ${number}, now() - make_interval(secs => ${opensAgoS}), now() - make_interval(secs => ${dueAgoS}),
                        now() - make_interval(secs => ${cutoffAgoS}), 'open', 'coordinator', ${`test:${id}`}, 'Europe/Moscow', '[]')`;
      for (const [i, status] of statuses.entries()) {
        await sql`insert into reporting_duties (period_id, person_id, organisation_id, smo, lines, mo_ids, controller_ids, status)
                  values (${id}, ${people[i].id}, ${people[i].organisation_id}, false, '[]', '{}', '{}', ${status})`;
      }
    };
    // An older week with a missing report no longer counts once the next one has opened.
    try {
      await period(9001, 7200, 7100, 7000, ['missing', 'missing']);
      await period(9002, 60, 30, -3600, ['pending', 'late', 'on_time', 'missing']);
      const { samples } = await scrape(apiMetrics);
      expect(value(samples, 'roadmap_weekly_reports_late', { roadmap: ladderRoadMap })).toBe(2);
      expect(value(samples, 'roadmap_weekly_reports_missing', { roadmap: ladderRoadMap })).toBe(1);
    } finally {
      // Made-up weeks must not reach the other test files' monitoring views.
      await sql`delete from reporting_duties where period_id like ${`${ladderRoadMap}:obs-%`}`;
      await sql`delete from reporting_periods where id like ${`${ladderRoadMap}:obs-%`}`;
    }
  });

  it('logs JSON lines with the request id and person id, and never a password, a token or user text', async () => {
    const secretPassword = `Wr0ng-${randomUUID()}`;
    expect((await client.call('POST', '/api/auth/login', { body: { login: 'executor', password: secretPassword } })).status).toBe(401);
    const token = await client.login('executor', 'demo');
    const requestId = `test-${randomUUID()}`;
    const tasks = await client.call('GET', '/api/tasks', { token, headers: { 'x-request-id': requestId } });
    expect(tasks.status).toBe(200);
    expect(tasks.headers.get('x-request-id')).toBe(requestId);
    const userText = `Отчёт об исполнении ${randomUUID()}`;
    const [e] = (await approvedRoadMap(h, fastDocument({ deadlineInMs: 3_600_000 }), 1)).executions;
    const key = `obs-${randomUUID()}`;
    const done = await client.call('POST', `/api/executions/${e.id}/complete`, { token, body: { text: userText }, headers: { 'idempotency-key': key } });
    expect(done.status, JSON.stringify(done.body)).toBe(200);

    const lines = await eventually(
      async () => jsonLines(api),
      (ls) => ls.some((l) => l.requestId === requestId) && ls.some((l) => l.route === '/api/executions/:id/complete'),
    );
    expect(lines.find((l) => l.requestId === requestId)).toMatchObject({ level: 'info', component: 'http', method: 'GET', route: '/api/tasks', status: '200', personId: 'executor' });
    // The command's line and the request's access line both name the person, the command (update) id and the workflow.
    const command = lines.filter((l) => l.route === '/api/executions/:id/complete' || l.msg === 'command');
    expect(command.find((l) => l.msg === 'command' && l.workflowId === `item-execution:${e.id}`)).toMatchObject({ component: 'command', update: 'completeExecution', outcome: 'accepted' });
    expect(command.filter((l) => l.workflowId === `item-execution:${e.id}`)).toHaveLength(2);
    for (const l of command.filter((l) => l.workflowId === `item-execution:${e.id}`)) {
      expect(l).toMatchObject({ personId: 'executor', requestId: expect.any(String), commandId: expect.stringMatching(/^[0-9a-f]{64}$/) });
    }

    // An activity's task token completes the activity: the SDK's context logger carries it, ours drops it.
    expect(jsonLines(worker).filter((l) => l.activityType).length).toBeGreaterThan(0);
    for (const l of jsonLines(worker)) expect(l).not.toHaveProperty('taskToken');
    for (const p of [api, worker]) {
      const out = p.output();
      for (const secret of [secretPassword, token, userText, key]) expect(out, `a ${p === api ? 'API' : 'worker'} log line carries a secret or user text`).not.toContain(secret);
    }
  });
});

describe('the logger, in-process', () => {
  const capture = () => {
    const lines: Record<string, unknown>[] = [];
    const destination = new Writable({
      write(chunk, _enc, done) {
        for (const l of String(chunk).split('\n').filter(Boolean)) lines.push(JSON.parse(l));
        done();
      },
    });
    return { lines, logger: createLogger({ destination, pretty: false, level: 'debug' }) };
  };

  it('carries the scope\'s fields across awaits, reads late ones at each line, and censors secrets passed by mistake', async () => {
    const { lines, logger } = capture();
    let person: string | undefined;
    await withLogContext(
      { requestId: 'req-1' },
      async () => {
        logger.info('before authentication');
        person = 'director';
        await new Promise((r) => setTimeout(r, 5));
        annotateLogContext({ workflowId: 'roadmap:rm-1', commandId: 'cmd-1' });
        logger.info({ password: 'p4ss', headers: { authorization: 'Bearer t0k', cookie: 's=1' }, body: { text: 'мой отчёт' } }, 'after');
      },
      () => ({ personId: person }),
    );
    logger.info('outside');
    expect(lines[0]).toMatchObject({ level: 'info', requestId: 'req-1', msg: 'before authentication' });
    expect(lines[0]).not.toHaveProperty('personId');
    expect(lines[1]).toMatchObject({ requestId: 'req-1', personId: 'director', workflowId: 'roadmap:rm-1', commandId: 'cmd-1', password: '[redacted]', body: '[redacted]' });
    expect(lines[1].headers).toEqual({ authorization: '[redacted]', cookie: '[redacted]' });
    expect(JSON.stringify(lines)).not.toMatch(/p4ss|t0k|мой отчёт/);
    expect(lines[2]).not.toHaveProperty('requestId');
  });

  it("forwards the Temporal SDK's lines with their ids, without the activity's task token", () => {
    const { lines, logger } = capture();
    const sdk = temporalLogger(logger);
    sdk.warn('Activity failed', { workflowId: 'item-execution:x', activityType: 'fireRung', taskToken: 'c2VjcmV0', error: new Error('smtp down') });
    sdk.debug('Activity started', { workflowId: 'item-execution:x' });
    expect(lines[0]).toMatchObject({ level: 'warn', msg: 'Activity failed', workflowId: 'item-execution:x', activityType: 'fireRung', err: { message: 'smtp down' } });
    expect(lines[0]).not.toHaveProperty('taskToken');
    expect(lines[1]).toMatchObject({ level: 'debug', msg: 'Activity started' });
  });
});

describe('the read-model gauges during a PostgreSQL outage', () => {
  it('still answers the scrape, says so in roadmap_read_model_gauges_up, and keeps the other figures', async () => {
    const dead = postgres(`postgres://postgres@127.0.0.1:${await freePort()}/none`, { max: 1, connect_timeout: 2, onnotice: () => {} });
    try {
      registerReadModelGauges(dead);
      const text = await exposition();
      expect(parseExposition(text).find((s) => s.name === 'roadmap_read_model_gauges_up')?.value).toBe(0);
      expect(text).toContain('# TYPE roadmap_rungs_fired_total counter');
    } finally {
      await dead.end({ timeout: 1 });
    }
  });
});
