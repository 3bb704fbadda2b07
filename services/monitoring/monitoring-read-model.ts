import type postgres from 'postgres';
import { type Actor } from '../../domain/actor.js';
import { canReadConsolidated, canReadRegion, canReadRegionWideWork } from '../../domain/read-scope.js';
import type { ConsolidatedReport } from '../../domain/consolidated-report.js';
import { periodStatusLabel, type PeriodStatus } from '../../domain/reporting-period.js';
import { RefusedError, refusal } from '../../domain/refusal.js';
import { formatRuDateTime } from '../../domain/zoned-time.js';

export interface PeriodRow {
  id: string;
  roadmap_id: string;
  roadmap_title: string;
  region_code: string;
  version: number;
  number: number;
  opens_at: Date;
  due_at: Date;
  cutoff_at: Date;
  time_zone: string;
  status: PeriodStatus;
  coordinator_id: string;
  workflow_id: string;
  compiled_at: Date | null;
  submitted_at: Date | null;
  submitted_by: string | null;
  coordinator_comment: string | null;
  ladder: { rung: { id: string; kind: 'reminder' | 'escalation'; notify: string[] }; fireAt: string }[];
  total: number;
  on_time: number;
  late: number;
  missing: number;
  pending: number;
}

/** Periods with their report counts; `where` narrows them (it always names the table p). */
export async function periodRows(sql: postgres.Sql, where: postgres.PendingQuery<postgres.Row[]>, limit = 500, offset = 0): Promise<PeriodRow[]> {
  return sql<PeriodRow[]>`
    select p.*, r.title as roadmap_title, r.region_code,
      (select count(*)::int from reporting_duties d where d.period_id = p.id) as total,
      (select count(*)::int from reporting_duties d where d.period_id = p.id and d.status = 'on_time') as on_time,
      (select count(*)::int from reporting_duties d where d.period_id = p.id and d.status = 'late') as late,
      (select count(*)::int from reporting_duties d where d.period_id = p.id and d.status = 'missing') as missing,
      (select count(*)::int from reporting_duties d where d.period_id = p.id and d.status = 'pending') as pending
    from reporting_periods p join roadmaps r on r.id = p.roadmap_id
    where ${where}
    order by p.opens_at desc, p.id limit ${limit} offset ${offset}`;
}

export function periodSummary(p: PeriodRow) {
  return {
    id: p.id,
    roadMapId: p.roadmap_id,
    roadMapTitle: p.roadmap_title,
    number: p.number,
    opensAt: p.opens_at.toISOString(),
    dueAt: p.due_at.toISOString(),
    cutoffAt: p.cutoff_at.toISOString(),
    opensLocal: formatRuDateTime(p.opens_at, p.time_zone),
    dueLocal: formatRuDateTime(p.due_at, p.time_zone),
    cutoffLocal: formatRuDateTime(p.cutoff_at, p.time_zone),
    status: p.status,
    statusLabel: periodStatusLabel[p.status],
    compiledAt: p.compiled_at?.toISOString() ?? null,
    submittedAt: p.submitted_at?.toISOString() ?? null,
    reports: { total: p.total, onTime: p.on_time, late: p.late, missing: p.missing, pending: p.pending },
  };
}

/** The period if the actor may see it; another region's answers as a missing one (404), so that its existence is not confirmed. */
export async function readablePeriod(sql: postgres.Sql, actor: Actor, id: string): Promise<PeriodRow> {
  const [row] = await periodRows(sql, sql`p.id = ${id}`, 1);
  if (!row || !canReadRegion(actor, row.region_code)) throw new RefusedError(refusal('not_found', `отчётный период «${id}» не найден`));
  return row;
}

export interface ConsolidatedRow {
  compilation: number;
  report: ConsolidatedReport;
}

/**
 * The consolidated report as the actor may see it: the region's people see
 * the draft as it is compiled; ФОМС sees it once the coordinator has submitted it.
 */
export async function readableConsolidated(sql: postgres.Sql, actor: Actor, period: PeriodRow): Promise<ConsolidatedRow> {
  // ФОМС and the region's pilot-group curator (from another region) read it once it is submitted.
  if (!canReadConsolidated(actor, { regionCode: period.region_code, submitted: period.status === 'submitted' }) && canReadRegionWideWork(actor, period.region_code)) {
    throw new RefusedError(refusal('forbidden', 'сводный отчёт за этот период ещё не направлен в ФОМС'));
  }
  if (!canReadRegionWideWork(actor, period.region_code)) {
    throw new RefusedError(refusal('forbidden', 'сводный отчёт видят ТФОМС и ФОМС: он включает отчёты всех организаций'));
  }
  const [row] = await sql<ConsolidatedRow[]>`select compilation, report from consolidated_reports where period_id = ${period.id}`;
  if (!row) throw new RefusedError(refusal('not_found', 'сводный отчёт ещё не сформирован: он формируется, когда представлены все отчёты, или по окончании приёма'));
  return row;
}
