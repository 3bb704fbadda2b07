import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openFederalWeek } from '../../activities/federal-week.js';
import { federalWeekWorkflowId } from '../../domain/federal/federal-week-state.js';
import { isoWeekOf } from '../../domain/federal/iso-week.js';
import { pilotProgramme } from '../../domain/federal/pilot.js';
import { federalWeekStateQuery } from '../../workflows/federal-messages.js';
import { eventually, startHarness, type Harness } from '../support/harness.js';
import { approvedPilotRoadMap, submitConsolidated } from './federal-fixtures.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h?.close());

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const rungs = (federalWeekId: string) =>
  h.sql<{ id: string; subject: string; payload: any; occurred_at: Date }[]>`
    select id, subject, payload, occurred_at from events where type = 'federal.report_rung_fired' and payload->>'federalWeekId' = ${federalWeekId}
      and payload->>'regionCode' in ('65', '76') order by seq`;

describe('the federal week (real Temporal, real PostgreSQL)', () => {
  it('a region that has not submitted climbs coordinator → director → curator, each once; a region whose report arrives stops', async () => {
    const yar = await approvedPilotRoadMap(h, '76');
    const sakh = await approvedPilotRoadMap(h, '65');
    const week = isoWeekOf(new Date(), 'Europe/Moscow');
    const federalWeekId = `${pilotProgramme.id}:${week}:test-${randomUUID().slice(0, 8)}`;
    // Due well after Ярославская's submission below: the margin is for a loaded machine.
    const dueAt = new Date(Date.now() + 20_000).toISOString();
    const plan = await openFederalWeek(h.sql, {
      programmeId: pilotProgramme.id,
      week,
      federalWeekId,
      timing: {
        dueAt,
        rungs: [
          { id: 'coordinator', offset: 'PT0S', notify: 'coordinator' },
          { id: 'director', offset: 'PT2S', notify: 'director' },
          { id: 'curator', offset: 'PT4S', notify: 'curator' },
        ],
      },
    }, 'queue');
    // Other test files may approve road maps of other pilot regions in the same database: this test watches its two.
    expect(plan.regions.map((r) => r.regionCode)).toEqual(expect.arrayContaining(['65', '76']));
    const handle = await h.env.client.workflow.start('federalWeekWorkflow', {
      workflowId: federalWeekWorkflowId(federalWeekId),
      taskQueue: h.taskQueue,
      args: [{ plan }],
    });

    const submitted = await submitConsolidated(h, yar.periodId, yar.coordinator);
    expect(Date.parse(submitted.submittedAt)).toBeLessThan(Date.parse(dueAt));
    // The activity that recorded the submission told the federal week.
    const state = await eventually(() => handle.query(federalWeekStateQuery), (s) => Boolean(s.submitted['76']), 20_000);
    expect(state.submitted['65']).toBeUndefined();
    const [yarRow] = await h.sql`select submitted_at, period_id from federal_region_weeks where federal_week_id = ${federalWeekId} and region_code = '76'`;
    expect(yarRow.period_id).toBe(yar.periodId);

    expect(await handle.result()).toBe('done');
    const fired = await rungs(federalWeekId);
    expect(fired.map((e) => [e.payload.regionCode, e.payload.rung.rungId])).toEqual([
      ['65', 'coordinator'],
      ['65', 'director'],
      ['65', 'curator'],
    ]);
    expect(fired.map((e) => e.payload.recipients.map((r: { personId: string }) => r.personId))).toEqual([['sakh-coordinator'], ['sakh-director'], ['shelyakin']]);
    expect(fired[0].occurred_at.getTime()).toBeGreaterThanOrEqual(Date.parse(dueAt));
    const [sakhRow] = await h.sql`select submitted_at, last_rung from federal_region_weeks where federal_week_id = ${federalWeekId} and region_code = '65'`;
    expect(sakhRow).toMatchObject({ submitted_at: null, last_rung: 'curator' });

    const inbox = await h.call('GET', '/api/notifications', { token: await h.login('shelyakin') });
    const n = inbox.body.notifications.find((x: any) => x.kind === 'federal_report_late' && x.subject.startsWith('Сахалинская'));
    expect(n, 'the curator was told about Сахалинская').toBeDefined();
    expect(n.subject).toBe(`Сахалинская область: сводный отчёт за неделю ${week} не представлен в ФОМС`);
    expect(n.body).toMatch(/срок — \d{2}\.\d{2}\.\d{4} \d{2}:\d{2} по местному времени \(\d{2}\.\d{2}\.\d{4} \d{2}:\d{2} МСК\)/);
    expect(n.body).toContain('Курильская Яна Романовна');

    // Each rung once: a late submission after the ladder adds nothing and marks the week.
    await submitConsolidated(h, sakh.periodId, sakh.coordinator);
    await sleep(2000);
    expect(await rungs(federalWeekId)).toHaveLength(3);
    const [late] = await h.sql`select submitted_at > due_at as late from federal_region_weeks where federal_week_id = ${federalWeekId} and region_code = '65'`;
    expect(late.late).toBe(true);
  }, 120_000);
});
