import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { IsoDate } from '../../domain/deadline.js';
import type { ApiDeps, AppEnv } from '../app-env.js';
import { consolidatedCsv } from '../../services/exports/consolidated-report-csv.js';
import { exportFileName } from '../../services/exports/consolidated-report-rows.js';
import { consolidatedXlsx } from '../../services/exports/consolidated-report-xlsx.js';
import { validationHook } from '../errors.js';
import { submitConsolidatedReport, submitWeeklyReport } from '../../services/monitoring/monitoring-commands.js';
import { readableDiscipline } from '../../services/monitoring/monitoring-discipline.js';
import { readableConsolidated, readablePeriod } from '../../services/monitoring/monitoring-read-model.js';
import { periodDetail, visiblePeriods, weeklyReports } from '../../services/monitoring/monitoring-queries.js';
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
import { errors, IdParam, json, Page } from '../schemas.js';

/** A filter date the production calendar covers; year 0000 or 9999 is bad input, not a 500 from PostgreSQL. */
const QueryDate = IsoDate.refine((s) => Number(s.slice(0, 4)) >= 2000 && Number(s.slice(0, 4)) <= 2100, 'год от 2000 до 2100');

const tags = ['monitoring'];
const security = [{ Bearer: [] }];
const body = <T>(schema: T) => ({ body: { content: { 'application/json': { schema } }, required: true } });
const file = (type: string, description: string) => ({ description, content: { [type]: { schema: z.string().openapi({ format: 'binary' }) } } });
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

const routes = {
  list: createRoute({ method: 'get', path: '/api/monitoring/periods', tags, security, summary: 'Отчётные периоды еженедельного мониторинга (новые первыми)',
    request: { query: Page.extend({ roadmap: z.string().max(200).optional(), from: QueryDate.optional(), to: QueryDate.optional() }).strict() },
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

  app.openapi(routes.list, async (c) => c.json({ periods: await visiblePeriods(deps.sql, c.get('actor'), c.req.valid('query')) }, 200));

  app.openapi(routes.get, async (c) => c.json(await periodDetail(deps.sql, c.get('actor'), c.req.valid('param').id), 200));

  app.openapi(routes.submit, async (c) => {
    return c.json(await submitWeeklyReport(deps, c.get('actor'), c.req.valid('param').id, c.req.valid('json'), c.get('commandId')), 200);
  });

  app.openapi(routes.reports, async (c) => c.json({ reports: await weeklyReports(deps.sql, c.get('actor'), c.req.valid('query')) }, 200));

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
    return c.json(await readableDiscipline(deps.sql, c.get('actor'), c.req.valid('query').roadmap), 200);
  });

  return app;
}
