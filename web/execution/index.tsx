import { Hono } from 'hono';
import { CompletionReport } from '../../domain/completion-report.js';
import type { ServiceDeps } from '../../services/deps.js';
import { acceptExecution, completeExecution, decideExtensionRequest, requestExtension, returnExecution } from '../../services/executions/execution-commands.js';
import { executionDocument, executionOfExtensionRequest, roadMapTimeZone } from '../../services/executions/execution-details.js';
import { DecisionBody, ExtensionRequestBody, ReturnExecutionBody } from '../../services/executions/execution-inputs.js';
import { readableExecution } from '../../services/executions/execution-read-model.js';
import { isoFromRu, localise } from '../components/dates.js';
import { formValues, parseWith, refusalToForm, refusalStatus } from '../components/forms.js';
import { formCommandId, type WebEnv } from '../session/web-session.js';
import { renderExecution } from './execution-view.js';
import { keptIds } from '../components/file-uploads.js';
import { chosenFiles, formFiles } from './upload-forms.js';

/** Blank optional groups are left out so "no document" is not an error; a number typed with a comma is still a number. */
function completionInput(values: Record<string, string>, indicatorIds: string[]) {
  const doc = { number: values['resultDocument.number']?.trim() ?? '', date: isoFromRu(values['resultDocument.date'] ?? ''), title: values['resultDocument.title']?.trim() ?? '' };
  const metrics: Record<string, number | string> = {};
  for (const k of indicatorIds) {
    const raw = values[`metrics.${k}`]?.trim().replace(/\s/g, '') ?? '';
    if (!raw) continue;
    const n = Number(raw.replace(',', '.'));
    metrics[k] = Number.isFinite(n) ? n : raw;
  }
  return { text: values.text ?? '', ...(doc.number || doc.date || doc.title ? { resultDocument: doc } : {}), metrics };
}

