/**
 * «Мои задачи» (API and page) read one query: the work is cut to a page on the executions' own
 * columns and only that page is joined to its names. This checks every order, filter and page of
 * it against the same work sorted and filtered here, on read-model rows written with SQL: two road
 * maps in regions of different time zones, executions with and without an МО, a pending extension.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type postgres from 'postgres';
import { myTasks, openWorkChoices, type TaskQuery } from '../../services/tasks/my-tasks.js';
import { formatRuDateTime, localIsoDate } from '../../domain/zoned-time.js';
import { insertStaff, ownReadModel } from '../support/own-database.js';

interface Row {
  id: string;
  roadmap: string;
  mo: string | null;
  executor: string;
  controller: string;
  status: 'assigned' | 'in_progress' | 'submitted' | 'accepted';
  deadline: Date;
}

// People and road maps of the test's own: on an embedded run the database is shared with other test files.
const run = randomUUID().slice(0, 8);
const ME = `tq-me-${run}`;
const OTHER = `tq-other-${run}`;
const MAP_A = `tq-a-${run}`;
const MAP_B = `tq-b-${run}`;
// A road map where I have only finished work, and someone else open work.
const MAP_C = `tq-c-${run}`;
const MAPS = {
  [MAP_A]: { region: '57', zone: 'Europe/Moscow', title: 'Карта А' },
  [MAP_B]: { region: '14', zone: 'Asia/Yakutsk', title: 'Карта Б' },
  [MAP_C]: { region: '57', zone: 'Europe/Moscow', title: 'Карта В' },
};
const MOS = ['mo-26-1', 'mo-26-2', 'mo-39-1', null] as const;
const STATUSES = ['assigned', 'in_progress', 'submitted', 'accepted'] as const;
const DAY = 86_400_000;
const base = Date.parse('2027-03-01T09:00:00Z');

// 48 executions: I execute some and control others; deadlines repeat so that ties are broken by id; some are past.
const rows: Row[] = Array.from({ length: 48 }, (_, i) => ({
  id: `tq-${run}-${String(i).padStart(2, '0')}`,
  roadmap: i % 3 === 0 ? MAP_B : MAP_A,
  mo: MOS[i % 4],
  executor: i % 2 === 0 ? ME : OTHER,
  controller: i % 2 === 0 ? OTHER : ME,
  status: STATUSES[Math.floor(i / 4) % 4],
  deadline: new Date((i % 5 === 0 ? Date.now() - 3 * DAY : base) + (i % 7) * DAY + (i % 2) * 3_600_000),
}));
const pendingExtension = rows.find((r) => r.controller === ME && r.status === 'in_progress')!;

let sql: postgres.Sql;
let close: () => Promise<void>;
const moNames = new Map<string, string>();
/** An МО only in my finished work on MAP_C. */
let closedMo: string;

beforeAll(async () => {
  ({ sql, close } = await ownReadModel(2));
  await insertStaff(sql, [ME, OTHER]);
  await sql`insert into roadmaps ${sql(
    Object.entries(MAPS).map(([id, m]) => ({
      id, region_code: m.region, title: m.title, status: 'approved', approved_version: 1, working_version: 1, created_by: 'coordinator', created_at: new Date(), updated_at: new Date(),
    })),
  )}`;
  await sql`insert into item_executions ${sql(
    rows.map((r) => ({
      id: r.id, roadmap_id: r.roadmap, version: 1, direction_id: 'd1', item_id: `i-${r.id}`, mo_id: r.mo, executor_id: r.executor,
      controller_id: r.controller, deadline_at: r.deadline, original_deadline_at: r.deadline, status: r.status, workflow_id: 'none',
      started_at: new Date(), updated_at: new Date(), item_title: `Мероприятие ${r.id}`,
    })),
  )}`;
  await sql`insert into extension_requests (id, execution_id, requested_by, requested_at, current_deadline_at, new_deadline_at, reason, status)
            values (${`tq-x-${run}`}, ${pendingExtension.id}, ${OTHER}, now(), now(), now() + interval '7 days', 'Нужно время', 'pending')`;
  for (const o of await sql<{ id: string; name: string }[]>`select id, name from organisations where id = any(${MOS.flatMap((m) => (m ? [m] : []))})`) moNames.set(o.id, o.name);
  [{ id: closedMo }] = await sql<{ id: string }[]>`select id from organisations where kind = 'MO' and id <> all(${MOS.flatMap((m) => (m ? [m] : []))}) order by id limit 1`;
  const finished = (id: string, executor: string, status: string, mo: string | null) => ({
    id, roadmap_id: MAP_C, version: 1, direction_id: 'd1', item_id: `i-${id}`, mo_id: mo, executor_id: executor, controller_id: executor === ME ? OTHER : ME,
    deadline_at: new Date(base), original_deadline_at: new Date(base), status, workflow_id: 'none', started_at: new Date(), updated_at: new Date(), item_title: 'Прошлое',
  });
  await sql`insert into item_executions ${sql([finished(`tq-${run}-c1`, ME, 'accepted', closedMo), finished(`tq-${run}-c2`, OTHER, 'assigned', null)])}`;
}, 120_000);

afterAll(async () => {
  await close?.();
});

