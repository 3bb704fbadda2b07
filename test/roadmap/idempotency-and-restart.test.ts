import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, eventually, type Harness } from '../support/harness.js';
import { demoDocument, smallDocument } from '../support/fixtures.js';

let h: Harness;
beforeAll(async () => {
  // Small launch batches so that a launch has many steps to be cut in the middle of.
  h = await startHarness({ launchBatchSize: 10 });
});
afterAll(() => h?.close());

describe('idempotent commands', () => {
  it('a create retried with the same Idempotency-Key creates one road map and answers the same', async () => {
    const token = await h.login('coordinator');
    const headers = { 'Idempotency-Key': `create-${Date.now()}` };
    const first = await h.call('POST', '/api/roadmaps', { token, body: smallDocument(), headers });
    const second = await h.call('POST', '/api/roadmaps', { token, body: smallDocument(), headers });
    expect(first.status).toBe(201);
    expect(second.status).toBe(201);
    expect(second.body).toEqual(first.body);
    expect(second.headers.get('idempotent-replayed')).toBe('true');
    const [{ count }] = await h.sql<{ count: number }[]>`select count(*)::int as count from events where roadmap_id = ${first.body.roadMapId}`;
    expect(count).toBe(1);

    const other = smallDocument();
    other.title = 'Другая';
    const reused = await h.call('POST', '/api/roadmaps', { token, body: other, headers });
    expect(reused.status).toBe(409);
    expect(reused.body.error.details[0].field).toBe('Idempotency-Key');
  });

  it('an approval retried with the same key is answered once and recorded once, even when the stored answer is lost', async () => {
    const coordinator = await h.login('coordinator');
    const director = await h.login('director');
    const id = (await h.call('POST', '/api/roadmaps', { token: coordinator, body: smallDocument() })).body.roadMapId;
    await h.call('POST', `/api/roadmaps/${id}/submit`, { token: coordinator });
    const headers = { 'Idempotency-Key': `approve-${id}` };
    const first = await h.call('POST', `/api/roadmaps/${id}/approve`, { token: director, headers });
    expect(first.status).toBe(200);
    // As if the API died after Temporal took the update but before it stored the answer:
    await h.sql`delete from command_results where person_id = 'director' and idempotency_key = ${headers['Idempotency-Key']}`;
    const retry = await h.call('POST', `/api/roadmaps/${id}/approve`, { token: director, headers });
    expect(retry.status).toBe(200);
    expect(retry.body).toEqual(first.body);
    const again = await h.call('POST', `/api/roadmaps/${id}/approve`, { token: director, headers });
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    const [{ count }] = await h.sql<{ count: number }[]>`select count(*)::int as count from events where roadmap_id = ${id} and type = 'roadmap.approved'`;
    expect(count).toBe(1);
    // Without the key, a second approval is a conflict, not a second approval.
    expect((await h.call('POST', `/api/roadmaps/${id}/approve`, { token: director })).status).toBe(409);
  });
});

describe('worker restart in the middle of the approval fan-out', () => {
  it('finishes with every item execution started exactly once', async () => {
    const coordinator = await h.login('coordinator');
    const director = await h.login('director');
    const id = (await h.call('POST', '/api/roadmaps', { token: coordinator, body: demoDocument() })).body.roadMapId;
    await h.call('POST', `/api/roadmaps/${id}/submit`, { token: coordinator });
    const approved = await h.call('POST', `/api/roadmaps/${id}/approve`, { token: director });
    expect(approved.status).toBe(200);
    const [{ payload }] = await h.sql`select payload from events where roadmap_id = ${id} and type = 'roadmap.approved'`;
    const total = payload.executions as number;
    expect(total).toBeGreaterThan(100);

    const count = async () => (await h.sql<{ n: number }[]>`select count(*)::int as n from item_executions where roadmap_id = ${id}`)[0].n;
    await eventually(count, (n) => n > 0, 60_000);
    await h.stopWorker();
    const atStop = await count();
    expect(atStop).toBeLessThan(total);
    await new Promise((r) => setTimeout(r, 1000));
    await h.startWorker();

    await eventually(count, (n) => n === total, 120_000);
    const dupes = await h.sql`select subject, count(*) from events where roadmap_id = ${id} and type = 'execution.started' group by subject having count(*) > 1`;
    expect(dupes).toHaveLength(0);
    const [{ n: startedEvents }] = await h.sql<{ n: number }[]>`select count(*)::int as n from events where roadmap_id = ${id} and type = 'execution.started'`;
    expect(startedEvents).toBe(total);

    // Temporal agrees: one run per execution, all running (rows are written before the starts, so wait for those).
    const listRuns = async () => {
      const runs: { id: string; status: string }[] = [];
      for await (const wf of h.env.client.workflow.list({ query: `WorkflowId STARTS_WITH "item-execution:${id}."` })) {
        runs.push({ id: wf.workflowId, status: wf.status.name });
      }
      return runs;
    };
    const runs = await eventually(listRuns, (r) => r.length >= total, 120_000);
    expect(runs).toHaveLength(total);
    expect(new Set(runs.map((r) => r.id)).size).toBe(total);
    expect(runs.every((r) => r.status === 'RUNNING')).toBe(true);
  });
});
