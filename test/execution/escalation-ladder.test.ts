import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, startHarness, type Harness } from '../support/harness.js';
import { fastDocument } from '../support/fixtures.js';
import { approvedRoadMap, notificationsOf, rungEvents } from '../support/roadmaps.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h?.close());

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('reminders and the escalation ladder (policy in seconds, real server)', () => {
  it('reminds before the deadline, then climbs executor+controller → director, each rung exactly once', async () => {
    const { executions } = await approvedRoadMap(h, fastDocument({ deadlineInMs: 6000 }), 1);
    const [e] = executions;
    const deadline = Date.parse(e.deadlineAt);

    const fired = await eventually(() => rungEvents(h, e.id), (r) => r.length === 3, 30_000);
    expect(fired.map((r) => r.payload.rung.id)).toEqual(['remind', 'overdue', 'director']);
    expect(fired.map((r) => r.payload.recipients.map((x) => x.personId))).toEqual([['executor'], ['executor', 'controller'], ['director']]);
    // Timers, not polling: each rung is recorded after it was due (how soon after is for `npm run bench`).
    for (const r of fired) expect(r.payload.lagMs).toBeGreaterThanOrEqual(0);

    const [{ n: overdueAt }] = await h.sql<{ n: Date }[]>`select occurred_at as n from events where id = ${fired[1].id}`;
    expect(overdueAt.getTime()).toBeGreaterThanOrEqual(deadline);

    const inbox = await h.call('GET', '/api/notifications?unread=true', { token: await h.login('director') });
    const mine = inbox.body.notifications.filter((n: { executionId: string }) => n.executionId === e.id);
    expect(mine).toHaveLength(1);
    expect(mine[0].subject).toBe('Просрочено: Срочное мероприятие 1 (' + (await moName(e.moId!)) + ')');
    expect(mine[0].body).toMatch(/Срок: \d{2}\.\d{2}\.\d{4} \d{2}:\d{2} \(местное время региона\)/);

    // Nothing more fires afterwards.
    await sleep(4000);
    expect(await rungEvents(h, e.id)).toHaveLength(3);
    expect((await notificationsOf(h, e.id)).map((n) => `${n.kind}:${n.person_id}`)).toEqual([
      'reminder:executor',
      'escalation:controller',
      'escalation:executor',
      'escalation:director',
    ].sort((a, b) => (a.startsWith('reminder') ? -1 : b.startsWith('reminder') ? 1 : 0)));
  });

  it('never fires after the item is done, and waits while the report awaits acceptance', async () => {
    const { executions } = await approvedRoadMap(h, fastDocument({ deadlineInMs: 5000 }), 1);
    const [e] = executions;
    const executor = await h.login('executor');
    const controller = await h.login('controller');
    const done = await h.call('POST', `/api/executions/${e.id}/complete`, { token: executor, body: { text: 'Распоряжение подписано', resultDocument: { number: '12-р', date: '2026-11-20', title: 'Распоряжение' } } });
    expect(done.status, JSON.stringify(done.body)).toBe(200);
    expect(done.body.status).toBe('submitted');
    await sleep(6000); // past the deadline while waiting for acceptance
    // Reported before the reminder was due: neither the reminder nor the overdue rungs fired.
    expect(await rungEvents(h, e.id)).toEqual([]);

    // Returned for rework after the deadline: the overdue rungs fire now (the stale reminder does not repeat).
    const back = await h.call('POST', `/api/executions/${e.id}/return`, { token: controller, body: { comment: 'Приложите скан' } });
    expect(back.body.status).toBe('in_progress');
    const after = await eventually(() => rungEvents(h, e.id), (r) => r.length >= 2, 15_000);
    expect(after.map((r) => r.payload.rung.id).slice(0, 2)).toEqual(['overdue', 'director']);
    expect((await h.call('GET', `/api/executions/${e.id}`, { token: executor })).body.overdue).toBe(true);
    await h.call('POST', `/api/executions/${e.id}/complete`, { token: executor, body: { text: 'Скан приложен', attachments: [{ name: 'scan.pdf', size: 1024, sha256: 'a'.repeat(64) }] } });
    const accepted = await h.call('POST', `/api/executions/${e.id}/accept`, { token: controller });
    expect(accepted.body.status).toBe('accepted');
    const count = (await rungEvents(h, e.id)).length;
    await sleep(5000);
    expect(await rungEvents(h, e.id)).toHaveLength(count);
    expect((await h.env.client.workflow.getHandle(`item-execution:${e.id}`).describe()).status.name).toBe('COMPLETED');
    // A command on a finished execution is a conflict with a reason.
    const late = await h.call('POST', `/api/executions/${e.id}/accept`, { token: controller });
    expect(late.status).toBe(409);
  });

  it('an extension re-arms the ladder: the new deadline gets its rungs, the fired ones stay in the history', async () => {
    const { executions } = await approvedRoadMap(h, fastDocument({ deadlineInMs: 4000 }), 1);
    const [e] = executions;
    const executor = await h.login('executor');
    const controller = await h.login('controller');
    await eventually(() => rungEvents(h, e.id), (r) => r.some((x) => x.payload.rung.id === 'overdue'), 15_000);

    const newDeadline = new Date(Date.now() + 8000).toISOString();
    const asked = await h.call('POST', `/api/executions/${e.id}/extension-requests`, { token: executor, body: { newDeadline: { dateTime: newDeadline }, reason: 'Ждём подписи МО' } });
    expect(asked.status, JSON.stringify(asked.body)).toBe(201);
    const requestId = asked.body.requestId;
    const tasks = await h.call('GET', '/api/tasks?kind=decide_extension', { token: controller });
    expect(tasks.body.tasks.map((t: { requestId: string }) => t.requestId)).toContain(requestId);

    const again = await h.call('POST', `/api/executions/${e.id}/extension-requests`, { token: executor, body: { newDeadline: { dateTime: newDeadline }, reason: 'ещё раз' } });
    expect(again.status).toBe(409);
    expect((await h.call('POST', `/api/extension-requests/${requestId}/decision`, { token: executor, body: { granted: true } })).status).toBe(403);
    expect((await h.call('POST', `/api/extension-requests/${requestId}/decision`, { token: controller, body: { granted: false } })).status).toBe(400);

    const granted = await h.call('POST', `/api/extension-requests/${requestId}/decision`, { token: controller, body: { granted: true, comment: 'Согласовано' } });
    expect(granted.status, JSON.stringify(granted.body)).toBe(200);
    expect(granted.body.deadlineAt).toBe(newDeadline);
    const view = (await h.call('GET', `/api/executions/${e.id}`, { token: executor })).body;
    expect(view.deadlineAt).toBe(newDeadline);
    expect(view.originalDeadlineAt).toBe(e.deadlineAt);

    const fired = await eventually(() => rungEvents(h, e.id), (r) => r.filter((x) => x.id.includes(newDeadline)).length === 3, 30_000);
    const oldOnes = fired.filter((x) => x.id.includes(e.deadlineAt)).map((x) => x.payload.rung.id);
    const newOnes = fired.filter((x) => x.id.includes(newDeadline)).map((x) => x.payload.rung.id);
    expect(oldOnes.slice(0, 2)).toEqual(['remind', 'overdue']);
    expect(newOnes).toEqual(['remind', 'overdue', 'director']);
    expect((await h.call('POST', `/api/extension-requests/${requestId}/decision`, { token: controller, body: { granted: true } })).status).toBe(409);
  });
});

async function moName(id: string) {
  const [row] = await h.sql<{ name: string }[]>`select name from organisations where id = ${id}`;
  return row.name;
}
