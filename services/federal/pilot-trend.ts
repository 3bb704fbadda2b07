import type postgres from 'postgres';
import type { Actor } from '../../domain/actor.js';
import { workingCalendarFor } from '../../domain/calendar/working-calendar.js';
import { federalDistrictOrder } from '../../domain/federal/federal-subjects.js';
import { federalDueAt } from '../../domain/federal/federal-week.js';
import { reportOwed } from '../../domain/federal/federal-week-state.js';
import { isoWeekOf, parseIsoWeek } from '../../domain/federal/iso-week.js';
import { pilotProgramme } from '../../domain/federal/pilot.js';
import { shareOnTime, TREND_WEEKS, trendCell, trendCellLabel, trendWeeks, type TrendCell } from '../../domain/federal/pilot-trend.js';
import { refusal, RefusedError } from '../../domain/refusal.js';
import { requireFederalScope } from './federal-scope.js';

export interface TrendRegion {
  regionCode: string;
  regionName: string;
  groupId: string;
  groupNumber: number;
  federalDistrict: string;
  weeks: { week: string; status: TrendCell; label: string }[];
  totals: { onTime: number; late: number; missing: number };
}

export interface PilotTrend {
  weeks: string[];
  /** Over the regions the actor sees: the whole pilot for ФОМС, their groups for a curator. */
  scope: 'pilot' | 'groups';
  generatedAt: string;
  regions: TrendRegion[];
  share: { week: string; onTime: number; late: number; missing: number; pending: number; percent: number | null }[];
}

interface Row {
  region_code: string;
  region_name: string;
  group_id: string;
  federal_district: string;
  time_zone: string;
  week: string;
  fed_due_at: Date | null;
  fed_submitted_at: Date | null;
  period_opens_at: Date | null;
  period_submitted_at: Date | null;
}

/**
 * The last 12 federal weeks up to `to` (this week by default), per region in
 * the actor's scope, and the share on time per week. One statement for every
 * region × week (the regions' reporting periods, and the federal read model's due
 * time and submission where a federal week recorded them).
 */
export async function pilotTrend(sql: postgres.Sql, actor: Actor, to?: string, now = new Date()): Promise<PilotTrend> {
  const lastText = to ?? isoWeekOf(now, 'Europe/Moscow');
  const last = parseIsoWeek(lastText);
  if (!last) throw new RefusedError(refusal('validation', 'неделя указывается по ISO 8601, например 2026-W49', [{ field: 'to', message: 'ожидается неделя вида 2026-W49' }]));
  const scope = requireFederalScope(actor);
  const weeks = trendWeeks(last, TREND_WEEKS);
  const rows = await sql<Row[]>`
    with pilot as (
      select pr.region_code, pr.group_id, g.name as region_name, g.federal_district, g.time_zone
      from pilot_regions pr join regions g on g.code = pr.region_code
      where pr.programme_id = ${pilotProgramme.id} and pr.region_code = any(${scope.regionCodes})
    ), wk as (
      select unnest(${weeks}::text[]) as week
    ), fw as (
      select distinct on (w.week) w.id, w.week from federal_weeks w
      where w.programme_id = ${pilotProgramme.id} and w.week = any(${weeks}::text[]) order by w.week, w.opened_at desc
    ), fed as (
      select f.region_code, fw.week, f.due_at, f.submitted_at from federal_region_weeks f join fw on fw.id = f.federal_week_id
    ), per as (
      select r.region_code, p.iso_week as week, min(p.opens_at) as opens_at, min(p.submitted_at) as submitted_at
      from reporting_periods p join roadmaps r on r.id = p.roadmap_id
      where p.iso_week = any(${weeks}::text[]) and r.region_code in (select region_code from pilot)
      group by r.region_code, p.iso_week
    )
    select pilot.*, wk.week, fed.due_at as fed_due_at, fed.submitted_at as fed_submitted_at,
           per.opens_at as period_opens_at, per.submitted_at as period_submitted_at
    from pilot cross join wk
    left join fed on fed.region_code = pilot.region_code and fed.week = wk.week
    left join per on per.region_code = pilot.region_code and per.week = wk.week
    order by pilot.region_code, wk.week`;

  const groups = new Map(pilotProgramme.groups.map((g) => [g.id, g]));
  const byRegion = new Map<string, TrendRegion>();
  for (const r of rows) {
    let region = byRegion.get(r.region_code);
    if (!region) {
      region = { regionCode: r.region_code, regionName: r.region_name, groupId: r.group_id, groupNumber: groups.get(r.group_id)!.number, federalDistrict: r.federal_district, weeks: [], totals: { onTime: 0, late: 0, missing: 0 } };
      byRegion.set(r.region_code, region);
    }
    const dueAt = r.fed_due_at ?? federalDueAt(parseIsoWeek(r.week)!, r.time_zone, workingCalendarFor(r.region_code));
    const submittedAt = r.period_submitted_at ?? r.fed_submitted_at;
    const status = trendCell({
      // Owed as the week view says it (services/federal/week-view.ts): a period open in the week by the due time.
      owed: reportOwed(r.period_opens_at, dueAt),
      dueAt,
      submittedAt: submittedAt && submittedAt <= now ? submittedAt : null,
      now,
    });
    region.weeks.push({ week: r.week, status, label: trendCellLabel[status] });
    if (status === 'on_time') region.totals.onTime++;
    if (status === 'late') region.totals.late++;
    if (status === 'missing') region.totals.missing++;
  }
  const regions = [...byRegion.values()];
  const district = (d: string) => federalDistrictOrder.indexOf(d as never);
  regions.sort((a, b) => a.groupNumber - b.groupNumber || district(a.federalDistrict) - district(b.federalDistrict) || a.regionName.localeCompare(b.regionName, 'ru'));
  return {
    weeks,
    scope: scope.all ? 'pilot' : 'groups',
    generatedAt: now.toISOString(),
    regions,
    share: weeks.map((week, i) => ({ week, ...shareOnTime(regions.map((r) => r.weeks[i].status)) })),
  };
}
