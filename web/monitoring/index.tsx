import { Hono } from 'hono';
import type { ServiceDeps } from '../../services/deps.js';
import { consolidatedCsv } from '../../services/exports/consolidated-report-csv.js';
import { exportFileName } from '../../services/exports/consolidated-report-rows.js';
import { consolidatedXlsx } from '../../services/exports/consolidated-report-xlsx.js';
import { submitConsolidatedReport, submitWeeklyReport } from '../../services/monitoring/monitoring-commands.js';
import { readableConsolidated, readablePeriod } from '../../services/monitoring/monitoring-read-model.js';
import { SubmissionBody, WeeklyReportBody } from '../../services/monitoring/monitoring-inputs.js';
import { weeklyReportContext } from '../../services/monitoring/report-form-read-model.js';
import { formValues, parseWith, refusalToForm } from '../components/forms.js';
import { formCommandId, type WebEnv } from '../session/web-session.js';
import { refusalStatus } from '../components/forms.js';
import { XLSX } from './shared.js';
import { FILES_FIELD, filesErrors, formUploads } from '../components/file-uploads.js';
import { reportInput, toFormKeys } from './report-form-input.js';
import { listPage } from './list.js';
import { reportPage } from './report-form.js';
import { consolidatedPage } from './consolidated.js';

/**
 * Weekly monitoring for people: the list of my reporting duties and the
 * periods I coordinate, the weekly report form, and the coordinator's
 * consolidated report with its submission to ФОМС. Every write goes through
 * services/monitoring/monitoring-commands.ts, the same code (and Temporal Updates) as /api/monitoring.
 */

export function monitoringPages(deps: ServiceDeps) {
  const app = new Hono<WebEnv>();

  app.get('/monitoring', (c) => listPage(c, deps));

  app.get('/monitoring/periods/:id/report', (c) => reportPage(c, deps, c.req.param('id')));

  app.post('/monitoring/periods/:id/report', async (c) => {
    const id = c.req.param('id');
    const actor = c.get('actor');
    const body = await c.req.parseBody();
    const values = formValues(body);
    const reporter = c.req.query('reporter') || undefined;
    const { duty } = await weeklyReportContext(deps.sql, actor, id, reporter);
    const { input, smoIndex } = reportInput(duty, values, reporter && reporter !== actor.personId ? reporter : null);
    const commandId = formCommandId(actor, body._command);
    // Files first: a bad one is refused in place and no command is sent; good ones are kept for the next try.
    const files = await formUploads(c, deps, actor, commandId);
    values.keep = files.ids.join(',');
    // The API's own body schema: the same field rules and messages as POST /api/monitoring/periods/{id}/reports.
    const parsed = parseWith(WeeklyReportBody, { ...input, attachments: files.ids.map((attachmentId) => ({ attachmentId })) });
    if (!parsed.ok || files.refused) {
      const errors = { ...(parsed.ok ? {} : filesErrors(toFormKeys(parsed.errors, smoIndex))), ...(files.refused ? { [FILES_FIELD]: files.refused.message } : {}) };
      return reportPage(c, deps, id, { values, errors }, files.refused?.status ?? 400);
    }
    let result;
    try {
      result = await submitWeeklyReport(deps, actor, id, parsed.data, commandId);
    } catch (err) {
      const form = refusalToForm(err, { values });
      return reportPage(c, deps, id, { ...form, errors: filesErrors(toFormKeys(form.errors, smoIndex)) }, refusalStatus(form.code));
    }
    const ok = result.revision > 1 ? 'corrected' : result.late ? 'late' : 'on_time';
    const q = new URLSearchParams({ ...(reporter ? { reporter } : {}), ok });
    return c.redirect(`/monitoring/periods/${encodeURIComponent(id)}/report?${q}`, 303);
  });

  app.get('/monitoring/periods/:id/consolidated', (c) => consolidatedPage(c, deps, c.req.param('id')));

  app.post('/monitoring/periods/:id/consolidated/submit', async (c) => {
    const id = c.req.param('id');
    const actor = c.get('actor');
    const body = await c.req.parseBody();
    const values = formValues(body);
    const parsed = parseWith(SubmissionBody, { comment: values.comment ?? '' });
    if (!parsed.ok) return consolidatedPage(c, deps, id, { values, errors: parsed.errors }, 400);
    try {
      await submitConsolidatedReport(deps, actor, id, parsed.data.comment, formCommandId(actor, body._command));
    } catch (err) {
      const form = refusalToForm(err, { values });
      return consolidatedPage(c, deps, id, form, refusalStatus(form.code));
    }
    return c.redirect(`/monitoring/periods/${encodeURIComponent(id)}/consolidated?ok=submitted`, 303);
  });

  // The downloads for the browser: the API's files, authorised by the page session instead of a Bearer token.
  app.get('/monitoring/periods/:id/consolidated.xlsx', async (c) => {
    const actor = c.get('actor');
    const p = await readablePeriod(deps.sql, actor, c.req.param('id'));
    const { report } = await readableConsolidated(deps.sql, actor, p);
    const data = await consolidatedXlsx(report, { submittedAt: p.submitted_at?.toISOString() ?? null, comment: p.coordinator_comment });
    return c.body(new Uint8Array(data), 200, { 'content-type': XLSX, 'content-disposition': `attachment; filename="${exportFileName(report, 'xlsx')}"` });
  });

  app.get('/monitoring/periods/:id/consolidated.csv', async (c) => {
    const actor = c.get('actor');
    const p = await readablePeriod(deps.sql, actor, c.req.param('id'));
    const { report } = await readableConsolidated(deps.sql, actor, p);
    return c.body(consolidatedCsv(report), 200, {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="${exportFileName(report, 'csv')}"`,
    });
  });

  return app;
}
