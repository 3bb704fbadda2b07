import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, startHarness, type Harness } from '../support/harness.js';
import { fastDocument } from '../support/fixtures.js';
import { approvedRoadMap, notificationsOf, rungEvents } from '../support/roadmaps.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  if (h) await h.sql`delete from substitutions`;
  await h?.close();
});

const inSeconds = (s: number) => new Date(Date.now() + s * 1000).toISOString();

describe('acting officials (исполняющий обязанности)', () => {
  it('an escalation to the controller reaches their substitute, who then acts for them; every action records "acting for"', async () => {
    const director = await h.login('director');
    const sub = await h.call('POST', '/api/substitutions', {
      token: director,
      body: { personId: 'controller', substituteId: 'quality', startsAt: inSeconds(-1), endsAt: inSeconds(60), reason: 'Отпуск, приказ № 15-к' },
    });
    expect(sub.status, JSON.stringify(sub.body)).toBe(201);

    const { executions } = await approvedRoadMap(h, fastDocument({ deadlineInMs: 3000, rungs: [{ id: 'overdue', kind: 'escalation', offset: 'PT0S', notify: ['executor', 'controller'] }] }), 1);
    const [e] = executions;
    const [fired] = await eventually(() => rungEvents(h, e.id), (r) => r.length === 1, 20_000);
    expect(fired.payload.recipients).toEqual([
      { personId: 'executor', actingForId: null },
      { personId: 'quality', actingForId: 'controller' },
    ]);
    const notes = await notificationsOf(h, e.id);
    expect(notes.map((n) => `${n.person_id}/${n.acting_for_id}`).sort()).toEqual(['executor/null', 'quality/controller']);
    expect(notes.find((n) => n.person_id === 'quality')!.body).toMatch(/исполняющий обязанности/);

    // The executor reports; the substitute sees the acceptance among their tasks and accepts for the controller.
    const executor = await h.login('executor');
    expect((await h.call('POST', `/api/executions/${e.id}/complete`, { token: executor, body: { text: 'Готово' } })).status).toBe(200);
    const quality = await h.login('quality');
    const tasks = await h.call('GET', `/api/tasks?kind=accept&roadmap=${encodeURIComponent(e.id.split('.')[0])}`, { token: quality });
    expect(tasks.body.tasks.map((t: { executionId: string; actingForId: string }) => [t.executionId, t.actingForId])).toEqual([[e.id, 'controller']]);
    expect((await h.call('GET', `/api/tasks?status=submitted&roadmap=${encodeURIComponent(e.id.split('.')[0])}`, { token: quality })).body.total).toBe(1);
    expect((await h.call('GET', `/api/tasks?status=assigned&roadmap=${encodeURIComponent(e.id.split('.')[0])}`, { token: quality })).body.total).toBe(0);
    expect((await h.call('GET', '/api/tasks?status=lost', { token: quality })).status).toBe(400);
    const accepted = await h.call('POST', `/api/executions/${e.id}/accept`, { token: quality });
    expect(accepted.status, JSON.stringify(accepted.body)).toBe(200);
    const [ev] = await h.sql`select actor_id, acting_for_id from events where subject = ${e.id} and type = 'execution.accepted'`;
    expect(ev).toEqual({ actor_id: 'quality', acting_for_id: 'controller' });
    await h.sql`delete from substitutions where id = ${sub.body.id}`;
  });

  it('four eyes: whoever reported the work (even acting for the executor) cannot accept it', async () => {
    const director = await h.login('director');
    const sub = await h.call('POST', '/api/substitutions', {
      token: director,
      body: { personId: 'executor', substituteId: 'controller', startsAt: inSeconds(-1), endsAt: inSeconds(60), reason: 'Командировка' },
    });
    expect(sub.status).toBe(201);
    const { executions } = await approvedRoadMap(h, fastDocument({ deadlineInMs: 60_000 }), 1);
    const [e] = executions;
    const controller = await h.login('controller');
    const done = await h.call('POST', `/api/executions/${e.id}/complete`, { token: controller, body: { text: 'Сделал за исполнителя' } });
    expect(done.status, JSON.stringify(done.body)).toBe(200);
    const refused = await h.call('POST', `/api/executions/${e.id}/accept`, { token: controller });
    expect(refused.status).toBe(403);
    expect(refused.body.error.message).toMatch(/четырёх глаз/);
    expect((await h.call('GET', `/api/executions/${e.id}`, { token: controller })).body.status).toBe('submitted');
    await h.sql`delete from substitutions where id = ${sub.body.id}`;
  });

  it('substitutions are refused for people of another organisation, by outsiders, and with a period that ends before it starts', async () => {
    const director = await h.login('director');
    const cases: [string, object, number, string?][] = [
      ['director', { personId: 'controller', substituteId: 'smo', startsAt: inSeconds(0), endsAt: inSeconds(60), reason: 'x' }, 400, 'substituteId'],
      ['smo', { personId: 'controller', substituteId: 'quality', startsAt: inSeconds(0), endsAt: inSeconds(60), reason: 'x' }, 403],
      ['director', { personId: 'controller', substituteId: 'quality', startsAt: inSeconds(60), endsAt: inSeconds(0), reason: 'x' }, 400, 'endsAt'],
      ['director', { personId: 'nobody', substituteId: 'quality', startsAt: inSeconds(0), endsAt: inSeconds(60), reason: 'x' }, 400, 'personId'],
    ];
    for (const [who, body, status, field] of cases) {
      const res = await h.call('POST', '/api/substitutions', { token: who === 'director' ? director : await h.login(who), body });
      expect(res.status, JSON.stringify(res.body)).toBe(status);
      if (field) expect(res.body.error.details.map((d: { field: string }) => d.field)).toContain(field);
    }
  });
});

