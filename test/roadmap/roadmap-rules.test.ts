import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../support/harness.js';
import { smallDocument } from '../support/fixtures.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h?.close());

type Doc = ReturnType<typeof smallDocument>;
const item = (d: Doc, i = 1) => d.directions[0].items[i];

/** Each rule of seed 000: a 400 that names the field, and no road map created. */
const cases: { rule: string; mutate: (d: Doc) => void; field: string; message: RegExp }[] = [
  { rule: 'executor at least head of directorate', mutate: (d) => (item(d).executorId = 'specialist'), field: 'directions.0.items.1.executorId', message: /не ниже начальника управления/ },
  { rule: 'controller at least head of directorate', mutate: (d) => (item(d).controllerId = 'coordinator'), field: 'directions.0.items.1.controllerId', message: /не ниже начальника управления/ },
  { rule: 'coordinator at least head of division', mutate: (d) => (d.coordinatorId = 'specialist'), field: 'coordinatorId', message: /не ниже начальника отдела/ },
  { rule: 'executor cannot control their own item', mutate: (d) => (item(d).controllerId = item(d).executorId), field: 'directions.0.items.1.controllerId', message: /собственное/ },
  { rule: 'deadline not before the start', mutate: (d) => (item(d).deadline = { date: '2017-02-28' }), field: 'directions.0.items.1.deadline', message: /раньше начала/ },
  {
    rule: 'financing pairs as allowed',
    mutate: (d) => (item(d).financing = [{ moId: d.participatingMoIds![0], expense: 'information_materials', source: 'oms_funds', amount: 10 }]),
    field: 'directions.0.items.1.financing.0.source',
    message: /не финансируется/,
  },
  { rule: 'МО must take part', mutate: (d) => ((item(d).scope as { moIds: string[] }).moIds = ['mo-57-55']), field: 'directions.0.items.1.scope.moIds.0', message: /не входит/ },
  { rule: 'people must exist', mutate: (d) => (item(d).executorId = 'nobody'), field: 'directions.0.items.1.executorId', message: /не найден/ },
  { rule: 'people of the region’s ТФОМС or СМО', mutate: (d) => (item(d).executorId = 'curator'), field: 'directions.0.items.1.executorId', message: /не работает/ },
  { rule: 'unique item ids', mutate: (d) => (item(d).id = 'order'), field: 'directions.0.items.1.id', message: /дважды/ },
];

describe('seed-000 rules on create, edit and amendment', () => {
  it.each(cases)('$rule', async ({ mutate, field, message }) => {
    const token = await h.login('coordinator');
    const [{ count: before }] = await h.sql<{ count: number }[]>`select count(*)::int as count from roadmaps`;
    const doc = smallDocument();
    mutate(doc);
    const res = await h.call('POST', '/api/roadmaps', { token, body: doc });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('validation');
    const issue = res.body.error.details.find((d: { field: string }) => d.field === field);
    expect(issue, JSON.stringify(res.body.error.details)).toBeDefined();
    expect(issue.message).toMatch(message);
    const [{ count: after }] = await h.sql<{ count: number }[]>`select count(*)::int as count from roadmaps`;
    expect(after).toBe(before);
  });

  it('an edit breaking a rule is refused and the stored draft stays as it was', async () => {
    const token = await h.login('coordinator');
    const created = await h.call('POST', '/api/roadmaps', { token, body: smallDocument() });
    const id = created.body.roadMapId;
    const bad = smallDocument();
    bad.coordinatorId = 'specialist';
    bad.title = 'Испорченная';
    const res = await h.call('PUT', `/api/roadmaps/${id}`, { token, body: bad });
    expect(res.status).toBe(400);
    expect(res.body.error.details.map((d: { field: string }) => d.field)).toContain('coordinatorId');
    const rm = await h.call('GET', `/api/roadmaps/${id}`, { token });
    expect(rm.body.versions[0].document.title).toBe('Тестовая дорожная карта');
    const trail = await h.call('GET', `/api/roadmaps/${id}/events`, { token });
    expect(trail.body.events.map((e: { type: string }) => e.type)).toEqual(['roadmap.drafted']);
  });

  it('the region of a road map cannot be changed by an edit', async () => {
    const token = await h.login('coordinator');
    const id = (await h.call('POST', '/api/roadmaps', { token, body: smallDocument() })).body.roadMapId;
    const moved = smallDocument();
    moved.regionCode = '63';
    const res = await h.call('PUT', `/api/roadmaps/${id}`, { token, body: moved });
    expect(res.status).toBe(400);
    expect(res.body.error.details[0].field).toBe('regionCode');
  });
});
