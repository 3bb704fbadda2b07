import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../support/harness.js';
import { region2Document, seedAccessFixtures } from '../support/access-fixtures.js';
import { executorReport, fastWeek, monitoredRoadMap, smo2Report, smoReport } from '../monitoring/monitoring-fixtures.js';

/**
 * The access rules a fund official expects, through the API, each on real
 * resources. Substitutions are made among region 46's people, so the demo
 * region's escalations in other test files are not rerouted meanwhile.
 */
let h: Harness;
beforeAll(async () => {
  h = await startHarness();
  await seedAccessFixtures(h.sql);
});
afterAll(async () => {
  if (h) await h.sql`delete from substitutions where person_id like 'r46-%'`;
  await h?.close();
});

const inSeconds = (s: number) => new Date(Date.now() + s * 1000).toISOString();

async function substitute(by: string, personId: string, substituteId: string) {
  const res = await h.call('POST', '/api/substitutions', {
    token: await h.login(by),
    body: { personId, substituteId, startsAt: inSeconds(-1), endsAt: inSeconds(120), reason: 'Отпуск, приказ № 7-к' },
  });
  return res;
}

/** Drafted and submitted by region 46's coordinator; approved by `approver` unless null. */
async function region46RoadMap(approver: string | null) {
  const c46 = await h.login('r46-coordinator');
  const created = await h.call('POST', '/api/roadmaps', { token: c46, body: region2Document() });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  const id = created.body.roadMapId as string;
  expect((await h.call('POST', `/api/roadmaps/${id}/submit`, { token: c46 })).status).toBe(200);
  if (approver) expect((await h.call('POST', `/api/roadmaps/${id}/approve`, { token: await h.login(approver) })).status).toBe(200);
  return id;
}

