import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { IsoDate } from '../../domain/deadline.js';
import { reportStatusLabel, type ReportStatus } from '../../domain/reporting-period.js';
import type { DutyLine } from '../../domain/reporting-duty.js';
import type { WeeklyReport } from '../../domain/weekly-report.js';
import type { ApiDeps, AppEnv } from '../app-env.js';
import { consolidatedCsv } from '../../services/exports/consolidated-report-csv.js';
import { exportFileName } from '../../services/exports/consolidated-report-rows.js';
import { consolidatedXlsx } from '../../services/exports/consolidated-report-xlsx.js';
import { validationHook } from '../errors.js';
import { submitConsolidatedReport, submitWeeklyReport } from '../../services/monitoring/monitoring-commands.js';
import { disciplineOf } from '../../services/monitoring/monitoring-discipline.js';
import { periodRows, periodSummary, readableConsolidated, readablePeriod } from '../../services/monitoring/monitoring-read-model.js';
import {
  ConsolidatedView,
  Discipline,
  PeriodDetail,
  PeriodSummary,
  ReportCommandResult,
  StoredReport,
  SubmissionBody,
  SubmissionResult,
  WeeklyReportBody,
} from '../monitoring-schemas.js';
import { readableRoadMap } from '../../services/roadmaps/roadmap-read-model.js';
import { errors, IdParam, json, Page } from '../schemas.js';

const tags = ['monitoring'];
const security = [{ Bearer: [] }];
const body = <T>(schema: T) => ({ body: { content: { 'application/json': { schema } }, required: true } });
const file = (type: string, description: string) => ({ description, content: { [type]: { schema: z.string().openapi({ format: 'binary' }) } } });
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

const routes = {
  list: createRoute({ method: 'get', path: '/api/monitoring/periods', tags, security, summary: 'Отчётные периоды еженедельного мониторинга (новые первыми)',
    request: { query: Page.extend({ roadmap: z.string().max(200).optional(), from: IsoDate.optional(), to: IsoDate.optional() }).strict() },
    responses: { 200: json(z.object({ periods: z.array(PeriodSummary) }), 'Периоды'), ...errors } }),
  get: createRoute({ method: 'get', path: '/api/monitoring/periods/{id}', tags, security, summary: 'Отчётный период: сроки, кто отчитывается и о чём, состояние отчётов',
    request: { params: IdParam }, responses: { 200: json(PeriodDetail, 'Период'), ...errors } }),
  submit: createRoute({ method: 'post', path: '/api/monitoring/periods/{id}/reports', tags, security,
    summary: 'Представить или исправить свой еженедельный отчёт (до окончания приёма; после срока — с отметкой об опоздании)',
    request: { params: IdParam, ...body(WeeklyReportBody) }, responses: { 200: json(ReportCommandResult, 'Отчёт принят'), ...errors } }),
  reports: createRoute({ method: 'get', path: '/api/monitoring/reports', tags, security, summary: 'Еженедельные отчёты: по дорожной карте, неделе, ответственному, МО',
    request: { query: Page.extend({ roadmap: z.string().max(200), period: z.string().max(200).optional(), reporter: z.string().max(64).optional(),
      mo: z.string().max(64).optional(), revisions: z.enum(['latest', 'all']).default('latest') }).strict() },
    responses: { 200: json(z.object({ reports: z.array(StoredReport) }), 'Отчёты'), ...errors } }),
  consolidated: createRoute({ method: 'get', path: '/api/monitoring/periods/{id}/consolidated', tags, security,
    summary: 'Сводный отчёт за период (ФОМС видит его после направления координатором)',
    request: { params: IdParam }, responses: { 200: json(ConsolidatedView, 'Сводный отчёт'), ...errors } }),
  submitConsolidated: createRoute({ method: 'post', path: '/api/monitoring/periods/{id}/consolidated/submit', tags, security,
    summary: 'Направить сводный отчёт в ФОМС с комментарием (координатор мониторинга)',
    request: { params: IdParam, ...body(SubmissionBody) }, responses: { 200: json(SubmissionResult, 'Направлен'), ...errors } }),
  xlsx: createRoute({ method: 'get', path: '/api/monitoring/periods/{id}/consolidated.xlsx', tags, security, summary: 'Сводный отчёт в формате XLSX',
    request: { params: IdParam }, responses: { 200: file(XLSX, 'Книга Excel'), ...errors } }),
  csv: createRoute({ method: 'get', path: '/api/monitoring/periods/{id}/consolidated.csv', tags, security, summary: 'Сводный отчёт в формате CSV (UTF-8, разделитель «;»)',
    request: { params: IdParam }, responses: { 200: file('text/csv', 'Таблица CSV'), ...errors } }),
  discipline: createRoute({ method: 'get', path: '/api/monitoring/discipline', tags, security,
    summary: 'Исполнительская дисциплина: отчёты в срок, с опозданием, не представленные; мероприятия в срок, перенесённые, просроченные',
    request: { query: z.object({ roadmap: z.string().max(200) }).strict() }, responses: { 200: json(Discipline, 'Показатели дисциплины'), ...errors } }),
};

