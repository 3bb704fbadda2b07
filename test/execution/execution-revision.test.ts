import { readFileSync } from 'node:fs';
import { temporal } from '@temporalio/proto';
import { Worker } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { executionWorkflowId } from '../../domain/execution.js';
import { workflowBundle } from '../../worker/create-worker.js';
import { fastDocument } from '../support/fixtures.js';
import { eventually, startHarness, type Harness } from '../support/harness.js';
import { approvedRoadMap, rungEvents } from '../support/roadmaps.js';

/**
 * EXECUTION_REVISION (domain/execution-revision.ts): an execution started today fires its rungs as local
 * activities and records no patch marker; one started before keeps replaying as it was recorded.
 */
const EventType = temporal.api.enums.v1.EventType;

/** One execution through a rung, a completion and an acceptance: its workflow's whole history. */
export async function walkOneExecution(h: Harness) {
  const doc = fastDocument({ deadlineInMs: 4000, rungs: [{ id: 'overdue', kind: 'escalation', offset: 'PT0S', notify: ['executor', 'controller'] }] });
  const { executions } = await approvedRoadMap(h, doc, 1);
  const [e] = executions;
  await eventually(() => rungEvents(h, e.id), (r) => r.length === 1, 30_000);
  const done = await h.call('POST', `/api/executions/${e.id}/complete`, { token: await h.login('executor'), body: { text: 'Сделано' } });
  expect(done.status, JSON.stringify(done.body)).toBe(200);
  const accepted = await h.call('POST', `/api/executions/${e.id}/accept`, { token: await h.login('controller') });
  expect(accepted.status, JSON.stringify(accepted.body)).toBe(200);
  const handle = h.env.client.workflow.getHandle(executionWorkflowId(e.id));
  expect(await handle.result()).toBe('accepted');
  return { workflowId: handle.workflowId, history: await handle.fetchHistory() };
}

const activityTypes = (history: temporal.api.history.v1.IHistory) =>
  (history.events ?? []).flatMap((ev) => (ev.eventType === EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED ? [ev.activityTaskScheduledEventAttributes!.activityType!.name!] : []));
const markerNames = (history: temporal.api.history.v1.IHistory) =>
  (history.events ?? []).flatMap((ev) => (ev.eventType === EventType.EVENT_TYPE_MARKER_RECORDED ? [ev.markerRecordedEventAttributes!.markerName!] : []));
const count = (history: temporal.api.history.v1.IHistory, type: temporal.api.enums.v1.EventType) => (history.events ?? []).filter((ev) => ev.eventType === type).length;

describe('the item execution workflow across revisions', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  }, 120_000);
  afterAll(() => h?.close());

  it('a history recorded before revision 2 (the rung an activity of its own, the patch marker at the first command) replays unchanged', async () => {
    // Recorded at 17a464d by walkOneExecution.
    const json = JSON.parse(readFileSync(new URL('./fixtures/execution-history-revision-1.json', import.meta.url), 'utf8'));
    const history = temporal.api.history.v1.History.fromObject(json);
    expect(activityTypes(history)).toContain('fireRung');
    expect(markerNames(history)).toContain('core_patch');
    const workflowId = history.events![0].workflowExecutionStartedEventAttributes!.workflowId ?? 'execution:recorded';
    await Worker.runReplayHistory({ workflowBundle: await workflowBundle() }, history, workflowId);
  });

  it('an execution started today: the rung runs in its timer\'s workflow task, no patch marker or search-attribute upsert; it replays', async () => {
    const { workflowId, history } = await walkOneExecution(h);
    expect(activityTypes(history)).toEqual([]);
    expect(markerNames(history)).not.toContain('core_patch');
    expect(count(history, EventType.EVENT_TYPE_UPSERT_WORKFLOW_SEARCH_ATTRIBUTES)).toBe(0);
    // The rung and the two commands' events, each recorded by a local activity (a marker, no task of its own).
    expect(markerNames(history).filter((m) => m === 'core_local_activity')).toHaveLength(3);
    await Worker.runReplayHistory({ workflowBundle: await workflowBundle() }, history, workflowId);
  });
});