/** The work as the query should see it, computed without SQL. */
function expected(q: TaskQuery) {
  const now = Date.now();
  const work = [
    ...rows.filter((r) => r.executor === ME && (r.status === 'assigned' || r.status === 'in_progress')).map((r) => ({ r, kind: 'complete' as const, requestId: null })),
    ...rows.filter((r) => r.controller === ME && r.status === 'submitted').map((r) => ({ r, kind: 'accept' as const, requestId: null })),
    { r: pendingExtension, kind: 'decide_extension' as const, requestId: `tq-x-${run}` },
  ]
    .map((w) => ({ ...w, overdue: w.kind === 'complete' && w.r.deadline.getTime() < now }))
    .filter((w) => !q.roadmap || w.r.roadmap === q.roadmap)
    .filter((w) => !q.kind || w.kind === q.kind)
    .filter((w) => !q.status || w.r.status === q.status)
    .filter((w) => !q.overdue || w.overdue === (q.overdue === 'true'))
    .filter((w) => !q.mo || (q.mo === 'fund' ? w.r.mo === null : w.r.mo === q.mo))
    .filter((w) => !q.dueBy || localIsoDate(w.r.deadline, MAPS[w.r.roadmap].zone) <= q.dueBy);
  const byDeadline = (a: (typeof work)[number], b: (typeof work)[number]) => a.r.deadline.getTime() - b.r.deadline.getTime() || (a.r.id < b.r.id ? -1 : a.r.id > b.r.id ? 1 : 0);
  const rank = (s: string) => ['assigned', 'in_progress', 'submitted'].indexOf(s);
  // PostgreSQL compares МО names by its collation: the test's names differ in their first distinct letter or digit.
  const moName = (w: (typeof work)[number]) => (w.r.mo ? moNames.get(w.r.mo)! : null);
  work.sort((a, b) => {
    if (q.sort === 'status') return rank(a.r.status) - rank(b.r.status) || byDeadline(a, b);
    if (q.sort === 'mo') {
      const [x, y] = [moName(a), moName(b)];
      if (x !== y) return x === null ? -1 : y === null ? 1 : x.localeCompare(y, 'ru');
    }
    return byDeadline(a, b);
  });
  return { total: work.length, page: work.slice(q.offset, q.offset + q.limit) };
}

describe('«Мои задачи»: one query, cut to a page before its names are joined', () => {
  const queries: [string, Partial<TaskQuery>][] = [
    ['nearest deadline first, ties by id', {}],
    ['the second page', { offset: 7 }],
    ['a page past the end', { offset: 100 }],
    ['by state', { sort: 'status' }],
    ['by МО name, the fund’s own items first', { sort: 'mo' }],
    ['by МО name, second page', { sort: 'mo', offset: 7 }],
    ['one road map', { roadmap: MAP_B }],
    ['one kind', { kind: 'accept' }],
    ['a pending extension', { kind: 'decide_extension' }],
    ['one state', { status: 'in_progress' }],
    ['overdue only', { overdue: 'true' }],
    ['not overdue', { overdue: 'false', sort: 'status' }],
    ['one МО', { mo: 'mo-39-1' }],
    ['the fund’s own items', { mo: 'fund' }],
    ['due by a local date (two time zones)', { dueBy: localIsoDate(new Date(base + 2 * DAY), 'Asia/Yakutsk') }],
    ['due by, by МО, one road map', { dueBy: localIsoDate(new Date(base + 4 * DAY), 'Europe/Moscow'), sort: 'mo', roadmap: MAP_A }],
  ];
  for (const [name, partial] of queries) {
    it(name, async () => {
      const q: TaskQuery = { limit: 7, offset: 0, ...partial };
      const want = expected(q);
      const got = await myTasks(sql, ME, q);
      expect(want.total).toBeGreaterThan(0);
      expect(got.total).toBe(q.offset >= want.total ? 0 : want.total);
      expect(got.tasks.map((t) => `${t.kind}:${t.executionId}`)).toEqual(want.page.map((w) => `${w.kind}:${w.r.id}`));
      // The names come with the page: road map, item, МО, the deadline in the road map's region.
      for (const [i, t] of got.tasks.entries()) {
        const w = want.page[i];
        expect(t).toMatchObject({
          roadMapId: w.r.roadmap,
          roadMapTitle: MAPS[w.r.roadmap].title,
          itemId: `i-${w.r.id}`,
          itemTitle: `Мероприятие ${w.r.id}`,
          moId: w.r.mo,
          moName: w.r.mo ? moNames.get(w.r.mo) : null,
          status: w.r.status,
          deadlineAt: w.r.deadline.toISOString(),
          deadlineLocal: formatRuDateTime(w.r.deadline, MAPS[w.r.roadmap].zone),
          overdue: w.overdue,
          actingForId: null,
          requestId: w.requestId,
        });
      }
    });
  }
});

describe('«Мои задачи»: the filters offer what the list can show', () => {
  it('the road maps and МО of open work, not of finished work; of everyone the person acts for', async () => {
    const work = expected({ limit: 1000, offset: 0 }).page;
    const got = await openWorkChoices(sql, [ME]);
    const titles = [...new Set(work.map((w) => w.r.roadmap))].map((id) => MAPS[id].title);
    expect(got.roadmaps.map((r) => r.title)).toEqual(titles.sort((a, b) => a.localeCompare(b, 'ru')));
    expect(got.roadmaps.map((r) => r.id)).not.toContain(MAP_C);
    const mos = [...new Set(work.flatMap((w) => (w.r.mo ? [w.r.mo] : [])))];
    expect(got.mos.map((m) => m.id).sort()).toEqual(mos.sort());
    expect(got.mos.map((m) => m.name)).toEqual(mos.map((id) => moNames.get(id)!).sort((a, b) => a.localeCompare(b, 'ru')));
    expect(got.mos.map((m) => m.id)).not.toContain(closedMo);
    // Standing in for OTHER adds OTHER's open work on MAP_C, but not my finished МО there.
    const acting = await openWorkChoices(sql, [ME, OTHER]);
    expect(acting.roadmaps.map((r) => r.id)).toContain(MAP_C);
    expect(acting.mos.map((m) => m.id)).not.toContain(closedMo);
  });
});
