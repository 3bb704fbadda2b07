import { WorkflowUpdateFailedError, ApplicationFailure } from '@temporalio/client';
import { Worker } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createActivities } from '../../activities/index.js';
import { appendEvents } from '../../activities/event-store.js';
import type { Actor } from '../../domain/actor.js';
import type { DomainEvent } from '../../domain/events.js';
import { reportingPeriodWorkflowId } from '../../domain/reporting-period.js';
import { UNSTORABLE_EVENT } from '../../domain/unstorable.js';
import { reportingPeriodStateQuery, submitWeeklyReportUpdate } from '../../workflows/monitoring-messages.js';
import { completeExecutionUpdate, returnRoadMapUpdate } from '../../workflows/messages.js';
import { executionTaskQueue, workflowBundle } from '../../worker/create-worker.js';
import { demoDocument, smallDocument } from '../support/fixtures.js';
import { eventually, startHarness, type Harness } from '../support/harness.js';
import { approvedRoadMap } from '../support/roadmaps.js';
import { executorReport, fastWeek, monitoredRoadMap, periodEvents, smoReport } from '../monitoring/monitoring-fixtures.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h?.close());

async function actor(personId: string): Promise<Actor> {
  const [row] = await h.sql<{ organisation_id: string; kind: Actor['organisationKind']; region_code: string | null; position: Actor['position']; roles: string[]; full_name: string }[]>`
    select p.organisation_id, o.kind, o.region_code, p.position, p.roles, p.full_name from people p join organisations o on o.id = p.organisation_id where p.id = ${personId}`;
  return { personId, fullName: row.full_name, organisationId: row.organisation_id, organisationKind: row.kind, regionCode: row.region_code, position: row.position, roles: row.roles as Actor['roles'], actingForId: null };
}

/** The Update's failure, and how long it took: a poison message must fail at once, not retry for ever. */
async function failure(run: () => Promise<unknown>): Promise<{ type: string | undefined; message: string; ms: number }> {
  const started = Date.now();
  try {
    await run();
  } catch (err) {
    expect(err).toBeInstanceOf(WorkflowUpdateFailedError);
    const cause = (err as WorkflowUpdateFailedError).cause;
    expect(cause).toBeInstanceOf(ApplicationFailure);
    return { type: (cause as ApplicationFailure).type ?? undefined, message: JSON.stringify((cause as ApplicationFailure).details ?? cause!.message), ms: Date.now() - started };
  }
  throw new Error('the update was accepted');
}

const event = (payload: Record<string, unknown>): DomainEvent => ({
  id: `poison-${Math.random()}`, type: 'roadmap.returned', roadMapId: 'rm-poison', subject: 'roadmap', version: 1,
  occurredAt: new Date().toISOString(), actorId: null, actingForId: null, payload,
});