describe('bulk transfer of open work', () => {
  it('lists with a dry run, then moves every open execution in one idempotent command', async () => {
    // A person of our own, so the transfer moves exactly this test's work (other files' workers are gone).
    const leaving = `leaving-${Date.now()}`;
    await h.sql`insert into people (id, login, full_name, organisation_id, position, position_title, password_hash)
                select ${leaving}, ${leaving}, 'Уходящий Начальник Управления', organisation_id, 'head_of_directorate', 'начальник управления', password_hash
                from people where id = 'executor'`;
    const doc = fastDocument({ deadlineInMs: 3_600_000, items: 2, moCount: 2 });
    doc.directions[0].items[0].executorId = leaving;
    doc.directions[0].items[1].executorId = 'finance';
    doc.directions[0].items[1].controllerId = leaving;
    const { id, executions } = await approvedRoadMap(h, doc, 4);
    const director = await h.login('director');

    const dry = await h.call('POST', `/api/people/${leaving}/transfer`, { token: director, body: { toPersonId: 'it', reason: 'Увольнение', dryRun: true } });
    expect(dry.status, JSON.stringify(dry.body)).toBe(200);
    const ours = (list: { executionId: string; roles: string[] }[]) => list.filter((m) => m.executionId.startsWith(id)).map((m) => `${m.executionId.slice(id.length + 1)}:${m.roles}`).sort();
    expect(ours(dry.body.moved)).toEqual(
      executions.map((e) => `${e.itemId}.${e.moId}:${e.itemId === 'fast-1' ? 'executor' : 'controller'}`).sort(),
    );
    expect(dry.body.moved).toHaveLength(4);
    const [{ n: unchanged }] = await h.sql<{ n: number }[]>`select count(*)::int as n from item_executions where roadmap_id = ${id} and (executor_id = ${leaving} or controller_id = ${leaving})`;
    expect(unchanged).toBe(4);

    const headers = { 'Idempotency-Key': `transfer-${id}` };
    const done = await h.call('POST', `/api/people/${leaving}/transfer`, { token: director, body: { toPersonId: 'it', reason: 'Увольнение' }, headers });
    expect(done.status, JSON.stringify(done.body)).toBe(200);
    expect(ours(done.body.moved)).toEqual(ours(dry.body.moved));
    const again = await h.call('POST', `/api/people/${leaving}/transfer`, { token: director, body: { toPersonId: 'it', reason: 'Увольнение' }, headers });
    expect(again.body).toEqual(done.body);

    const rows = await h.sql`select item_id, executor_id, controller_id from item_executions where roadmap_id = ${id} order by id`;
    for (const r of rows) expect([r.executor_id, r.controller_id]).toEqual(r.item_id === 'fast-1' ? ['it', 'controller'] : ['finance', 'it']);
    const [{ n: events }] = await h.sql<{ n: number }[]>`select count(*)::int as n from events where roadmap_id = ${id} and type = 'execution.reassigned'`;
    expect(events).toBe(4);

    const fast1 = executions.find((e) => e.itemId === 'fast-1')!;
    expect((await h.call('POST', `/api/executions/${fast1.id}/complete`, { token: await h.login(leaving), body: { text: 'x' } })).status).toBe(403);
    expect((await h.call('POST', `/api/executions/${fast1.id}/complete`, { token: await h.login('it'), body: { text: 'Принял дела и сделал' } })).status).toBe(200);
    const inbox = await h.call('GET', '/api/notifications', { token: await h.login('it') });
    expect(inbox.body.notifications.filter((n: { kind: string; roadMapId: string }) => n.kind === 'reassigned' && n.roadMapId === id)).toHaveLength(4);
  });

  it('refuses a transfer to someone below head of directorate, and one by a person without the right', async () => {
    const low = await h.call('POST', '/api/people/controller/transfer', { token: await h.login('director'), body: { toPersonId: 'specialist', reason: 'x' } });
    expect(low.status).toBe(400);
    expect(low.body.error.details[0].field).toBe('toPersonId');
    const outsider = await h.call('POST', '/api/people/controller/transfer', { token: await h.login('coordinator'), body: { toPersonId: 'it', reason: 'x', dryRun: true } });
    expect(outsider.status).toBe(403);
  });
});
