import type postgres from 'postgres';
import type { ConsolidatedReport } from '../domain/consolidated-report.js';
import type { Rung, ScheduledRung } from '../domain/escalation-policy.js';
import type { DomainEvent } from '../domain/events.js';
import {
  consolidatedCompiledText,
  consolidatedSubmittedText,
  reportRequestedText,
  reportRungText,
  type PeriodContext,
} from '../domain/monitoring-notification-text.js';
import { lineKey, type ReportingDuty } from '../domain/reporting-duty.js';
import { isoWeekOf } from '../domain/federal/iso-week.js';
import type { WeeklyReport } from '../domain/weekly-report.js';
import { appUrl, notifyAbout, type EmailMode, routeToActing, type Recipient } from './notification-outbox.js';

type Tx = postgres.TransactionSql;

export const isMonitoringEvent = (e: DomainEvent) => e.type.startsWith('monitoring.');
/**
 * The web page a monitoring notification opens: the reporter's own form (for
 * the person stood in for, when acting), or the consolidated report for whoever
 * follows others' reports (controllers, the director, the coordinator, ФОМС).
 */
export function periodLink(periodId: string, page: 'report' | 'consolidated', recipient?: Recipient): string {
  const base = `${appUrl()}/monitoring/periods/${encodeURIComponent(periodId)}/${page}`;
  return page === 'report' && recipient?.actingForId ? `${base}?reporter=${encodeURIComponent(recipient.actingForId)}` : base;
}
const reportLink = (periodId: string) => (r: Recipient) => periodLink(periodId, 'report', r);
const consolidatedLink = (periodId: string) => () => periodLink(periodId, 'consolidated');

interface PeriodRow {
  id: string;
  number: number;
  opens_at: Date;
  due_at: Date;
  cutoff_at: Date;
  time_zone: string;
  coordinator_id: string;
  title: string;
  region_name: string;
}

async function period(tx: Tx, id: string): Promise<PeriodRow> {
  const [row] = await tx<PeriodRow[]>`
    select p.id, p.number, p.opens_at, p.due_at, p.cutoff_at, p.time_zone, p.coordinator_id, r.title, g.name as region_name
    from reporting_periods p join roadmaps r on r.id = p.roadmap_id join regions g on g.code = r.region_code where p.id = ${id}`;
  return row;
}

const context = (p: PeriodRow, actingForName: string | null, link: string): PeriodContext => ({
  number: p.number,
  roadMapTitle: p.title,
  opensAt: p.opens_at,
  dueAt: p.due_at,
  cutoffAt: p.cutoff_at,
  timeZone: p.time_zone,
  link,
  actingForName,
});

async function fullNames(tx: Tx, ids: string[]): Promise<Map<string, string>> {
  if (!ids.length) return new Map();
  const rows = await tx<{ id: string; full_name: string }[]>`select id, full_name from people where id = any(${ids})`;
  return new Map(rows.map((r) => [r.id, r.full_name]));
}

