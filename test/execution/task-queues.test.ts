import { Worker } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createActivities } from '../../activities/index.js';
import { executionTaskQueue, workflowBundle } from '../../worker/create-worker.js';
import { executionStateQuery } from '../../workflows/messages.js';
import { smallDocument } from '../support/fixtures.js';
import { eventually, startHarness, type Harness } from '../support/harness.js';
import { approvedRoadMap } from '../support/roadmaps.js';

/**
 * Item executions have a task queue of their own: with nobody serving it (as
 * when 60,000 first tasks of an approval are queued there), road maps are still
 * drafted, submitted and approved; the executions run once it is served again.
 */
describe('task queues', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h?.close();
  });

  it('road maps are served while the executions queue is not; the executions then run', async () => {
    await h.stopWorker();
    // Only the main queue is polled: the executions' first tasks wait, as behind a backlog.
    const mainOnly = await Worker.create({
      connection: h.env.nativeConnection,
      namespace: h.namespace,
      taskQueue: h.taskQueue,
      workflowBundle: await workflowBundle(),
      activities: createActivities({ sql: h.sql, client: h.env.client, taskQueue: h.taskQueue, executionTaskQueue: executionTaskQueue(h.taskQueue), mailer: null }),
    });
    const running = mainOnly.run();
    let executionIds: string[];
    try {
      const doc = smallDocument();
      const { id, executions } = await approvedRoadMap(h, doc, 3);
      executionIds = executions.map((e) => e.id);
      const roadMap = await h.call('GET', `/api/roadmaps/${id}`, { token: await h.login('coordinator') });
      expect(roadMap.body.status).toBe('approved');
      // The starts went to the executions' queue, where no worker has taken them.
      const [first] = await h.sql<{ workflow_id: string }[]>`select workflow_id from item_executions where id = ${executionIds[0]}`;
      const described = await h.env.client.workflow.getHandle(first.workflow_id).describe();
      expect(described.taskQueue).toBe(executionTaskQueue(h.taskQueue));
      expect(described.raw.pendingWorkflowTask).toBeTruthy();
      expect(described.historyLength).toBeLessThanOrEqual(3);
    } finally {
      mainOnly.shutdown();
      await running;
    }
    await h.startWorker();
    const [row] = await h.sql<{ workflow_id: string }[]>`select workflow_id from item_executions where id = ${executionIds[0]}`;
    const state = await eventually(
      () => h.env.client.workflow.getHandle(row.workflow_id).query(executionStateQuery).catch(() => null),
      (s) => s !== null && s.status === 'assigned',
      60_000,
    );
    expect(state!.plan.executionId).toBe(executionIds[0]);
    const done = await h.call('POST', `/api/executions/${executionIds[0]}/complete`, { token: await h.login('executor'), body: { text: 'Готово' } });
    expect(done.status, JSON.stringify(done.body)).toBe(200);
  });
});
