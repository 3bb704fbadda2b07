import type postgres from 'postgres';
import type { Actor } from '../../domain/actor.js';
import { roadMapWithRegionWideViews } from '../roadmaps/roadmap-read-model.js';

interface Figures {
  reports: { total: number; onTime: number; late: number; missing: number; pending: number };
  items: { total: number; onTimeAgainstOriginal: number; rescheduled: number; overdue: number };
}

const empty = (): Figures => ({
  reports: { total: 0, onTime: 0, late: 0, missing: 0, pending: 0 },
  items: { total: 0, onTimeAgainstOriginal: 0, rescheduled: 0, overdue: 0 },
});

function add(into: Figures, f: Figures): void {
  for (const k of Object.keys(into.reports) as (keyof Figures['reports'])[]) into.reports[k] += f.reports[k];
  for (const k of Object.keys(into.items) as (keyof Figures['items'])[]) into.items[k] += f.items[k];
}

/**
 * Discipline of a road map's people, per СМО and for the region: weekly
 * reports on time, late and missing; items done on time against the original
 * deadline (a granted extension does not make late work punctual), rescheduled, overdue now.
 */
export async function disciplineOf(sql: postgres.Sql, roadMapId: string) {
  const reports = await sql<{ person_id: string; on_time: number; late: number; missing: number; pending: number; total: number }[]>`
    select d.person_id, count(*)::int as total,
      count(*) filter (where d.status = 'on_time')::int as on_time, count(*) filter (where d.status = 'late')::int as late,
      count(*) filter (where d.status = 'missing')::int as missing, count(*) filter (where d.status = 'pending')::int as pending
    from reporting_duties d join reporting_periods p on p.id = d.period_id where p.roadmap_id = ${roadMapId} and d.status <> 'released' group by d.person_id`;
  const items = await sql<{ person_id: string; total: number; on_time: number; rescheduled: number; overdue: number }[]>`
    select executor_id as person_id, count(*)::int as total,
      count(*) filter (where submitted_on_time)::int as on_time,
      count(*) filter (where deadline_at <> original_deadline_at)::int as rescheduled,
      count(*) filter (where status in ('assigned', 'in_progress') and deadline_at < now())::int as overdue
    from item_executions where roadmap_id = ${roadMapId} and status <> 'cancelled' group by executor_id`;
  const ids = [...new Set([...reports.map((r) => r.person_id), ...items.map((i) => i.person_id)])];
  const people = await sql<{ id: string; full_name: string; organisation_id: string; organisation_name: string; kind: string }[]>`
    select p.id, p.full_name, p.organisation_id, o.name as organisation_name, o.kind from people p join organisations o on o.id = p.organisation_id
    where p.id = any(${ids}) order by p.full_name`;
  const [region] = await sql<{ code: string; name: string }[]>`
    select g.code, g.name from roadmaps r join regions g on g.code = r.region_code where r.id = ${roadMapId}`;

  const byPerson = new Map(ids.map((id) => [id, empty()]));
  for (const r of reports) {
    byPerson.get(r.person_id)!.reports = { total: r.total, onTime: r.on_time, late: r.late, missing: r.missing, pending: r.pending };
  }
  for (const i of items) {
    byPerson.get(i.person_id)!.items = { total: i.total, onTimeAgainstOriginal: i.on_time, rescheduled: i.rescheduled, overdue: i.overdue };
  }
  const smo = new Map<string, { organisationId: string; organisationName: string } & Figures>();
  const total = empty();
  for (const p of people) {
    const f = byPerson.get(p.id)!;
    add(total, f);
    if (p.kind !== 'SMO') continue;
    let s = smo.get(p.organisation_id);
    if (!s) smo.set(p.organisation_id, (s = { organisationId: p.organisation_id, organisationName: p.organisation_name, ...empty() }));
    add(s, f);
  }
  return {
    roadMapId,
    persons: people.map((p) => ({ personId: p.id, name: p.full_name, organisationId: p.organisation_id, organisationName: p.organisation_name, ...byPerson.get(p.id)! })),
    smo: [...smo.values()].sort((a, b) => a.organisationName.localeCompare(b.organisationName)),
    region: { regionCode: region.code, regionName: region.name, ...total },
  };
}

/** The discipline figures of a road map, for those who may read its region-wide views. */
export async function readableDiscipline(sql: postgres.Sql, actor: Actor, roadMapId: string) {
  const rm = await roadMapWithRegionWideViews(sql, actor, roadMapId);
  return disciplineOf(sql, rm.id);
}
