import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../domain/actor.js';
import { isoWeekOf } from '../../domain/federal/iso-week.js';
import { seedPilotRoadMapDeadlines } from '../../infra/demo/pilot-roadmap-deadlines.js';
import { seedPilotDemo } from '../../infra/demo/seed-pilot-demo.js';
import { pilotReadiness } from '../../services/federal/pilot-readiness.js';
import { pilotTrend } from '../../services/federal/pilot-trend.js';
import { startHarness, type Harness } from '../support/harness.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
  await seedPilotDemo({ sql: h.sql, temporal: h.env.client, taskQueue: h.taskQueue });
  await seedPilotRoadMapDeadlines(h.sql);
  // Once: a second seeding keeps the dates.
  await seedPilotRoadMapDeadlines(h.sql, '2030-01-01');
}, 120_000);
afterAll(() => h?.close());

const foms: Actor = { personId: 'foms', fullName: 'Кравчук С.Г.', organisationId: 'foms', organisationKind: 'FOMS', regionCode: null, position: 'head_of_directorate', roles: [], actingForId: null };

describe('the pilot demo’s trend and readiness', () => {
  it('the matrix shows all three states; Сахалинская is past its date, Калининградская due in three days', async () => {
    const view = await pilotReadiness(h.sql, foms);
    const states = new Set(view.regions.flatMap((r) => r.cells.map((c) => c.state)));
    expect([...states].sort()).toEqual(['done', 'in_work', 'missing']);
    const yar = view.regions.find((r) => r.regionCode === '76')!;
    expect(Object.fromEntries(yar.cells.map((c) => [c.kind, c.state]))).toMatchObject({ roadmap: 'done', appointment_order: 'in_work', financing_plan: 'missing' });
    const days = (d: string) => (Date.parse(`${d}T00:00:00Z`) - Date.parse(`${new Date().toISOString().slice(0, 10)}T00:00:00Z`)) / 86_400_000;
    const sakh = view.regions.find((r) => r.regionCode === '65')!;
    expect(days(sakh.roadMapDeadline!.dueDate)).toBe(-14);
    // Other test files of the run may approve a road map of Сахалинская in this database: then it is no longer overdue.
    expect(sakh.roadMapDeadline!.overdue).toBe(sakh.roadMap?.approvedVersion == null);
    const kld = view.regions.find((r) => r.regionCode === '39')!.roadMapDeadline!;
    expect(kld.overdue).toBe(false);
    expect(days(kld.dueDate)).toBe(3);
    expect(days(view.regions.find((r) => r.regionCode === '31')!.roadMapDeadline!.dueDate)).toBe(30);
  });

  it('the trend shows Свердловская’s late week (the demo’s history)', async () => {
    const trend = await pilotTrend(h.sql, foms);
    const lastWeek = isoWeekOf(new Date(Date.now() - 7 * 86_400_000), 'Europe/Moscow');
    const ekb = trend.regions.find((r) => r.regionCode === '66')!;
    expect(ekb.weeks.find((w) => w.week === lastWeek)?.status).toBe('late');
  });
});