/** The weekly-monitoring read model, applied in the append's transaction like every other event. */
export async function projectMonitoringEvent(tx: Tx, e: DomainEvent, email: EmailMode): Promise<void> {
  const p = e.payload as Record<string, unknown>;
  switch (e.type) {
    case 'monitoring.period_opened': {
      const duties = p.duties as ReportingDuty[];
      await tx`insert into reporting_periods ${tx([
        {
          id: e.subject,
          roadmap_id: e.roadMapId,
          version: e.version!,
          number: p.number as number,
          opens_at: p.opensAt as string,
          due_at: p.dueAt as string,
          cutoff_at: p.cutoffAt as string,
          status: 'open',
          coordinator_id: p.coordinatorId as string,
          workflow_id: p.workflowId as string,
          time_zone: p.timeZone as string,
          iso_week: isoWeekOf(new Date(p.opensAt as string), p.timeZone as string),
          ladder: tx.json(p.ladder as ScheduledRung[] as never),
        },
      ])} on conflict (id) do nothing`;
      if (duties.length) {
        await tx`insert into reporting_duties ${tx(
          duties.map((d) => ({
            period_id: e.subject,
            person_id: d.personId,
            organisation_id: d.organisationId,
            smo: d.smo,
            lines: tx.json(d.lines as never),
            mo_ids: d.moIds,
            controller_ids: d.controllerIds,
            status: 'pending',
          })),
        )} on conflict do nothing`;
        await releaseDutiesWithoutLiveLines(tx, { periodId: e.subject });
      }
      const row = await period(tx, e.subject);
      const lines = new Map(duties.map((d) => [d.personId, d.lines.length]));
      const recipients = await routeToActing(tx, duties.map((d) => d.personId), e.occurredAt);
      await notifyAbout(tx, e, recipients, 'report_requested', reportLink(e.subject), (r, acting) =>
        reportRequestedText(context(row, acting, reportLink(e.subject)(r)), lines.get(r.actingForId ?? r.personId) ?? 0),
        email,
      );
      return;
    }
    case 'monitoring.report_submitted': {
      const reporterId = p.reporterId as string;
      const report = p.report as WeeklyReport;
      await tx`insert into weekly_reports ${tx([
        {
          period_id: e.subject,
          person_id: reporterId,
          revision: p.revision as number,
          submitted_at: e.occurredAt,
          submitted_by: e.actorId!,
          acting_for_id: e.actingForId,
          late: Boolean(p.late),
          report: tx.json(report as never),
        },
      ])} on conflict do nothing`;
      await tx`delete from weekly_report_lines where period_id = ${e.subject} and person_id = ${reporterId}`;
      if (report.lines.length) {
        await tx`insert into weekly_report_lines ${tx(
          report.lines.map((l) => ({
            period_id: e.subject,
            person_id: reporterId,
            item_id: l.itemId,
            mo_key: lineKey(l.itemId, l.moId),
            mo_id: l.moId,
            status: l.status,
            percent: l.percent,
            done: l.done,
            problems: l.problems,
          })),
        )}`;
      }
      await tx`update reporting_duties set status = ${p.late ? 'late' : 'on_time'},
                 first_submitted_at = coalesce(first_submitted_at, ${e.occurredAt}), last_submitted_at = ${e.occurredAt}, revision = ${p.revision as number}
               where period_id = ${e.subject} and person_id = ${reporterId}`;
      return;
    }
    case 'monitoring.report_rung_fired': {
      const rung = p.rung as Rung;
      const recipients = p.recipients as (Recipient & { about: string[] })[];
      await tx`update reporting_duties set last_rung = ${rung.id} where period_id = ${e.subject} and person_id = any(${p.outstanding as string[]})`;
      const row = await period(tx, e.subject);
      const names = await fullNames(tx, p.outstanding as string[]);
      const aboutOf = (r: Recipient) => recipients.find((x) => x.personId === r.personId && x.actingForId === r.actingForId)?.about ?? [];
      // A late reporter is sent to their own form; those told about others' reports, to the consolidated report.
      const link = (r: Recipient) => (aboutOf(r).includes(r.actingForId ?? r.personId) ? reportLink(e.subject)(r) : periodLink(e.subject, 'consolidated'));
      await notifyAbout(tx, e, recipients, rung.kind === 'reminder' ? 'report_reminder' : 'report_late', link, (r, acting) =>
        reportRungText(rung, context(row, acting, link(r)), aboutOf(r).map((id) => names.get(id) ?? id)),
        email,
      );
      return;
    }
    case 'monitoring.period_closed':
      await tx`update reporting_duties set status = 'missing' where period_id = ${e.subject} and status = 'pending'`;
      await tx`update reporting_periods set status = case when status = 'submitted' then status else 'closed' end, closed_at = ${e.occurredAt}
               where id = ${e.subject}`;
      return;
    case 'monitoring.consolidated_compiled': {
      const report = p.report as ConsolidatedReport;
      const compilation = p.compilation as number;
      await tx`insert into consolidated_reports ${tx([
        { period_id: e.subject, compilation, compiled_at: e.occurredAt, reason: p.reason as string, report: tx.json(report as never) },
      ])} on conflict (period_id) do update set compilation = excluded.compilation, compiled_at = excluded.compiled_at,
           reason = excluded.reason, report = excluded.report
         where consolidated_reports.compilation < excluded.compilation`;
      await tx`update reporting_periods set compiled_at = ${e.occurredAt} where id = ${e.subject}`;
      // The coordinator hears once when it is ready, and again when the cut-off gives the final picture.
      if (compilation === 1 || p.reason === 'cutoff') {
        const row = await period(tx, e.subject);
        const missing = report.reporters.filter((r) => r.status === 'missing' || r.status === 'pending').map((r) => r.name);
        const recipients = await routeToActing(tx, [row.coordinator_id], e.occurredAt);
        await notifyAbout(tx, e, recipients, 'consolidated_compiled', consolidatedLink(e.subject), (_r, acting) =>
          consolidatedCompiledText(context(row, acting, periodLink(e.subject, 'consolidated')), missing),
          email,
        );
      }
      return;
    }
    case 'monitoring.consolidated_submitted': {
      await tx`update reporting_periods set status = 'submitted', submitted_at = ${e.occurredAt}, submitted_by = ${e.actorId},
                 submitted_acting_for_id = ${e.actingForId}, coordinator_comment = ${(p.comment as string) || null}
               where id = ${e.subject}`;
      // The federal week of the period's region learns it in the same transaction (the message to its workflow follows).
      await tx`update federal_region_weeks f set submitted_at = ${e.occurredAt}, period_id = p.id
               from reporting_periods p join roadmaps r on r.id = p.roadmap_id join federal_weeks w on w.week = p.iso_week
               where p.id = ${e.subject} and f.federal_week_id = w.id and f.region_code = r.region_code and f.submitted_at is null`;
      const row = await period(tx, e.subject);
      // Seed 000: the coordinator reports to ФОМС, where the curators of the federal-district groups read it.
      // The pilot group's curator (the ТФОМС director of the group's curator region) reads it too.
      const curators = await tx<{ id: string }[]>`
        select id from people where 'foms_curator' = any(roles)
        union
        select p.id from people p join organisations o on o.id = p.organisation_id and o.kind = 'TFOMS' and p.position = 'director'
          join pilot_groups g on g.curator_region_code = o.region_code join pilot_regions pr on pr.group_id = g.id
          join roadmaps r on r.region_code = pr.region_code join reporting_periods rp on rp.roadmap_id = r.id
        where rp.id = ${e.subject}
        order by id`;
      const recipients = await routeToActing(tx, curators.map((c) => c.id), e.occurredAt);
      const coordinator = (await fullNames(tx, [e.actorId!])).get(e.actorId!) ?? e.actorId!;
      await notifyAbout(tx, e, recipients, 'consolidated_submitted', consolidatedLink(e.subject), (_r, acting) =>
        consolidatedSubmittedText(context(row, acting, periodLink(e.subject, 'consolidated')), row.region_name, coordinator, (p.comment as string) ?? ''),
        email,
      );
      return;
    }
  }
}

/**
 * A duty whose every line's execution is cancelled (an approved amendment
 * dropped its items) owes nothing: it is released, so the late-report ladder
 * skips it, the cut-off does not count it missing and the discipline figures
 * leave it out — the consolidated report's rule (domain/consolidated-report.ts).
 */
export async function releaseDutiesWithoutLiveLines(tx: postgres.TransactionSql, where: { roadMapId?: string; periodId?: string }): Promise<void> {
  await tx`
    update reporting_duties d set status = 'released'
    from reporting_periods p
    where p.id = d.period_id and p.status = 'open' and d.status = 'pending' and jsonb_array_length(d.lines) > 0
      and ${where.periodId ? tx`p.id = ${where.periodId}` : tx`p.roadmap_id = ${where.roadMapId ?? ''}`}
      and not exists (
        select 1 from jsonb_array_elements(d.lines) l
        where not exists (
          select 1 from item_executions e
          where e.roadmap_id = p.roadmap_id and e.item_id = l->>'itemId' and e.mo_id is not distinct from l->>'moId' and e.status = 'cancelled'))`;
}
