import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../domain/actor.js';
import { isoWeekOf } from '../../domain/federal/iso-week.js';
import { seedPilotDemo } from '../../infra/demo/seed-pilot-demo.js';
import { weekSummaryXlsx } from '../../services/federal/week-summary-xlsx.js';
import { weekView } from '../../services/federal/week-view.js';
import { eventually, startHarness, type Harness } from '../support/harness.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
  const deps = { sql: h.sql, temporal: h.env.client, taskQueue: h.taskQueue };
  await seedPilotDemo(deps);
  // Idempotent: a second start seeds nothing twice.
  await seedPilotDemo(deps);
}, 120_000);
afterAll(() => h?.close());

const foms: Actor = { personId: 'foms', fullName: 'Кравчук С.Г.', organisationId: 'foms', organisationKind: 'FOMS', regionCode: null, position: 'head_of_directorate', roles: [], actingForId: null };
const lastWeek = () => isoWeekOf(new Date(Date.now() - 7 * 86_400_000), 'Europe/Moscow');

describe('the federal demo', () => {
  it('four pilot regions in their states, through the workflows', async () => {
    const rows = await h.sql<{ id: string; status: string }[]>`select id, status from roadmaps where id like 'rm-pilot-%' order by id`;
    expect(rows).toEqual([
      { id: 'rm-pilot-26', status: 'submitted' },
      { id: 'rm-pilot-39', status: 'submitted' },
      { id: 'rm-pilot-52', status: 'approved' },
      { id: 'rm-pilot-65', status: 'draft' },
      { id: 'rm-pilot-66', status: 'approved' },
      { id: 'rm-pilot-72', status: 'draft' },
      { id: 'rm-pilot-76', status: 'approved' },
    ]);
    await eventually(async () => (await h.sql`select count(*)::int as n from item_executions where roadmap_id = 'rm-pilot-66'`)[0].n, (n) => n === 8);
    const history = await h.sql`select count(*)::int as n from events where roadmap_id = 'rm-pilot-66' and id like 'demo-history:%'`;
    expect(history[0].n).toBe(4);
  });

  it('ФОМС sees the 30 regions: last week Свердловская late with both clocks, the regions without a road map say so', async () => {
    const view = await weekView(h.sql, foms, lastWeek());
    expect(view.regions).toHaveLength(30);
    const ekb = view.regions.find((r) => r.regionCode === '66')!;
    expect(ekb.report).toMatchObject({ status: 'late', statusLabel: 'представлен с опозданием', light: 'yellow' });
    expect(ekb.report.dueAt.local).toMatch(/ 18:00$/);
    expect(ekb.report.dueAt.moscow).toMatch(/ 16:00$/);
    // The history runs in a real week's order: reception closes (two reports missing), the report is compiled
    // at that cut-off, then sent to ФОМС — all after the federal due time, none in the future.
    const [p] = await h.sql<{ due_at: Date; cutoff_at: Date; closed_at: Date; compiled_at: Date; submitted_at: Date; report_compiled_at: string; reason: string }[]>`
      select p.due_at, p.cutoff_at, p.closed_at, p.compiled_at, p.submitted_at, c.report->>'compiledAt' as report_compiled_at, c.reason
      from reporting_periods p join consolidated_reports c on c.period_id = p.id where p.roadmap_id = 'rm-pilot-66' and p.number = 1`;
    expect(p.reason).toBe('cutoff');
    expect(p.cutoff_at.getTime()).toBeGreaterThan(p.due_at.getTime());
    expect(p.closed_at.getTime()).toBe(p.cutoff_at.getTime());
    expect(p.compiled_at.getTime()).toBe(p.cutoff_at.getTime());
    expect(Date.parse(p.report_compiled_at)).toBe(p.compiled_at.getTime());
    expect(p.submitted_at.getTime()).toBeGreaterThan(p.compiled_at.getTime());
    expect(p.submitted_at.getTime()).toBeLessThan(Date.now());
    expect(Date.parse(ekb.report.dueAt.at)).toBeLessThan(p.cutoff_at.getTime());
    expect(ekb.reporters).toEqual({ total: 3, onTime: 1, late: 0, missing: 2, pending: 0 });
    expect(ekb.smoForm).toEqual({ representatives: 9, notified: 1500, completedCheckup: 570, effectiveness: 38 });
    const kursk = view.regions.find((r) => r.regionCode === '31')!;
    expect(kursk).toMatchObject({ roadMap: null, report: { status: 'no_roadmap', statusLabel: 'дорожная карта не представлена', light: 'grey' } });
    expect(view.regions.map((r) => r.groupNumber)).toEqual([...view.regions.map((r) => r.groupNumber)].sort());
  });

  it('the national summary: a row per region, subtotals per district and group, the total', async () => {
    const view = await weekView(h.sql, foms, lastWeek());
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await weekSummaryXlsx(view)) as never);
    const sheet = wb.worksheets[0];
    const rows: (string | number | null)[][] = [];
    for (let i = 1; i <= sheet.rowCount; i++) rows.push((sheet.getRow(i).values as (string | number | null)[]).slice(1));
    expect(rows[0][0]).toBe(`Сводная информация по пилотным регионам: неделя ${lastWeek()}`);
    expect(rows[3].slice(0, 4)).toEqual(['№', 'Регион', 'Дорожная карта', 'Сводный отчёт']);
    expect(rows[3].slice(13)).toEqual(['Страховые представители', 'Оповещено о диспансеризации', 'Прошли диспансеризацию', 'Эффективность информирования, %', 'Эскалации (ступень, кому, когда по МСК)']);
    const body = rows.slice(4);
    const regionRows = body.filter((r) => typeof r[0] === 'number');
    // Under the table: the regions per state, adding up to 30.
    expect(body.at(-1)).toEqual(['Всего регионов', 30]);
    expect(regionRows).toHaveLength(30);
    expect(body.filter((r) => String(r[1]).startsWith('Итого по группе'))).toHaveLength(4);
    expect(body.find((r) => r[1] === 'Всего по пилотным регионам')).toBeDefined();
    const ekb = regionRows.find((r) => r[1] === 'Свердловская область')!;
    expect(ekb.slice(2, 4)).toEqual(['утверждена', 'представлен с опозданием']);
    expect(String(ekb[5])).toMatch(/ 16:00$/);
    expect(ekb.slice(8, 11)).toEqual([1, 0, 2]);
    expect(ekb.slice(13, 17)).toEqual([9, 1500, 570, 38]);
    const total = body.find((r) => r[1] === 'Всего по пилотным регионам')!;
    expect(total.slice(13, 17)).toEqual([9, 1500, 570, 38]);
    const ufo = body.find((r) => String(r[1]).startsWith('Итого УФО'))!;
    expect(ufo[1]).toBe('Итого УФО (Уральский федеральный округ)');
    expect(ufo.slice(13, 17)).toEqual([9, 1500, 570, 38]);
    const groupOne = body.find((r) => String(r[1]).startsWith('Итого по группе 1'))!;
    expect(groupOne[1]).toBe('Итого по группе 1 «ЦФО и ПФО» (куратор Пушков Михаил Александрович)');
    // Districts of group 4 as today: УФО, СФО, ДФО, each with its subtotal after its regions.
    const g4 = body.slice(body.findIndex((r) => String(r[1]).startsWith('Итого по группе 3')) + 1);
    expect(g4.filter((r) => String(r[1]).startsWith('Итого ') && !String(r[1]).includes('группе')).map((r) => String(r[1]).split(' ')[1])).toEqual(['УФО', 'СФО', 'ДФО']);
  });
});
