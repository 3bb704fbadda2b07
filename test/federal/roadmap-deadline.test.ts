import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pilotProgramme } from '../../domain/federal/pilot.js';
import { roadMapDeadlineWorkflowId } from '../../domain/federal/roadmap-deadline-state.js';
import { pilotDemoDocument } from '../../infra/demo/pilot-roadmaps.js';
import { eventually, startHarness, type Harness } from '../support/harness.js';
import { pilotRegion } from './federal-fixtures.js';
import { ownDatabase } from '../support/own-database.js';
import { planRoadMapDeadlines } from '../../activities/roadmap-deadline.js';

let h: Harness;
let db: Awaited<ReturnType<typeof ownDatabase>>;
let sakh: string;
beforeAll(async () => {
  db = await ownDatabase();
  h = await startHarness({ databaseUrl: db.url });
}, 240_000);
afterAll(async () => {
  await h?.close();
  await db?.drop();
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const rungs = () =>
  h.sql<{ id: string; payload: any; occurred_at: Date }[]>`
    select id, payload, occurred_at from events where type = 'federal.roadmap_rung_fired' order by seq`;
const climbed = async (region: string) => (await rungs()).filter((e) => e.payload.regionCode === region).map((e) => e.payload.rung.rungId);

async function submittedRoadMap(code: string): Promise<string> {
  const r = pilotRegion(code);
  const token = await h.login(r.coordinator[0]);
  const created = await h.call('POST', '/api/roadmaps', { token, body: pilotDemoDocument(r, new Date().toISOString().slice(0, 10)) });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  expect((await h.call('POST', `/api/roadmaps/${created.body.roadMapId}/submit`, { token })).status).toBe(200);
  return created.body.roadMapId;
}

describe('the pilot’s deadline for the road maps (real Temporal, real PostgreSQL)', () => {
  it('coordinator → director → curator, each once and in order; nothing after approval; nothing twice across a worker restart', async () => {
    const kld = await submittedRoadMap('39');
    sakh = await submittedRoadMap('65');
    const dueAt = new Date(Date.now() + 8_000).toISOString();
    const workflowId = roadMapDeadlineWorkflowId(pilotProgramme.id);
    const input = {
      programmeId: pilotProgramme.id,
      timing: {
        dueAt,
        // Gaps wide enough for the approval and the restart below on a loaded machine.
        rungs: [
          { id: 'coordinator', offset: 'PT0S', notify: 'coordinator' as const },
          { id: 'director', offset: 'PT15S', notify: 'director' as const },
          { id: 'curator', offset: 'PT25S', notify: 'curator' as const },
        ],
        only: ['39', '65'],
      },
    };
    const handle = await h.env.client.workflow.start('roadMapDeadlineWorkflow', { workflowId, taskQueue: h.taskQueue, args: [input] });

    // Both regions miss the date: their coordinators hear first.
    await eventually(rungs, (x) => x.length === 2, 60_000);
    expect(await climbed('39')).toEqual(['coordinator']);
    expect(await climbed('65')).toEqual(['coordinator']);
    expect((await rungs())[0].occurred_at.getTime()).toBeGreaterThanOrEqual(Date.parse(dueAt));

    // Калининградская's director approves: its ladder stops there.
    const approved = await h.call('POST', `/api/roadmaps/${kld}/approve`, { token: await h.login('semenyuk') });
    expect(approved.status, JSON.stringify(approved.body)).toBe(200);
    const approvedAt = Date.now();

    // The worker goes away while the timers run, and comes back: the durable timers and keyed events carry the ladder on.
    await h.stopWorker();
    await sleep(3_000);
    await h.startWorker();

    expect(await handle.result()).toBe('done');
    const all = await rungs();
    expect(all.map((e) => [e.payload.regionCode, e.payload.rung.rungId])).toEqual([
      ['39', 'coordinator'],
      ['65', 'coordinator'],
      ['65', 'director'],
      ['65', 'curator'],
    ]);
    expect(all.filter((e) => e.payload.regionCode === '39').every((e) => e.occurred_at.getTime() < approvedAt)).toBe(true);
    const who = (region: string) => all.filter((e) => e.payload.regionCode === region).map((e) => e.payload.recipients.map((r: { personId: string }) => r.personId));
    expect(who('65')).toEqual([['sakh-coordinator'], ['sakh-director'], ['shelyakin']]);
    expect(who('39')).toEqual([['kld-coordinator']]);
    const fireTimes = all.filter((e) => e.payload.regionCode === '65').map((e) => e.occurred_at.getTime());
    expect([...fireTimes].sort((a, b) => a - b)).toEqual(fireTimes);

    const [row] = await h.sql`select roadmap_last_rung from pilot_regions where region_code = '65'`;
    expect(row.roadmap_last_rung).toBe('curator');
    const inbox = await h.call('GET', '/api/notifications', { token: await h.login('shelyakin') });
    const n = inbox.body.notifications.filter((x: any) => x.kind === 'pilot_roadmap_late');
    expect(n).toHaveLength(1);
    expect(n[0].subject).toMatch(/^Сахалинская область: «дорожная карта» не утверждена в срок \(\d{2}\.\d{2}\.\d{4}\)$/);
    expect(n[0].body).toContain('Состояние: на утверждении у директора ТФОМС.');
    // The readiness matrix shows how far the region has climbed (once the pilot's data gives the region its date).
    await h.sql`update pilot_regions set roadmap_due_date = current_date where region_code = '65'`;
    const readiness = await h.call('GET', '/api/pilot/readiness', { token: await h.login('foms') });
    expect(readiness.body.regions.find((r: any) => r.regionCode === '65').roadMapDeadline.lastRungLabel).toBe('куратор группы');

    // Started again (as every start of the platform does): every rung has fired, nothing fires twice.
    const again = await h.env.client.workflow.start('roadMapDeadlineWorkflow', { workflowId, taskQueue: h.taskQueue, args: [input] });
    expect(await again.result()).toBe('done');
    expect(await rungs()).toHaveLength(4);
  }, 180_000);


  it('an approval reaches the waiting ladder as a signal: it does not sleep until the next rung', async () => {
    // A new date for Сахалинская (a new deadline, a ladder of its own); its director would hear only in an hour.
    const input = {
      programmeId: pilotProgramme.id,
      timing: { dueAt: new Date(Date.now() + 2_000).toISOString(), rungs: [{ id: 'coordinator', offset: 'PT0S', notify: 'coordinator' as const }, { id: 'director', offset: 'PT1H', notify: 'director' as const }], only: ['65'] },
    };
    const handle = await h.env.client.workflow.start('roadMapDeadlineWorkflow', { workflowId: roadMapDeadlineWorkflowId(pilotProgramme.id), taskQueue: h.taskQueue, args: [input] });
    await eventually(rungs, (x) => x.length === 5, 60_000);
    const approved = await h.call('POST', `/api/roadmaps/${sakh}/approve`, { token: await h.login('sakh-director') });
    expect(approved.status, JSON.stringify(approved.body)).toBe(200);
    // Without the signal the workflow would wait for the hour's timer (and this test for its timeout).
    expect(await handle.result()).toBe('done');
    expect(await climbed('65')).toEqual(['coordinator', 'director', 'curator', 'coordinator']);
  }, 120_000);

  it('a region without a date — none in the programme, none of its own — is not due and escalates nobody', async () => {
    await h.sql`update pilot_regions set roadmap_due_date = null`;
    expect((await planRoadMapDeadlines(h.sql, { programmeId: pilotProgramme.id })).regions).toEqual([]);
    await h.sql`update pilot_regions set roadmap_due_date = current_date - 3 where region_code = '76'`;
    const plan = await planRoadMapDeadlines(h.sql, { programmeId: pilotProgramme.id });
    expect(plan.regions.map((r) => r.regionCode)).toEqual(['76']);
  });
});
