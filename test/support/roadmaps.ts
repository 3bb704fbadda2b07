import { expect } from 'vitest';
import type { RoadMapDocumentInput } from '../../domain/roadmap.js';
import { eventually, type Harness } from './harness.js';

/** Drafts, submits and approves through the API, then waits for the executions to be in the read model. */
export async function approvedRoadMap(h: Harness, doc: RoadMapDocumentInput, expected: number) {
  const coordinator = await h.login('coordinator');
  const created = await h.call('POST', '/api/roadmaps', { token: coordinator, body: doc });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  const id = created.body.roadMapId as string;
  expect((await h.call('POST', `/api/roadmaps/${id}/submit`, { token: coordinator })).status).toBe(200);
  expect((await h.call('POST', `/api/roadmaps/${id}/approve`, { token: await h.login('director') })).status).toBe(200);
  const items = await eventually(
    () => h.call('GET', `/api/roadmaps/${id}/items?limit=1000`, { token: coordinator }),
    (r) => r.body.total === expected,
  );
  return { id, executions: items.body.items as { id: string; itemId: string; moId: string | null; deadlineAt: string }[] };
}

export async function rungEvents(h: Harness, executionId: string) {
  return h.sql<{ id: string; payload: { rung: { id: string }; recipients: { personId: string; actingForId: string | null }[]; lagMs: number } }[]>`
    select id, payload from events where subject = ${executionId} and type = 'execution.rung_fired' order by seq`;
}

export async function notificationsOf(h: Harness, executionId: string) {
  return h.sql<{ id: string; person_id: string; acting_for_id: string | null; kind: string; subject: string; body: string }[]>`
    select id, person_id, acting_for_id, kind, subject, body from notifications where execution_id = ${executionId} order by created_at, id`;
}
