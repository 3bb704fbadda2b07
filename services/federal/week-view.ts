import type postgres from 'postgres';
import type { Actor } from '../../domain/actor.js';
import { workingCalendarFor } from '../../domain/calendar/working-calendar.js';
import { federalDistrictOrder } from '../../domain/federal/federal-subjects.js';
import { federalDueAt } from '../../domain/federal/federal-week.js';
import {
  notDueReason,
  notDueReasonLabel,
  regionWeekLight,
  regionWeekStatus,
  reportOwed,
  regionWeekStatusLabel,
  type NotDueReason,
  type RegionWeekLight,
  type RegionWeekStatus,
} from '../../domain/federal/federal-week-state.js';
import { dayOfIsoWeek, nextIsoWeek, parseIsoWeek, weekDatesLabel } from '../../domain/federal/iso-week.js';
import { moscowOffsetLabel } from '../../domain/zoned-time.js';
import { canReadConsolidated } from '../../domain/read-scope.js';
import { fromLocal, parseIsoDate } from '../../domain/zoned-time.js';
import { weekEscalations } from './week-escalations.js';
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

export interface EscalationStep {
  rung: string;
  rungLabel: string;
  at: Clock;
  recipients: { personId: string; name: string; actingForName: string | null }[];
}

export interface RegionWeekRow {
  groupId: string;
  groupNumber: number;
  groupTitle: string;
  regionCode: string;
  regionName: string;
  federalDistrict: string;
  timeZone: string;
  /** «МСК+8»: hours from Moscow in the week. */
  moscowOffset: string;
  /** The road map as it stood in the week (null: none by then). */
  roadMap: { id: string; title: string; status: string; approvedVersion: number | null; workingVersion: number | null } | null;
  executions: { total: number; done: number; overdue: number };
  report: {
    status: RegionWeekStatus;
    statusLabel: string;
    notDueReason: NotDueReason | null;
    light: RegionWeekLight;
    periodId: string | null;
    dueAt: Clock;
    submittedAt: Clock | null;
    lastRung: string | null;
  };
  /** Which rung of the federal ladder reached whom, and when. */
  escalations: EscalationStep[];
  reporters: { total: number; onTime: number; late: number; missing: number; pending: number };
  discipline: { reportsOnTimePercent: number | null; itemsOverduePercent: number | null };
  /** Null until the actor may read the consolidated report (ФОМС and curators: once submitted). */
  smoForm: { representatives: number; notified: number; completedCheckup: number; effectiveness: number | null } | null;
}

export interface WeekTotals {
  regions: number;
  onTime: number;
  late: number;
  missing: number;
  pending: number;
  notDue: number;
  notApproved: number;
  withoutRoadMap: number;
}

export interface WeekView {
  week: string;
  /** «30.11–06.12.2026» */
  dates: string;
  generatedAt: string;
  regions: RegionWeekRow[];
  /** Every region in exactly one state: they add up to regions. */
  totals: WeekTotals;
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
  created_at: Date | null;
  first_submitted_at: Date | null;
  first_approved_at: Date | null;
  total: number | null;
  done: number | null;
  overdue: number | null;
  period_id: string | null;
  period_opens_at: Date | null;
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
  compiled: boolean;
}

/** The road map as it stood at `at` (the end of the week, or now): a past week never shows a later road map. */
function roadMapStatusAt(r: Row, at: Date, now: Date): string | null {
  if (!r.roadmap_id) return null;
  // Monitoring ran in the week: the road map was approved then, whatever its row's dates say (demo history).
  if (r.period_id) return 'approved';
  if (!r.created_at || r.created_at > at) return null;
  if (at >= now) return r.status;
  if (r.first_approved_at && r.first_approved_at <= at) return 'approved';
  if (r.first_submitted_at && r.first_submitted_at <= at) return 'submitted';
  return 'draft';
}

/**
 * The federal week: per pilot region in the actor's scope, its road map as it
 * stood in the week, executions done and overdue, the week's consolidated
 * report (status, due and submission times local and Moscow), the escalations,
 * reporters on time, late and missing, and the СМО form figures as far as the
 * actor may read them. Set-based: a fixed number of statements, none per region.
 */
