import type postgres from 'postgres';
import type { Actor } from '../../domain/actor.js';
import { reportStatusLabel, type ReportStatus } from '../../domain/reporting-period.js';
import type { DutyLine } from '../../domain/reporting-duty.js';
import type { WeeklyReport } from '../../domain/weekly-report.js';
import { dutyInScope, weeklyReportInScope } from '../access/work-scope.js';
import { refusal, RefusedError } from '../../domain/refusal.js';
import { readableRoadMap } from '../roadmaps/roadmap-read-model.js';
import { periodRows, periodSummary, readablePeriod } from './monitoring-read-model.js';

/** Monitoring queries of the JSON API: the periods I may see, one period with its duties, the filed reports. */

export interface PeriodFilter {
  roadmap?: string;
  from?: string;
  to?: string;
  limit: number;
  offset: number;
}

export async function visiblePeriods(sql: postgres.Sql, actor: Actor, q: PeriodFilter) {
  if (q.roadmap) await readableRoadMap(sql, actor, q.roadmap);
  const everyRegion = actor.organisationKind === 'FOMS';
  const rows = await periodRows(
    sql,
    sql`(${everyRegion} or r.region_code = ${actor.regionCode ?? ''})
      ${q.roadmap ? sql`and p.roadmap_id = ${q.roadmap}` : sql``}
      ${q.from ? sql`and (p.opens_at at time zone p.time_zone)::date >= ${q.from}::date` : sql``}
      ${q.to ? sql`and (p.opens_at at time zone p.time_zone)::date <= ${q.to}::date` : sql``}`,
    q.limit,
    q.offset,
  );
  return rows.map(periodSummary);
}

export async function periodDetail(sql: postgres.Sql, actor: Actor, id: string) {
  const p = await readablePeriod(sql, actor, id);
  const duties = await sql<{
    person_id: string; name: string; organisation_id: string; organisation_name: string; smo: boolean; status: ReportStatus;
    first_submitted_at: Date | null; last_submitted_at: Date | null; revision: number; last_rung: string | null; mo_ids: string[]; lines: DutyLine[];
  }[]>`
    select d.*, pe.full_name as name, o.name as organisation_name from reporting_duties d
    join people pe on pe.id = d.person_id join organisations o on o.id = d.organisation_id
    where d.period_id = ${p.id} and ${dutyInScope(sql, actor, 'd')} order by d.person_id`;
  return {
    ...periodSummary(p),
    coordinatorId: p.coordinator_id,
    coordinatorComment: p.coordinator_comment,
    submittedBy: p.submitted_by,
    ladder: p.ladder.map((r) => ({ rungId: r.rung.id, kind: r.rung.kind, notify: r.rung.notify, fireAt: r.fireAt })),
    duties: duties.map((d) => ({
      personId: d.person_id,
      name: d.name,
      organisationId: d.organisation_id,
      organisationName: d.organisation_name,
      smo: d.smo,
      status: d.status,
      statusLabel: reportStatusLabel[d.status],
      firstSubmittedAt: d.first_submitted_at?.toISOString() ?? null,
      lastSubmittedAt: d.last_submitted_at?.toISOString() ?? null,
      revision: d.revision,
      lastRung: d.last_rung,
      moIds: d.mo_ids,
      lines: d.lines,
    })),
  };
}

export interface ReportFilter {
  roadmap: string;
  period?: string;
  reporter?: string;
  mo?: string;
  revisions?: 'all' | 'latest';
  limit: number;
  offset: number;
}

export async function weeklyReports(sql: postgres.Sql, actor: Actor, q: ReportFilter) {
  const roadMap = await readableRoadMap(sql, actor, q.roadmap);
  if (q.period && actor.regionCode !== roadMap.region_code) {
    // Asked for one week: say why it is withheld rather than answer with an empty list.
    const [p] = await sql<{ status: string }[]>`select status from reporting_periods where id = ${q.period} and roadmap_id = ${q.roadmap}`;
    if (p && p.status !== 'submitted') throw new RefusedError(refusal('forbidden', 'отчёты за эту неделю ФОМС видит после направления сводного отчёта координатором'));
  }
  const rows = await sql<{
    period_id: string; number: number; roadmap_id: string; person_id: string; name: string; revision: number; late: boolean;
    submitted_at: Date; submitted_by: string; acting_for_id: string | null; report: WeeklyReport;
  }[]>`
    select w.*, p.number, p.roadmap_id, pe.full_name as name from weekly_reports w
    join reporting_periods p on p.id = w.period_id join people pe on pe.id = w.person_id
    where p.roadmap_id = ${q.roadmap} and ${weeklyReportInScope(sql, actor, roadMap.region_code, 'w', 'p')}
      ${q.period ? sql`and w.period_id = ${q.period}` : sql``}
      ${q.reporter ? sql`and w.person_id = ${q.reporter}` : sql``}
      ${q.mo ? sql`and exists (select 1 from reporting_duties d where d.period_id = w.period_id and d.person_id = w.person_id and ${q.mo} = any(d.mo_ids))` : sql``}
      ${q.revisions === 'latest' ? sql`and w.revision = (select max(x.revision) from weekly_reports x where x.period_id = w.period_id and x.person_id = w.person_id)` : sql``}
    order by p.opens_at desc, w.person_id, w.revision desc limit ${q.limit} offset ${q.offset}`;
  return rows.map((w) => ({
        periodId: w.period_id,
        periodNumber: w.number,
        roadMapId: w.roadmap_id,
        reporterId: w.person_id,
        reporterName: w.name,
        revision: w.revision,
        late: w.late,
        submittedAt: w.submitted_at.toISOString(),
        submittedBy: w.submitted_by,
        actingForId: w.acting_for_id,
        // Asked for one МО: only what the report says about it.
        report: q.mo
          ? { ...w.report, lines: w.report.lines.filter((l) => l.moId === q.mo), smoForm: w.report.smoForm.filter((s) => s.moId === q.mo) }
          : w.report,
      }));
}
