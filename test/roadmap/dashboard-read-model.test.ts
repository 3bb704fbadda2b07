/**
 * The road map's dashboard reads its breakdowns by direction and by МО in one scan (GROUPING SETS),
 * only the directions' names and the indicators of the document, and its other reads side by side.
 * This checks every figure it returns against the same executions counted here, on read-model rows
 * written with SQL: two directions, executions with and without an МО, every status, deadlines past
 * and ahead, a cancelled one, reports with metrics.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type postgres from 'postgres';
import { roadMapDashboard } from '../../services/roadmaps/dashboard-read-model.js';
import { actorFrom } from '../../services/people/people-directory.js';
import { insertStaff, ownReadModel } from '../support/own-database.js';

const run = randomUUID().slice(0, 8);
const MAP = `db-${run}`;
const PEOPLE = [`db-a-${run}`, `db-b-${run}`];
const DIRECTIONS = [
  { id: 'tfoms', party: 'TFOMS', title: 'Организационные мероприятия', items: [{ id: 'x' }] },
  { id: 'smo', party: 'SMO', title: 'Сопровождение застрахованных', items: [{ id: 'y' }] },
];
const INDICATORS = [
  { id: 'wait', title: 'Время ожидания', unit: 'мин', direction: 'at_most', targets: { '2026': 30 } },
  { id: 'share', title: 'Доля записей', unit: '%', direction: 'at_least', targets: { '2025': 50, '2027': 70 } },
];
const MOS = ['mo-26-2', null, 'mo-26-1', 'mo-39-1'] as const;
const STATUSES = ['assigned', 'in_progress', 'submitted', 'accepted', 'cancelled'] as const;
const DAY = 86_400_000;

// 60 executions; the direction in the middle of the document comes first in the rows.
const rows = Array.from({ length: 60 }, (_, i) => {
  const status = STATUSES[i % 5];
  const reported = status === 'submitted' || status === 'accepted';
  return {
    id: `db-${run}-${String(i).padStart(2, '0')}`,
    direction: DIRECTIONS[(i + 1) % 2].id,
    mo: MOS[i % 4],
    executor: PEOPLE[i % 2],
    status,
    deadline: new Date(Date.now() + (i % 3 === 0 ? -1 : 1) * (1 + (i % 7)) * DAY),
    metrics: reported ? { wait: 10 + i, ...(i % 2 ? { share: i } : {}) } : null,
  };
});

let sql: postgres.Sql;
let close: () => Promise<void>;
const moNames = new Map<string, string>();
const director = actorFrom({ id: 'director', full_name: 'Директор', organisation_id: 'tfoms-57', kind: 'TFOMS', region_code: '57', position: 'director', roles: [] });

beforeAll(async () => {
  ({ sql, close } = await ownReadModel(4));
  await insertStaff(sql, PEOPLE);
  await sql`insert into roadmaps (id, region_code, title, status, approved_version, working_version, created_by, created_at, updated_at)
            values (${MAP}, '57', 'Карта для хода исполнения', 'approved', 1, null, 'coordinator', now(), now())`;
  const document = { title: 'Карта для хода исполнения', regionCode: '57', directions: DIRECTIONS, indicators: INDICATORS, appointments: [] };
  await sql`insert into roadmap_versions (roadmap_id, version, status, document, created_by, created_at)
            values (${MAP}, 1, 'approved', ${sql.json(document as never)}, 'coordinator', now())`;
  await sql`insert into item_executions ${sql(
    rows.map((r) => ({
      id: r.id, roadmap_id: MAP, version: 1, direction_id: r.direction, item_id: `i-${r.id}`, mo_id: r.mo, executor_id: r.executor,
      controller_id: PEOPLE[0], deadline_at: r.deadline, original_deadline_at: r.deadline, status: r.status, workflow_id: 'none',
      started_at: new Date(), updated_at: new Date(), item_title: `Мероприятие ${r.id}`,
      report: r.metrics ? sql.json({ summary: 'Сделано', metrics: r.metrics } as never) : null,
    })),
  )}`;
  for (const o of await sql<{ id: string; name: string }[]>`select id, name from organisations where id = any(${MOS.flatMap((m) => (m ? [m] : []))})`) moNames.set(o.id, o.name);
}, 120_000);

afterAll(async () => {
  await close?.();
});

/** A breakdown as the dashboard should give it, counted here. */
function progress(key: string | null, label: string | null, of: typeof rows) {
  const live = of.filter((r) => r.status !== 'cancelled');
  const open = live.filter((r) => r.status === 'assigned' || r.status === 'in_progress');
  return {
    key,
    label,
    total: live.length,
    accepted: live.filter((r) => r.status === 'accepted').length,
    submitted: live.filter((r) => r.status === 'submitted').length,
    open: open.filter((r) => r.deadline.getTime() >= Date.now()).length,
    overdue: open.filter((r) => r.deadline.getTime() < Date.now()).length,
  };
}

const average = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

describe('the road map dashboard', () => {
  it('counts by direction (in the document order, named by party) and by МО (ТФОМС-wide first) exactly as the executions are', async () => {
    const d = await roadMapDashboard(sql, director, MAP);
    expect(d.byDirection).toEqual(
      DIRECTIONS.map((dir) => progress(dir.id, `${dir.party === 'SMO' ? 'СМО' : 'ТФОМС'}: ${dir.title}`, rows.filter((r) => r.direction === dir.id))),
    );
    const mos = [null, 'mo-26-1', 'mo-26-2', 'mo-39-1'];
    expect(d.byMo).toEqual(mos.map((mo) => progress(mo, mo ? moNames.get(mo)! : 'ТФОМС (мероприятия в целом)', rows.filter((r) => r.mo === mo))));
    expect(d.byMo.every((r) => r.total > 0)).toBe(true);
  });

  it('lists the overdue open work by deadline, and averages each indicator over the reports sent and accepted', async () => {
    const d = await roadMapDashboard(sql, director, MAP);
    const overdue = rows
      .filter((r) => (r.status === 'assigned' || r.status === 'in_progress') && r.deadline.getTime() < Date.now())
      .sort((a, b) => a.deadline.getTime() - b.deadline.getTime() || a.id.localeCompare(b.id));
    expect(d.overdue.map((o) => o.id)).toEqual(overdue.map((r) => r.id));
    expect(d.overdue[0]).toMatchObject({ item_title: `Мероприятие ${overdue[0].id}`, executor: `Сотрудник ${overdue[0].executor}` });
    const reported = rows.filter((r) => r.metrics);
    const shares = reported.flatMap((r) => (r.metrics && 'share' in r.metrics ? [r.metrics.share as number] : []));
    expect(d.indicators.map((i) => ({ id: i.indicator.id, title: i.indicator.title, actual: i.actual, reports: i.reports, target: i.target }))).toEqual([
      { id: 'wait', title: 'Время ожидания', actual: expect.closeTo(average(reported.map((r) => r.metrics!.wait)), 9), reports: reported.length, target: { year: 2026, value: 30 } },
      { id: 'share', title: 'Доля записей', actual: expect.closeTo(average(shares), 9), reports: shares.length, target: expect.objectContaining({ value: expect.any(Number) }) },
    ]);
    // Discipline is counted per executor over the same live executions.
    expect(d.discipline.persons.map((p) => ({ id: p.personId, total: p.items.total, overdue: p.items.overdue }))).toEqual(
      PEOPLE.map((id) => {
        const f = progress(null, null, rows.filter((r) => r.executor === id));
        return { id, total: f.total, overdue: f.overdue };
      }),
    );
  });
});
