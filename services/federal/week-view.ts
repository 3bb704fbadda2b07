import type postgres from 'postgres';
import type { Actor } from '../../domain/actor.js';
import { workingCalendarFor } from '../../domain/calendar/working-calendar.js';
import { federalDistrictOrder } from '../../domain/federal/federal-subjects.js';
import { federalDueAt } from '../../domain/federal/federal-week.js';
import { regionWeekLight, regionWeekStatus, regionWeekStatusLabel, type RegionWeekStatus } from '../../domain/federal/federal-week-state.js';
import { parseIsoWeek } from '../../domain/federal/iso-week.js';
import { pilotProgramme } from '../../domain/federal/pilot.js';
import { informingEffectiveness } from '../../domain/weekly-report.js';
import { formatRuDateTime } from '../../domain/zoned-time.js';
import { refusal, RefusedError } from '../../domain/refusal.js';
import { requireFederalScope } from './federal-scope.js';

const MOSCOW = 'Europe/Moscow';

export interface Clock {
  at: string;
  local: string;
  moscow: string;
}

export interface RegionWeekRow {
  groupId: string;
  groupNumber: number;
  groupTitle: string;
  regionCode: string;
  regionName: string;
  federalDistrict: string;
  timeZone: string;
  roadMap: { id: string; title: string; status: string; approvedVersion: number | null; workingVersion: number | null } | null;
  executions: { total: number; done: number; overdue: number };
  report: {
    status: RegionWeekStatus;
    statusLabel: string;
    light: 'green' | 'yellow' | 'red' | 'grey';
    periodId: string | null;
    dueAt: Clock;
    submittedAt: Clock | null;
    lastRung: string | null;
  };
  reporters: { total: number; onTime: number; late: number; missing: number; pending: number };
  discipline: { reportsOnTimePercent: number | null; itemsOverduePercent: number | null };
  smoForm: { representatives: number; notified: number; completedCheckup: number; effectiveness: number | null };
}

export interface WeekView {
  week: string;
  generatedAt: string;
  regions: RegionWeekRow[];
  totals: { regions: number; onTime: number; late: number; missing: number; pending: number; withoutRoadMap: number };
}

const clock = (d: Date, timeZone: string): Clock => ({ at: d.toISOString(), local: formatRuDateTime(d, timeZone), moscow: formatRuDateTime(d, MOSCOW) });

interface Row {
  group_id: string;
  region_code: string;
  region_name: string;
  federal_district: string;
  time_zone: string;
  roadmap_id: string | null;
  title: string | null;
  status: string | null;
  approved_version: number | null;
  working_version: number | null;
  total: number | null;
  done: number | null;
  overdue: number | null;
  period_id: string | null;
  period_submitted_at: Date | null;
  duties: number | null;
  on_time: number | null;
  late: number | null;
  missing: number | null;
  pending: number | null;
  fed_due_at: Date | null;
  fed_submitted_at: Date | null;
  last_rung: string | null;
  representatives: number | null;
  notified: number | null;
  completed: number | null;
}

/**
 * The federal week: per pilot region in the actor's scope, its road map,
 * executions done and overdue, the week's consolidated report (status, due
 * and submission times local and Moscow), reporters on time, late and
 * missing, and the СМО form figures. One statement, set-based: no query per region.
 */