export async function weekView(sql: postgres.Sql, actor: Actor, weekText: string, now = new Date()): Promise<WeekView> {
  const week = parseIsoWeek(weekText);
  if (!week) throw new RefusedError(refusal('validation', 'неделя указывается по ISO 8601, например 2026-W49', [{ field: 'week', message: 'ожидается неделя вида 2026-W49' }]));
  const scope = requireFederalScope(actor);
  const weekEnd = fromLocal({ ...parseIsoDate(dayOfIsoWeek(nextIsoWeek(week))), hour: 0, minute: 0, second: 0 }, MOSCOW);
  const asOf = weekEnd < now ? weekEnd : now;
  const rows = await sql<Row[]>`
    with pilot as (
      select pr.region_code, pr.group_id, g.name as region_name, g.federal_district, g.time_zone
      from pilot_regions pr join regions g on g.code = pr.region_code
      where pr.programme_id = ${pilotProgramme.id} and (${scope.all} or pr.region_code = any(${scope.regionCodes}))
    ), rm as (
      select distinct on (r.region_code) r.region_code, r.id, r.title, r.status, r.approved_version, r.working_version, r.created_at
      from roadmaps r where r.region_code in (select region_code from pilot)
        and (r.created_at < ${weekEnd} or exists (select 1 from reporting_periods p where p.roadmap_id = r.id and p.iso_week = ${weekText}))
      order by r.region_code, (r.approved_version is not null) desc, r.updated_at desc
    ), ver as (
      select v.roadmap_id, min(v.submitted_at) as first_submitted_at, min(v.approved_at) as first_approved_at
      from roadmap_versions v where v.roadmap_id in (select id from rm) group by v.roadmap_id
    ), ex as (
      -- As the week ended (or now): a past week does not show today's progress.
      select e.roadmap_id, (count(*) filter (where e.started_at <= ${asOf}))::int as total,
             (count(*) filter (where e.status = 'accepted' and e.accepted_at <= ${asOf}))::int as done,
             (count(*) filter (where e.started_at <= ${asOf} and e.status <> 'cancelled' and (e.accepted_at is null or e.accepted_at > ${asOf})
                                    and e.deadline_at < ${asOf}))::int as overdue
      from item_executions e where e.roadmap_id in (select id from rm) group by e.roadmap_id
    ), per as (
      select distinct on (p.roadmap_id) p.roadmap_id, p.id, p.opens_at, p.submitted_at
      from reporting_periods p where p.iso_week = ${weekText} and p.roadmap_id in (select id from rm) and p.opens_at <= ${now}
      order by p.roadmap_id, p.number
    ), duty as (
      select d.period_id, count(*)::int as duties,
             (count(*) filter (where d.status = 'on_time'))::int as on_time, (count(*) filter (where d.status = 'late'))::int as late,
             (count(*) filter (where d.status = 'missing'))::int as missing, (count(*) filter (where d.status = 'pending'))::int as pending
      from reporting_duties d where d.period_id in (select id from per) and d.status <> 'released' group by d.period_id
    ), smo as (
      select c.period_id, sum((x->>'representativesPresent')::int)::int as representatives, sum((x->>'notified')::int)::int as notified,
             sum((x->>'completedCheckup')::int)::int as completed
      from consolidated_reports c cross join lateral jsonb_array_elements(c.report->'smoForm') x
      where c.period_id in (select id from per) group by c.period_id
    ), fed as (
      select f.region_code, f.due_at, f.submitted_at, f.last_rung from federal_region_weeks f
      where f.federal_week_id = (select id from federal_weeks where programme_id = ${pilotProgramme.id} and week = ${weekText} order by opened_at desc limit 1)
    )
    select pilot.*, rm.id as roadmap_id, rm.title, rm.status, rm.approved_version, rm.working_version, rm.created_at,
           ver.first_submitted_at, ver.first_approved_at,
           ex.total, ex.done, ex.overdue, per.id as period_id, per.opens_at as period_opens_at, per.submitted_at as period_submitted_at,
           duty.duties, duty.on_time, duty.late, duty.missing, duty.pending,
           fed.due_at as fed_due_at, fed.submitted_at as fed_submitted_at, fed.last_rung,
           smo.representatives, smo.notified, smo.completed,
           exists (select 1 from consolidated_reports c where c.period_id = per.id) as compiled
    from pilot left join rm on rm.region_code = pilot.region_code left join ver on ver.roadmap_id = rm.id left join ex on ex.roadmap_id = rm.id
    left join per on per.roadmap_id = rm.id left join duty on duty.period_id = per.id left join smo on smo.period_id = per.id
    left join fed on fed.region_code = pilot.region_code`;
  const escalations = await weekEscalations(sql, weekText, rows.map((r) => r.region_code));

  const groups = new Map(pilotProgramme.groups.map((g) => [g.id, g]));
  const regions: RegionWeekRow[] = rows.map((r) => {
    const group = groups.get(r.group_id)!;
    const due = r.fed_due_at ?? federalDueAt(week, r.time_zone, workingCalendarFor(r.region_code));
    const submittedAt = r.period_submitted_at ?? r.fed_submitted_at;
    const submitted = submittedAt && submittedAt <= now ? submittedAt : null;
    const facts = {
      roadMapStatus: roadMapStatusAt(r, asOf, now),
      // Owed only when the region's monitoring had a period open in the week by the due time.
      owed: reportOwed(r.period_opens_at, due),
      approvedAt: r.first_approved_at,
      dueAt: due,
      submittedAt: submitted,
      now,
    };
    const status = regionWeekStatus(facts);
    const reason = notDueReason(facts);
    const total = r.total ?? 0;
    const duties = r.duties ?? 0;
    // No figures before the week's consolidated report is compiled (unknown, not zero), nor before the actor may read it.
    const figuresReadable = r.compiled && canReadConsolidated(actor, { regionCode: r.region_code, submitted: Boolean(submitted) });
    const shownRoadMap = facts.roadMapStatus && r.roadmap_id;
    return {
      groupId: group.id,
      groupNumber: group.number,
      groupTitle: group.title,
      regionCode: r.region_code,
      regionName: r.region_name,
      federalDistrict: r.federal_district,
      timeZone: r.time_zone,
      moscowOffset: moscowOffsetLabel(due, r.time_zone),
      roadMap: shownRoadMap
        ? { id: r.roadmap_id!, title: r.title!, status: facts.roadMapStatus!, approvedVersion: r.approved_version, workingVersion: r.working_version }
        : null,
      executions: { total, done: r.done ?? 0, overdue: r.overdue ?? 0 },
      report: {
        status,
        statusLabel: reason ? `${regionWeekStatusLabel[status]}: ${notDueReasonLabel[reason]}` : regionWeekStatusLabel[status],
        notDueReason: reason,
        light: regionWeekLight[status],
        periodId: r.period_id,
        dueAt: clock(due, r.time_zone),
        submittedAt: submitted ? clock(submitted, r.time_zone) : null,
        lastRung: r.last_rung,
      },
      escalations: (escalations.get(r.region_code) ?? []).map((e) => ({ ...e, at: clock(e.at, r.time_zone) })),
      reporters: { total: duties, onTime: r.on_time ?? 0, late: r.late ?? 0, missing: r.missing ?? 0, pending: r.pending ?? 0 },
      discipline: {
        reportsOnTimePercent: duties ? Math.round(((r.on_time ?? 0) / duties) * 1000) / 10 : null,
        itemsOverduePercent: total ? Math.round(((r.overdue ?? 0) / total) * 1000) / 10 : null,
      },
      smoForm: figuresReadable
        ? {
            representatives: r.representatives ?? 0,
            notified: r.notified ?? 0,
            completedCheckup: r.completed ?? 0,
            effectiveness: informingEffectiveness(r.notified ?? 0, r.completed ?? 0),
          }
        : null,
    };
  });
  const district = (d: string) => federalDistrictOrder.indexOf(d as never);
  regions.sort((a, b) => a.groupNumber - b.groupNumber || district(a.federalDistrict) - district(b.federalDistrict) || a.regionName.localeCompare(b.regionName, 'ru'));
  return { week: weekText, dates: weekDatesLabel(week), generatedAt: now.toISOString(), regions, totals: weekTotals(regions) };
}

export function weekTotals(regions: readonly Pick<RegionWeekRow, 'report'>[]): WeekTotals {
  const count = (s: RegionWeekStatus) => regions.filter((r) => r.report.status === s).length;
  return {
    regions: regions.length,
    onTime: count('on_time'),
    late: count('late'),
    missing: count('missing'),
    pending: count('pending'),
    notDue: count('not_due'),
    notApproved: count('not_monitored'),
    withoutRoadMap: count('no_roadmap'),
  };
}