describe('poison messages', () => {
  it('an event PostgreSQL refuses as data fails the append at once, as a non-retryable failure, storing nothing', async () => {
    for (const payload of [{ comment: 'a\u0000b' }, { [`k\u0000`]: 1 }]) {
      const e = event(payload);
      const err = await appendEvents(h.sql, [e]).then(() => null, (x: unknown) => x);
      expect(err).toBeInstanceOf(ApplicationFailure);
      expect((err as ApplicationFailure).type).toBe(UNSTORABLE_EVENT);
      expect((err as ApplicationFailure).nonRetryable).toBe(true);
      expect((err as Error).message).toMatch(/22P05|22021/);
      expect(await h.sql`select 1 from events where id = ${e.id}`).toHaveLength(0);
    }
  });

  it('a road map and an execution refuse a NUL sent straight through the Temporal client, and take the next command', async () => {
    const rm = await approvedRoadMap(h, smallDocument(), 3);
    const execution = rm.executions.find((e) => e.moId === null)!;
    const [row] = await h.sql<{ executor_id: string }[]>`select executor_id from item_executions where id = ${execution.id}`;
    const executor = await actor(row.executor_id);
    const handle = h.env.client.workflow.getHandle(`item-execution:${execution.id}`);
    const bad = await failure(() => handle.executeUpdate(completeExecutionUpdate, { args: [{ actor: executor, report: { text: 'сделано\u0000', attachments: [], metrics: {} } }] }));
    expect(bad.type).toBe('validation');
    expect(bad.message).toContain('report.text');
    expect(bad.ms).toBeLessThan(15_000);
    const ok = await handle.executeUpdate(completeExecutionUpdate, { args: [{ actor: executor, report: { text: 'сделано', attachments: [], metrics: {} } }] });
    expect(ok.status).toBe('submitted');
    expect(await h.sql`select 1 from events where subject = ${execution.id} and type = 'execution.completed'`).toHaveLength(1);

    // A road map in its approval cycle: a return comment with a NUL is refused, the road map stays as it was.
    const coordinator = await h.login('coordinator');
    const draft = await h.call('POST', '/api/roadmaps', { token: coordinator, body: demoDocument() });
    expect((await h.call('POST', `/api/roadmaps/${draft.body.roadMapId}/submit`, { token: coordinator })).status).toBe(200);
    const roadmap = h.env.client.workflow.getHandle(`roadmap:${draft.body.roadMapId}`);
    const director = await actor('director');
    const refused = await failure(() => roadmap.executeUpdate(returnRoadMapUpdate, { args: [{ actor: director, comment: 'доработать\u0000' }] }));
    expect(refused.type).toBe('validation');
    expect((await h.call('POST', `/api/roadmaps/${draft.body.roadMapId}/approve`, { token: await h.login('director') })).status).toBe(200);
  });

  it('on a weekly period: the poisoned report fails quickly, the others go through and the consolidated report is compiled at the cut-off', async () => {
    const { periodId, mos } = await monitoredRoadMap(h, fastWeek({ dueAfter: 'PT25S', cutoffAfter: 'PT50S' }));
    // The period's row is written before its workflow is started: stopping the worker in between would leave
    // no workflow to send the reports to.
    const period = h.env.client.workflow.getHandle(reportingPeriodWorkflowId(periodId));
    await eventually(() => period.describe().then(() => true, () => false), (exists) => exists, 30_000);
    // Defence in depth behind the validator: this worker turns one report's event into one PostgreSQL refuses,
    // as if some data had slipped past every check.
    await h.stopWorker();
    const real = createActivities({ sql: h.sql, client: h.env.client, taskQueue: h.taskQueue, executionTaskQueue: executionTaskQueue(h.taskQueue), mailer: null });
    const worker = await Worker.create({
      connection: h.env.nativeConnection, namespace: h.namespace, taskQueue: h.taskQueue, workflowBundle: await workflowBundle(),
      activities: {
        ...real,
        recordEvents: (events: DomainEvent[]) =>
          real.recordEvents(events.map((e) => ((e.payload as any).report?.comment === 'POISON' ? { ...e, payload: { ...e.payload, slipped: 'x\u0000' } } : e))),
      },
    });
    const running = worker.run();
    try {
      const handle = h.env.client.workflow.getHandle(reportingPeriodWorkflowId(periodId));
      const executor = await actor('executor');
      const nul = { lines: [{ itemId: 'order', moId: null, status: 'in_progress', percent: 10, done: 'a\u0000b', problems: '' }], smoForm: [], comment: '' } as const;
      const byValidator = await failure(() => handle.executeUpdate(submitWeeklyReportUpdate, { args: [{ actor: executor, reporterId: 'executor', report: nul as any }] }));
      expect(byValidator.type).toBe('validation');
      expect(byValidator.message).toContain('report.lines.0.done');
      const slipped = { ...executorReport, smoForm: [], comment: 'POISON' };
      const byStore = await failure(() => handle.executeUpdate(submitWeeklyReportUpdate, { args: [{ actor: executor, reporterId: 'executor', report: slipped as any }] }));
      expect(byStore.type).toBe('validation');
      expect(byStore.message).toMatch(/не могут быть сохранены.*22P05/);
      expect(byStore.ms).toBeLessThan(15_000);
      // The refused report left no trace in the period's state: the next report is revision 1, on time.
      expect((await handle.query(reportingPeriodStateQuery)).progress.executor.revision).toBe(0);

      const [smo, exec] = await Promise.all([h.login('smo'), h.login('executor')]);
      expect((await h.call('POST', `/api/monitoring/periods/${periodId}/reports`, { token: smo, body: smoReport(mos) })).status).toBe(200);
      const good = await h.call('POST', `/api/monitoring/periods/${periodId}/reports`, { token: exec, body: executorReport });
      expect(good.status).toBe(200);
      expect(good.body).toMatchObject({ revision: 1, late: false });
      // smo2 never reports: the period still closes and compiles at the cut-off.
      const coordinator = await h.login('coordinator');
      const compiled = await eventually(() => h.call('GET', `/api/monitoring/periods/${periodId}/consolidated`, { token: coordinator }), (r) => r.status === 200, 90_000);
      expect(compiled.body.report.reason).toBe('cutoff');
      expect(compiled.body.report.totals).toMatchObject({ reporters: 3, onTime: 2, missing: 1 });
      expect(await periodEvents(h, periodId, 'monitoring.report_submitted')).toHaveLength(2);
    } finally {
      worker.shutdown();
      await running;
      await h.startWorker();
    }
  });
});