export async function weekView(sql: postgres.Sql, actor: Actor, weekText: string, now = new Date()): Promise<WeekView> {
  const week = parseIsoWeek(weekText);
  if (!week) throw new RefusedError(refusal('validation', 'неделя указывается по ISO 8601, например 2026-W49', [{ field: 'week', message: 'ожидается неделя вида 2026-W49' }]));
  const scope = requireFederalScope(actor);
  const rows = await sql<Row[]>`
    with pilot as (
      select pr.region_code, pr.group_id, g.name as region_name, g.federal_district, g.time_zone
      from pilot_regions pr join regions g on g.code = pr.region_code
      where pr.programme_id = ${pilotProgramme.id} and (${scope.all} or pr.region_code = any(${scope.regionCodes}))
    ), rm as (
      select distinct on (r.region_code) r.region_code, r.id, r.title, r.status, r.approved_version, r.working_version
      from roadmaps r where r.region_code in (select region_code from pilot)
      order by r.region_code, (r.approved_version is not null) desc, r.updated_at desc
    ), ex as (
      select e.roadmap_id, count(*)::int as total, (count(*) filter (where e.status = 'accepted'))::int as done,
             (count(*) filter (where e.status not in ('accepted', 'cancelled') and e.deadline_at < ${now}))::int as overdue
      from item_executions e where e.roadmap_id in (select id from rm) group by e.roadmap_id
    ), per as (
      select distinct on (p.roadmap_id) p.roadmap_id, p.id, p.submitted_at
      from reporting_periods p where p.iso_week = ${weekText} and p.roadmap_id in (select id from rm)
      order by p.roadmap_id, p.number
    ), duty as (
      select d.period_id, count(*)::int as duties,
             (count(*) filter (where d.status = 'on_time'))::int as on_time, (count(*) filter (where d.status = 'late'))::int as late,
             (count(*) filter (where d.status = 'missing'))::int as missing, (count(*) filter (where d.status = 'pending'))::int as pending
      from reporting_duties d where d.period_id in (select id from per) group by d.period_id
    ), smo as (
      select c.period_id, sum((x->>'representativesPresent')::int)::int as representatives, sum((x->>'notified')::int)::int as notified,
             sum((x->>'completedCheckup')::int)::int as completed
      from consolidated_reports c cross join lateral jsonb_array_elements(c.report->'smoForm') x
      where c.period_id in (select id from per) group by c.period_id
    ), fed as (
      select f.region_code, f.due_at, f.submitted_at, f.last_rung from federal_region_weeks f
      where f.federal_week_id = (select id from federal_weeks where programme_id = ${pilotProgramme.id} and week = ${weekText} order by opened_at desc limit 1)
    )
    select pilot.*, rm.id as roadmap_id, rm.title, rm.status, rm.approved_version, rm.working_version,
           ex.total, ex.done, ex.overdue, per.id as period_id, per.submitted_at as period_submitted_at,
           duty.duties, duty.on_time, duty.late, duty.missing, duty.pending,
           fed.due_at as fed_due_at, fed.submitted_at as fed_submitted_at, fed.last_rung,
           smo.representatives, smo.notified, smo.completed
    from pilot left join rm on rm.region_code = pilot.region_code left join ex on ex.roadmap_id = rm.id
    left join per on per.roadmap_id = rm.id left join duty on duty.period_id = per.id left join smo on smo.period_id = per.id
    left join fed on fed.region_code = pilot.region_code`;

  const groups = new Map(pilotProgramme.groups.map((g) => [g.id, g]));
  const regions: RegionWeekRow[] = rows.map((r) => {
    const group = groups.get(r.group_id)!;
    const due = r.fed_due_at ?? federalDueAt(week, r.time_zone, workingCalendarFor(r.region_code));
    const submitted = r.period_submitted_at ?? r.fed_submitted_at;
    const status = regionWeekStatus({ roadMapStatus: r.status, dueAt: due, submittedAt: submitted, now });
    const total = r.total ?? 0;
    const duties = r.duties ?? 0;
    return {
      groupId: group.id,
      groupNumber: group.number,
      groupTitle: group.title,
      regionCode: r.region_code,
      regionName: r.region_name,
      federalDistrict: r.federal_district,
      timeZone: r.time_zone,
      roadMap: r.roadmap_id
        ? { id: r.roadmap_id, title: r.title!, status: r.status!, approvedVersion: r.approved_version, workingVersion: r.working_version }
        : null,
      executions: { total, done: r.done ?? 0, overdue: r.overdue ?? 0 },
      report: {
        status,
        statusLabel: regionWeekStatusLabel[status],
        light: regionWeekLight[status],
        periodId: r.period_id,
        dueAt: clock(due, r.time_zone),
        submittedAt: submitted ? clock(submitted, r.time_zone) : null,
        lastRung: r.last_rung,
      },
      reporters: { total: duties, onTime: r.on_time ?? 0, late: r.late ?? 0, missing: r.missing ?? 0, pending: r.pending ?? 0 },
      discipline: {
        reportsOnTimePercent: duties ? Math.round(((r.on_time ?? 0) / duties) * 1000) / 10 : null,
        itemsOverduePercent: total ? Math.round(((r.overdue ?? 0) / total) * 1000) / 10 : null,
      },
      smoForm: {
        representatives: r.representatives ?? 0,
        notified: r.notified ?? 0,
        completedCheckup: r.completed ?? 0,
        effectiveness: informingEffectiveness(r.notified ?? 0, r.completed ?? 0),
      },
    };
  });
  const district = (d: string) => federalDistrictOrder.indexOf(d as never);
  regions.sort((a, b) => a.groupNumber - b.groupNumber || district(a.federalDistrict) - district(b.federalDistrict) || a.regionName.localeCompare(b.regionName, 'ru'));
  const count = (s: RegionWeekStatus) => regions.filter((r) => r.report.status === s).length;
  return {
    week: weekText,
    generatedAt: now.toISOString(),
    regions,
    totals: { regions: regions.length, onTime: count('on_time'), late: count('late'), missing: count('missing'), pending: count('pending'), withoutRoadMap: count('no_roadmap') },
  };
}