export function executionPages(deps: ServiceDeps) {
  const app = new Hono<WebEnv>();
  const back = (id: string, ok: string) => `/executions/${encodeURIComponent(id)}?ok=${ok}`;

  app.get('/executions/:id', (c) => renderExecution(c, deps, c.req.param('id')));

  app.post('/executions/:id/complete', async (c) => {
    const id = c.req.param('id');
    const actor = c.get('actor');
    const body = await c.req.parseBody({ all: true });
    const values = formValues(body);
    const row = await readableExecution(deps.sql, actor, id);
    const v = await executionDocument(deps.sql, row);
    const item = v.document.directions.flatMap((dir) => dir.items).find((i) => i.id === row.item_id);
    const files = await chosenFiles(body);
    const keep = keptIds(body);
    const commandId = formCommandId(actor, body._command);
    const parsed = parseWith(CompletionReport, completionInput(values, item?.indicatorIds ?? []));
    // Files are judged and stored first, whatever else is wrong: a bad one is named now (nothing stored),
    // good ones come back as `keep` boxes, since a browser never refills a file input.
    const stored = await formFiles(deps, c, files, keep, commandId);
    values.keep = stored.ids.join(',');
    if (!parsed.ok) return renderExecution(c, deps, id, { complete: { values, errors: { ...parsed.errors, ...stored.errors }, scope: 'complete' } }, 400);
    if (stored.refused) return renderExecution(c, deps, id, { complete: { values, errors: stored.errors, scope: 'complete' } }, stored.refused);
    // The form sends no file metadata of its own (completionInput): its files are the kept and the new.
    const refs = stored.ids.map((attachmentId) => ({ attachmentId }));
    try {
      await completeExecution(deps, actor, id, { ...parsed.data, attachments: refs }, commandId);
    } catch (err) {
      const form = refusalToForm(err, { values, scope: 'complete' }, localise(v.time_zone));
      return renderExecution(c, deps, id, { complete: form }, refusalStatus(form.code));
    }
    return c.redirect(back(id, 'completed'), 303);
  });

  app.post('/executions/:id/accept', async (c) => {
    const id = c.req.param('id');
    const body = await c.req.parseBody();
    try {
      await acceptExecution(deps, c.get('actor'), id, formCommandId(c.get('actor'), body._command));
    } catch (err) {
      const form = refusalToForm(err, { values: {}, scope: 'return' });
      return renderExecution(c, deps, id, { return: form }, refusalStatus(form.code));
    }
    return c.redirect(back(id, 'accepted'), 303);
  });

  app.post('/executions/:id/return', async (c) => {
    const id = c.req.param('id');
    const body = await c.req.parseBody();
    const values = formValues(body);
    const parsed = parseWith(ReturnExecutionBody, { comment: values.comment ?? '' });
    if (!parsed.ok) return renderExecution(c, deps, id, { return: { values, errors: parsed.errors, scope: 'return' } }, 400);
    try {
      await returnExecution(deps, c.get('actor'), id, parsed.data.comment, formCommandId(c.get('actor'), body._command));
    } catch (err) {
      const form = refusalToForm(err, { values, scope: 'return' });
      return renderExecution(c, deps, id, { return: form }, refusalStatus(form.code));
    }
    return c.redirect(back(id, 'returned'), 303);
  });

  app.post('/executions/:id/extension', async (c) => {
    const id = c.req.param('id');
    const body = await c.req.parseBody({ all: true });
    const values = formValues(body);
    const files = await chosenFiles(body);
    const keep = keptIds(body);
    const commandId = formCommandId(c.get('actor'), body._command);
    // As for the report: files judged and stored first, good ones kept across another field's error.
    const stored = await formFiles(deps, c, files, keep, commandId);
    values.keep = stored.ids.join(',');
    const date = isoFromRu(values.newDeadline ?? '');
    const parsed = parseWith(ExtensionRequestBody, { newDeadline: { date }, reason: values.reason ?? '' });
    if (!parsed.ok) {
      const errors = { ...parsed.errors };
      // The deadline is a union (date | date-time): its generic message is replaced by one about the date field.
      for (const k of Object.keys(errors)) {
        if (k.startsWith('newDeadline')) {
          delete errors[k];
          errors.newDeadline = date ? 'дата в формате ДД.ММ.ГГГГ' : 'укажите дату нового срока';
        }
      }
      return renderExecution(c, deps, id, { extension: { values, errors: { ...errors, ...stored.errors }, scope: 'extension' } }, 400);
    }
    const row = await readableExecution(deps.sql, c.get('actor'), id);
    const time_zone = await roadMapTimeZone(deps.sql, row.roadmap_id);
    if (stored.refused) return renderExecution(c, deps, id, { extension: { values, errors: stored.errors, scope: 'extension' } }, stored.refused);
    const refs = stored.ids.map((attachmentId) => ({ attachmentId }));
    try {
      await requestExtension(deps, c.get('actor'), id, { ...parsed.data, attachments: refs }, commandId);
    } catch (err) {
      const form = refusalToForm(err, { values, scope: 'extension' }, localise(time_zone));
      return renderExecution(c, deps, id, { extension: form }, refusalStatus(form.code));
    }
    return c.redirect(back(id, 'extension'), 303);
  });

  app.post('/extension-requests/:id/decision', async (c) => {
    const requestId = c.req.param('id');
    const body = await c.req.parseBody();
    const values = formValues(body);
    const executionId = (await executionOfExtensionRequest(deps.sql, requestId)) ?? values.executionId ?? '';
    const granted = values.granted === 'true' ? true : values.granted === 'false' ? false : values.granted;
    const parsed = parseWith(DecisionBody, { granted, comment: values.comment ?? '' });
    if (!parsed.ok) return renderExecution(c, deps, executionId, { decision: { values, errors: parsed.errors, scope: 'decision' } }, 400);
    try {
      await decideExtensionRequest(deps, c.get('actor'), requestId, parsed.data, formCommandId(c.get('actor'), body._command));
    } catch (err) {
      const form = refusalToForm(err, { values, scope: 'decision' });
      if (!executionId) throw err;
      return renderExecution(c, deps, executionId, { decision: form }, refusalStatus(form.code));
    }
    return c.redirect(back(executionId, parsed.data.granted ? 'granted' : 'refused'), 303);
  });

  return app;
}
