import type postgres from 'postgres';
import { consolidate } from '../domain/consolidated-report.js';
import type { DomainEvent } from '../domain/events.js';
import type { ExecutionStatus } from '../domain/execution.js';
import type { ReportStatus } from '../domain/reporting-period.js';
import { lineKey, type DutyLine } from '../domain/reporting-duty.js';
import type { WeeklyReport } from '../domain/weekly-report.js';
import { appendEvents } from './event-store.js';
import type { EmailMode } from './notification-outbox.js';
import { monitoredRoadMap } from './monitored-road-map.js';

/**
 * Compiles the consolidated report from the read model (the reports the
 * period workflow has recorded before asking) and records it. Each
 * compilation has its own event id, so a retry records it once. `at` is for
 * the demo's history only (a week no workflow played, compiled at its
 * cut-off); the activity always compiles now.
 */
export async function compileConsolidatedReport(
  sql: postgres.Sql,
  input: { periodId: string; compilation: number; reason: 'all_in' | 'cutoff' },
  email: EmailMode,
  at: Date = new Date(),
): Promise<{ missing: number }> {
  const [period] = await sql<{ id: string; roadmap_id: string; version: number; number: number; opens_at: Date; due_at: Date; cutoff_at: Date; coordinator_id: string }[]>`
    select id, roadmap_id, version, number, opens_at, due_at, cutoff_at, coordinator_id from reporting_periods where id = ${input.periodId}`;
  const rm = (await monitoredRoadMap(sql, period.roadmap_id, period.version))!;
  const duties = await sql<{ person_id: string; organisation_id: string; smo: boolean; lines: DutyLine[]; mo_ids: string[]; controller_ids: string[]; status: ReportStatus; first_submitted_at: Date | null }[]>`
    select * from reporting_duties where period_id = ${input.periodId} order by person_id`;
  const reports = await sql<{ person_id: string; report: WeeklyReport }[]>`
    select distinct on (person_id) person_id, report from weekly_reports where period_id = ${input.periodId} order by person_id, revision desc`;
  const executions = await sql<{ item_id: string; mo_id: string | null; status: ExecutionStatus; deadline_at: Date; metrics: Record<string, number> | null }[]>`
    select item_id, mo_id, status, deadline_at,
           case when status in ('submitted', 'accepted') then report->'metrics' end as metrics
    from item_executions where roadmap_id = ${period.roadmap_id}
    -- Cancelled ones too (shown «отменено»); a live execution of the same item and МО comes last and wins.
    order by (status <> 'cancelled')`;
  const ids = new Set<string>([period.coordinator_id, ...rm.document.participatingMoIds]);
  for (const d of duties) ids.add(d.person_id).add(d.organisation_id);
  const names = await sql<{ id: string; name: string }[]>`
    select id, full_name as name from people where id = any(${[...ids]})
    union all select id, name from organisations where id = any(${[...ids]})`;

  const metrics = new Map<string, number[]>();
  for (const e of executions) {
    for (const [id, v] of Object.entries(e.metrics ?? {})) {
      if (typeof v === 'number') metrics.set(id, [...(metrics.get(id) ?? []), v]);
    }
  }
  const report = consolidate({
    period: {
      periodId: period.id,
      number: period.number,
      roadMapId: period.roadmap_id,
      opensAt: period.opens_at.toISOString(),
      dueAt: period.due_at.toISOString(),
      cutoffAt: period.cutoff_at.toISOString(),
      coordinatorId: period.coordinator_id,
    },
    roadMapTitle: rm.title,
    region: { code: rm.regionCode, name: rm.regionName, timeZone: rm.timeZone },
    document: rm.document,
    duties: duties.map((d) => ({
      personId: d.person_id,
      organisationId: d.organisation_id,
      smo: d.smo,
      lines: d.lines,
      moIds: d.mo_ids,
      controllerIds: d.controller_ids,
      status: d.status,
      submittedAt: d.first_submitted_at?.toISOString() ?? null,
    })),
    reports: new Map(reports.map((r) => [r.person_id, r.report])),
    executions: new Map(executions.map((e) => [lineKey(e.item_id, e.mo_id), { status: e.status, deadlineAt: e.deadline_at.toISOString() }])),
    reportedMetrics: metrics,
    informingIndicatorId: rm.policy.informingIndicatorId,
    names: new Map(names.map((n) => [n.id, n.name])),
    compiledAt: at.toISOString(),
    reason: input.reason,
  });

  const event: DomainEvent = {
    id: `${input.periodId}:compiled:${input.compilation}`,
    type: 'monitoring.consolidated_compiled',
    roadMapId: period.roadmap_id,
    subject: input.periodId,
    version: period.version,
    occurredAt: report.compiledAt,
    actorId: null,
    actingForId: null,
    payload: { compilation: input.compilation, reason: input.reason, report },
  };
  await appendEvents(sql, [event], email);
  return { missing: report.totals.missing };
}