export function monitoringRoutes(deps: ApiDeps) {
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });

  app.openapi(routes.list, async (c) => {
    const actor = c.get('actor');
    const q = c.req.valid('query');
    if (q.roadmap) await readableRoadMap(deps.sql, actor, q.roadmap);
    const everyRegion = actor.organisationKind === 'FOMS' || actor.roles.includes('admin');
    const rows = await periodRows(
      deps.sql,
      deps.sql`(${everyRegion} or r.region_code = ${actor.regionCode ?? ''})
        ${q.roadmap ? deps.sql`and p.roadmap_id = ${q.roadmap}` : deps.sql``}
        ${q.from ? deps.sql`and (p.opens_at at time zone p.time_zone)::date >= ${q.from}::date` : deps.sql``}
        ${q.to ? deps.sql`and (p.opens_at at time zone p.time_zone)::date <= ${q.to}::date` : deps.sql``}`,
      q.limit,
      q.offset,
    );
    return c.json({ periods: rows.map(periodSummary) }, 200);
  });

  app.openapi(routes.get, async (c) => {
    const p = await readablePeriod(deps.sql, c.get('actor'), c.req.valid('param').id);
    const duties = await deps.sql<{
      person_id: string; name: string; organisation_id: string; organisation_name: string; smo: boolean; status: ReportStatus;
      first_submitted_at: Date | null; last_submitted_at: Date | null; revision: number; last_rung: string | null; mo_ids: string[]; lines: DutyLine[];
    }[]>`
      select d.*, pe.full_name as name, o.name as organisation_name from reporting_duties d
      join people pe on pe.id = d.person_id join organisations o on o.id = d.organisation_id
      where d.period_id = ${p.id} order by d.person_id`;
    return c.json(
      {
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
      },
      200,
    );
  });

  app.openapi(routes.submit, async (c) => {
    return c.json(await submitWeeklyReport(deps, c.get('actor'), c.req.valid('param').id, c.req.valid('json'), c.get('commandId')), 200);
  });

  app.openapi(routes.reports, async (c) => {
    const q = c.req.valid('query');
    await readableRoadMap(deps.sql, c.get('actor'), q.roadmap);
    const rows = await deps.sql<{
      period_id: string; number: number; roadmap_id: string; person_id: string; name: string; revision: number; late: boolean;
      submitted_at: Date; submitted_by: string; acting_for_id: string | null; report: WeeklyReport;
    }[]>`
      select w.*, p.number, p.roadmap_id, pe.full_name as name from weekly_reports w
      join reporting_periods p on p.id = w.period_id join people pe on pe.id = w.person_id
      where p.roadmap_id = ${q.roadmap}
        ${q.period ? deps.sql`and w.period_id = ${q.period}` : deps.sql``}
        ${q.reporter ? deps.sql`and w.person_id = ${q.reporter}` : deps.sql``}
        ${q.mo ? deps.sql`and exists (select 1 from reporting_duties d where d.period_id = w.period_id and d.person_id = w.person_id and ${q.mo} = any(d.mo_ids))` : deps.sql``}
        ${q.revisions === 'latest' ? deps.sql`and w.revision = (select max(x.revision) from weekly_reports x where x.period_id = w.period_id and x.person_id = w.person_id)` : deps.sql``}
      order by p.opens_at desc, w.person_id, w.revision desc limit ${q.limit} offset ${q.offset}`;
    return c.json(
      {
        reports: rows.map((w) => ({
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
        })),
      },
      200,
    );
  });

  app.openapi(routes.consolidated, async (c) => {
    const actor = c.get('actor');
    const p = await readablePeriod(deps.sql, actor, c.req.valid('param').id);
    const row = await readableConsolidated(deps.sql, actor, p);
    return c.json(
      {
        periodId: p.id,
        status: p.status,
        compilation: row.compilation,
        submittedAt: p.submitted_at?.toISOString() ?? null,
        submittedBy: p.submitted_by,
        coordinatorComment: p.coordinator_comment,
        report: row.report,
      },
      200,
    );
  });

  app.openapi(routes.submitConsolidated, async (c) => {
    const { comment } = c.req.valid('json');
    return c.json(await submitConsolidatedReport(deps, c.get('actor'), c.req.valid('param').id, comment, c.get('commandId')), 200);
  });

  app.openapi(routes.xlsx, async (c) => {
    const actor = c.get('actor');
    const p = await readablePeriod(deps.sql, actor, c.req.valid('param').id);
    const { report } = await readableConsolidated(deps.sql, actor, p);
    const data = await consolidatedXlsx(report, { submittedAt: p.submitted_at?.toISOString() ?? null, comment: p.coordinator_comment });
    return c.body(new Uint8Array(data), 200, {
      'content-type': XLSX,
      'content-disposition': `attachment; filename="${exportFileName(report, 'xlsx')}"`,
    }) as never;
  });

  app.openapi(routes.csv, async (c) => {
    const actor = c.get('actor');
    const p = await readablePeriod(deps.sql, actor, c.req.valid('param').id);
    const { report } = await readableConsolidated(deps.sql, actor, p);
    return c.body(consolidatedCsv(report), 200, {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="${exportFileName(report, 'csv')}"`,
    }) as never;
  });

  app.openapi(routes.discipline, async (c) => {
    const rm = await readableRoadMap(deps.sql, c.get('actor'), c.req.valid('query').roadmap);
    return c.json(await disciplineOf(deps.sql, rm.id), 200);
  });

  return app;
}
