import type postgres from 'postgres';
import type { Actor } from '../../domain/actor.js';
import type { TargetIndicator } from '../../domain/indicator.js';
import type { RoadMapDocument } from '../../domain/roadmap.js';
import { fromLocal, toLocal } from '../../domain/zoned-time.js';
import { disciplineOf } from '../monitoring/monitoring-discipline.js';
import { roadMapWithRegionWideViews } from './roadmap-read-model.js';

export interface ProgressRow {
  key: string | null;
  label: string | null;
  total: number;
  accepted: number;
  submitted: number;
  open: number;
  overdue: number;
}

function targetFor(i: TargetIndicator, year: number): { year: number; value: number } | null {
  const years = Object.keys(i.targets).map(Number).sort((a, b) => a - b);
  if (!years.length) return null;
  const pick = years.includes(year) ? year : (years.filter((y) => y <= year).at(-1) ?? years[0]);
  return { year: pick, value: i.targets[String(pick)] };
}

/** What the dashboard reads of the road map's document: the directions' names and the indicators, not every item and МО. */
type DashboardDocument = { directions: Pick<RoadMapDocument['directions'][number], 'id' | 'title' | 'party'>[]; indicators: TargetIndicator[] };

/**
 * Everything the road map's dashboard shows, read from the read model in a fixed number of queries. The
 * road map's executions are scanned once for both breakdowns (GROUPING SETS, with the МО's names) and the independent reads
 * run side by side: a busy evening's dashboard of a 10,000-execution road map (npm run bench, mixed).
 */
export async function roadMapDashboard(sql: postgres.Sql, actor: Actor, id: string) {
  const row = await roadMapWithRegionWideViews(sql, actor, id);
  const version = row.approved_version ?? row.working_version;
  const [[{ time_zone: tz }], [v], breakdowns, overdue] = await Promise.all([
    sql<{ time_zone: string }[]>`select time_zone from regions where code = ${row.region_code}`,
    // Only what is shown: the document of a road map for 50 МО runs to hundreds of kilobytes.
    sql<{ document: DashboardDocument }[]>`
      select jsonb_build_object(
        'directions', (select coalesce(jsonb_agg(jsonb_build_object('id', d->'id', 'title', d->'title', 'party', d->'party')), '[]'::jsonb)
                       from jsonb_array_elements(v.document->'directions') d),
        'indicators', coalesce(v.document->'indicators', '[]'::jsonb)) as document
      from roadmap_versions v where v.roadmap_id = ${row.id} and v.version = ${version}`,
    sql<(Omit<ProgressRow, 'label'> & { by: 'direction' | 'mo'; mo_name: string | null })[]>`
      select case when grouping(e.direction_id) = 0 then 'direction' else 'mo' end as by,
        case when grouping(e.direction_id) = 0 then e.direction_id else e.mo_id end as key,
        case when grouping(e.direction_id) = 1 then (select o.name from organisations o where o.id = e.mo_id) end as mo_name,
        count(*)::int as total,
        count(*) filter (where e.status = 'accepted')::int as accepted,
        count(*) filter (where e.status = 'submitted')::int as submitted,
        count(*) filter (where e.status in ('assigned', 'in_progress') and e.deadline_at >= now())::int as open,
        count(*) filter (where e.status in ('assigned', 'in_progress') and e.deadline_at < now())::int as overdue
      from item_executions e where e.roadmap_id = ${row.id} and e.status <> 'cancelled'
      group by grouping sets ((e.direction_id), (e.mo_id)) order by 1, 2 nulls first`,
    sql<{ id: string; item_title: string; mo_name: string | null; deadline_at: Date; executor: string }[]>`
      select e.id, e.item_title, o.name as mo_name, e.deadline_at, p.full_name as executor
      from item_executions e join people p on p.id = e.executor_id left join organisations o on o.id = e.mo_id
      where e.roadmap_id = ${row.id} and e.status in ('assigned', 'in_progress') and e.deadline_at < now()
      order by e.deadline_at, e.id limit 100`,
  ]);
  const doc = v.document;
  const progress = ({ by: _by, mo_name: _name, ...r }: (typeof breakdowns)[number], label: string | null): ProgressRow => ({ ...r, label });
  const directionTitle = new Map(doc.directions.map((d) => [d.id, `${d.party === 'SMO' ? 'СМО' : 'ТФОМС'}: ${d.title}`]));
  const order = new Map(doc.directions.map((d, i) => [d.id, i]));
  const byDirection = breakdowns
    .filter((r) => r.by === 'direction')
    .map((r) => progress(r, directionTitle.get(r.key ?? '') ?? r.key))
    .sort((a, b) => (order.get(a.key ?? '') ?? 999) - (order.get(b.key ?? '') ?? 999));
  const byMo = breakdowns.filter((r) => r.by === 'mo').map((r) => progress(r, r.key ? (r.mo_name ?? r.key) : 'ТФОМС (мероприятия в целом)'));

  // "This week" is the region's calendar week: from Monday 00:00 local time.
  const now = new Date();
  const local = toLocal(now, tz);
  const dow = (new Date(Date.UTC(local.year, local.month - 1, local.day)).getUTCDay() + 6) % 7;
  const monday = new Date(Date.UTC(local.year, local.month - 1, local.day - dow));
  const weekStart = fromLocal({ year: monday.getUTCFullYear(), month: monday.getUTCMonth() + 1, day: monday.getUTCDate(), hour: 0, minute: 0, second: 0 }, tz);
  const [escalations, metrics, discipline] = await Promise.all([
    sql<{ id: string; subject: string; occurred_at: Date; item_title: string | null; mo_name: string | null; recipients: string | null }[]>`
      select ev.id, ev.subject, ev.occurred_at, e.item_title, o.name as mo_name,
        (select string_agg(p.full_name, ', ') from jsonb_array_elements(ev.payload->'recipients') r join people p on p.id = r->>'personId') as recipients
      from events ev left join item_executions e on e.id = ev.subject left join organisations o on o.id = e.mo_id
      where ev.roadmap_id = ${row.id} and ev.type = 'execution.rung_fired' and ev.payload->'rung'->>'kind' = 'escalation' and ev.occurred_at >= ${weekStart}
      order by ev.occurred_at desc limit 100`,
    sql<{ key: string; value: number; reports: number }[]>`
      select m.key, avg(m.value::numeric)::float8 as value, count(*)::int as reports
      from item_executions e, jsonb_each_text(coalesce(e.report->'metrics', '{}'::jsonb)) m
      where e.roadmap_id = ${row.id} and e.status in ('submitted', 'accepted') group by m.key`,
    disciplineOf(sql, row.id),
  ]);
  const actuals = new Map(metrics.map((a) => [a.key, a]));
  const year = toLocal(now, tz).year;
  const indicators = (doc.indicators ?? []).map((i) => ({ indicator: i, target: targetFor(i, year), actual: actuals.get(i.id)?.value ?? null, reports: actuals.get(i.id)?.reports ?? 0 }));
  return { row, tz, now, year, weekStart, byDirection, byMo, overdue, escalations, indicators, discipline };
}