async function executionOf(roadMapId: string, as: string) {
  for (let i = 0; i < 100; i++) {
    const items = await h.call('GET', `/api/roadmaps/${roadMapId}/items`, { token: await h.login(as) });
    if (items.body.total === 1) return items.body.items[0].id as string;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error('execution not launched');
}

describe('acting officials', () => {
  it('an acting director (и.о. директора) approves and returns road maps in the director\'s absence, and the event records acting_for', async () => {
    const sub = await substitute('r46-director', 'r46-director', 'r46-controller');
    expect(sub.status, JSON.stringify(sub.body)).toBe(201);
    const approved = await region46RoadMap('r46-controller');
    const [ev] = await h.sql`select actor_id, acting_for_id from events where roadmap_id = ${approved} and type = 'roadmap.approved'`;
    expect(ev).toEqual({ actor_id: 'r46-controller', acting_for_id: 'r46-director' });

    const returned = await region46RoadMap(null);
    // The pages offer the acting director the director's work: «Мои задачи» and the buttons.
    const page = async (path: string) => (await fetch(h.baseUrl + path, { headers: { cookie: `rm_session=${await h.login('r46-controller')}` } })).text();
    expect(await page('/tasks')).toContain(`/roadmaps/${returned}`);
    expect(await page(`/roadmaps/${returned}`)).toContain('Утвердить');
    const back = await h.call('POST', `/api/roadmaps/${returned}/return`, { token: await h.login('r46-controller'), body: { comment: 'Уточнить сроки' } });
    expect(back.status, JSON.stringify(back.body)).toBe(200);
    const [ret] = await h.sql`select actor_id, acting_for_id from events where roadmap_id = ${returned} and type = 'roadmap.returned'`;
    expect(ret).toEqual({ actor_id: 'r46-controller', acting_for_id: 'r46-director' });
    // Without a substitution the deputy is refused (403); the other region's director is told
    // the road map does not exist (404, as for a missing one: no existence oracle).
    await h.sql`delete from substitutions where id = ${sub.body.id}`;
    const again = await region46RoadMap(null);
    expect((await h.call('POST', `/api/roadmaps/${again}/approve`, { token: await h.login('r46-controller') })).status).toBe(403);
    expect((await h.call('POST', `/api/roadmaps/${again}/approve`, { token: await h.login('director') })).status).toBe(404);
  });

  it('a specialist cannot be named acting executor, and one named before the rule still cannot complete the item', async () => {
    const named = await substitute('r46-executor', 'r46-executor', 'r46-specialist');
    expect(named.status).toBe(400);
    expect(named.body.error.details[0].field).toBe('substituteId');
    const rm = await region46RoadMap('r46-director');
    const e = await executionOf(rm, 'r46-executor');
    // Defence in depth: a substitution row that bypassed the API is still refused by the workflow's rule.
    await h.sql`insert into substitutions (id, person_id, substitute_id, starts_at, ends_at, reason, created_by)
                values ('sub-legacy-specialist', 'r46-executor', 'r46-specialist', now() - interval '1 minute', now() + interval '2 minutes', 'legacy', 'r46-executor')`;
    const done = await h.call('POST', `/api/executions/${e}/complete`, { token: await h.login('r46-specialist'), body: { text: 'Сделано' } });
    expect(done.status).toBe(403);
    expect(done.body.error.message).toMatch(/не ниже/);
    expect((await h.call('GET', `/api/executions/${e}`, { token: await h.login('r46-executor') })).body.status).toBe('assigned');
    await h.sql`delete from substitutions where id = 'sub-legacy-specialist'`;
  });

  it('separation of duties holds across a substitution chain: executor → director, controller → executor', async () => {
    const rm = await region46RoadMap('r46-director');
    const e = await executionOf(rm, 'r46-executor');
    expect((await substitute('r46-director', 'r46-executor', 'r46-director')).status).toBe(201);
    expect((await substitute('r46-director', 'r46-controller', 'r46-executor')).status).toBe(201);
    const done = await h.call('POST', `/api/executions/${e}/complete`, { token: await h.login('r46-director'), body: { text: 'Сделано за исполнителя' } });
    expect(done.status, JSON.stringify(done.body)).toBe(200);
    const executor = await h.login('r46-executor');
    for (const [path, body] of [['accept', undefined], ['return', { comment: 'Переделать' }]] as const) {
      const refused = await h.call('POST', `/api/executions/${e}/${path}`, { token: executor, body });
      expect(refused.status, JSON.stringify(refused.body)).toBe(403);
      expect(refused.body.error.message).toMatch(/четырёх глаз/);
    }
    expect((await h.call('GET', `/api/executions/${e}`, { token: executor })).body.status).toBe('submitted');
    await h.sql`delete from substitutions where person_id like 'r46-%'`;
  });

  it('an executor accepting their own item is told the four-eyes reason', async () => {
    const rm = await region46RoadMap('r46-director');
    const e = await executionOf(rm, 'r46-executor');
    const executor = await h.login('r46-executor');
    expect((await h.call('POST', `/api/executions/${e}/complete`, { token: executor, body: { text: 'Сделано' } })).status).toBe(200);
    const own = await h.call('POST', `/api/executions/${e}/accept`, { token: executor });
    expect(own.status).toBe(403);
    expect(own.body.error.message).toMatch(/четырёх глаз/);
  });
});

describe('people of other organisations', () => {
  it('no transfer across organisations: nothing moves', async () => {
    const rm = await region46RoadMap('r46-director');
    const e = await executionOf(rm, 'r46-executor');
    const across = await h.call('POST', '/api/people/r46-executor/transfer', { token: await h.login('r46-director'), body: { toPersonId: 'r46-smo', reason: 'Увольнение' } });
    expect(across.status).toBe(400);
    expect(across.body.error.details[0].field).toBe('toPersonId');
    const [row] = await h.sql`select executor_id from item_executions where id = ${e}`;
    expect(row.executor_id).toBe('r46-executor');
  });

  it('answers alike for people outside one\'s organisation and people who do not exist', async () => {
    const director = await h.login('r46-director');
    const shape = (r: { status: number; body: any }) => ({ status: r.status, code: r.body.error.code, fields: r.body.error.details.map((d: any) => d.field), message: r.body.error.message.replace(/«[^»]+»/, '«…»') });
    for (const [foreign, missing] of [['executor', 'no-such-person'], ['smo', 'nobody-at-all']]) {
      const body = (personId: string) => ({ personId, substituteId: 'r46-controller', startsAt: inSeconds(0), endsAt: inSeconds(60), reason: 'x' });
      const a = await h.call('POST', '/api/substitutions', { token: director, body: body(foreign) });
      const b = await h.call('POST', '/api/substitutions', { token: director, body: body(missing) });
      expect(shape(a)).toEqual(shape(b));
      const t1 = await h.call('POST', `/api/people/${foreign}/transfer`, { token: director, body: { toPersonId: 'r46-controller', reason: 'x', dryRun: true } });
      const t2 = await h.call('POST', `/api/people/${missing}/transfer`, { token: director, body: { toPersonId: 'r46-controller', reason: 'x', dryRun: true } });
      expect(shape(t1)).toEqual(shape(t2));
      const t3 = await h.call('POST', '/api/people/r46-executor/transfer', { token: director, body: { toPersonId: foreign, reason: 'x', dryRun: true } });
      const t4 = await h.call('POST', '/api/people/r46-executor/transfer', { token: director, body: { toPersonId: missing, reason: 'x', dryRun: true } });
      expect(shape(t3)).toEqual(shape(t4));
    }
  });
});

describe('competing СМО and ФОМС', () => {
  it('an СМО reads the road map and its own organisation\'s work only; ФОМС reads weekly reports after submission', async () => {
    const { roadMapId, periodId, mos } = await monitoredRoadMap(h, fastWeek({ dueAfter: 'PT20S', cutoffAfter: 'PT60S' }));
    const [executor, smo, smo2, coordinator, curator] = await Promise.all(['executor', 'smo', 'smo2', 'coordinator', 'curator'].map((l) => h.login(l)));
    for (const [token, body] of [[executor, executorReport], [smo, smoReport(mos)], [smo2, smo2Report(mos)]] as const) {
      expect((await h.call('POST', `/api/monitoring/periods/${periodId}/reports`, { token, body })).status).toBe(200);
    }
    const items = async (token: string) => (await h.call('GET', `/api/roadmaps/${roadMapId}/items?limit=100`, { token })).body.items.map((i: any) => i.itemId).sort();
    expect(await items(smo)).toEqual(['inform-1', 'inform-1', 'survey-1', 'survey-1']);
    expect(await items(smo2)).toEqual(['inform-2', 'inform-2']);
    expect(await items(coordinator)).toHaveLength(7);
    expect(await items(curator)).toHaveLength(7);

    const subjects = async (token: string) => new Set<string>((await h.call('GET', `/api/roadmaps/${roadMapId}/events?limit=500`, { token })).body.events.map((e: any) => e.subject as string));
    const smoSubjects = await subjects(smo);
    expect([...smoSubjects].some((s) => s.includes('.inform-2.'))).toBe(false);
    expect(smoSubjects.has('roadmap')).toBe(true);
    expect([...(await subjects(coordinator))].some((s) => s.includes('.inform-2.'))).toBe(true);

    const duties = async (token: string) => (await h.call('GET', `/api/monitoring/periods/${periodId}`, { token })).body.duties.map((d: any) => d.personId);
    expect(await duties(smo)).toEqual(['smo']);
    expect(await duties(smo2)).toEqual(['smo2']);
    expect(await duties(coordinator)).toEqual(['executor', 'smo', 'smo2']);

    const reporters = async (token: string) => (await h.call('GET', `/api/monitoring/reports?roadmap=${roadMapId}`, { token })).body.reports.map((r: any) => r.reporterId).sort();
    expect(await reporters(smo)).toEqual(['smo']);
    expect(await reporters(smo2)).toEqual(['smo2']);
    expect(await reporters(coordinator)).toEqual(['executor', 'smo', 'smo2']);
    expect(await reporters(curator)).toEqual([]);
    expect((await h.call('GET', `/api/monitoring/reports?roadmap=${roadMapId}&period=${periodId}`, { token: curator })).status).toBe(403);

    const tasks = (await h.call('GET', `/api/tasks?roadmap=${roadMapId}`, { token: smo })).body.tasks.map((t: any) => t.itemId);
    expect(tasks.every((i: string) => i !== 'inform-2')).toBe(true);

    // After the coordinator's submission ФОМС reads every report of the week.
    await new Promise((r) => setTimeout(r, 500));
    const submitted = await h.call('POST', `/api/monitoring/periods/${periodId}/consolidated/submit`, { token: coordinator, body: { comment: 'Направляю' } });
    expect(submitted.status, JSON.stringify(submitted.body)).toBe(200);
    expect(await reporters(curator)).toEqual(['executor', 'smo', 'smo2']);
  });
});
