import { Hono } from 'hono';
import type { Actor } from '../../domain/actor.js';
import type { ServiceDeps } from '../../services/deps.js';
import { approveRoadMap, returnRoadMap, submitRoadMap } from '../../services/roadmaps/roadmap-commands.js';
import { ReturnRoadMapBody } from '../../services/roadmaps/roadmap-inputs.js';
import { formValues, parseWith, refusalToForm, refusalStatus } from '../components/forms.js';
import { formCommandId, type WebEnv } from '../session/web-session.js';
import { roadMapDocumentPages } from './documents.js';
import { FILES_FIELD, filesErrors, formUploads } from '../components/file-uploads.js';
import { roadMapImportPages } from './import.js';
import { roadMapListPage } from './list.js';
import { renderRoadMap } from './roadmap-view.js';
import { roadMapItemEditPages } from './item-edit.js';


export function roadMapPages(deps: ServiceDeps) {
  const app = new Hono<WebEnv>();
  app.route('/', roadMapListPage(deps));
  app.route('/', roadMapDocumentPages(deps));
  // Before `/roadmaps/:id`: «import» is not a road-map id.
  app.route('/', roadMapImportPages(deps));
  app.route('/', roadMapItemEditPages(deps));

  app.get('/roadmaps/:id', (c) => renderRoadMap(c, deps, c.req.param('id')));

  const command = (path: string, ok: string, run: (actor: Actor, id: string, commandId: string) => Promise<unknown>) =>
    app.post(`/roadmaps/:id/${path}`, async (c) => {
      const id = c.req.param('id');
      const body = await c.req.parseBody();
      try {
        await run(c.get('actor'), id, formCommandId(c.get('actor'), body._command));
      } catch (err) {
        const form = refusalToForm(err, { values: {}, scope: 'return' });
        return renderRoadMap(c, deps, id, undefined, refusalStatus(form.code), form.message ?? undefined);
      }
      return c.redirect(`/roadmaps/${encodeURIComponent(id)}?ok=${ok}`, 303);
    });
  command('submit', 'submitted', (actor, id, commandId) => submitRoadMap(deps, actor, id, commandId));

  // The approval may carry the signed legal act: a bad file comes back next to the file input and nothing is approved.
  app.post('/roadmaps/:id/approve', async (c) => {
    const id = c.req.param('id');
    const actor = c.get('actor');
    const body = await c.req.parseBody();
    const commandId = formCommandId(actor, body._command);
    const files = await formUploads(c, deps, actor, commandId);
    const values = { keep: files.ids.join(',') };
    if (files.refused) return renderRoadMap(c, deps, id, { values, errors: { [FILES_FIELD]: files.refused.message }, scope: 'approve' }, files.refused.status);
    try {
      await approveRoadMap(deps, actor, id, commandId, files.ids.map((attachmentId) => ({ attachmentId })));
    } catch (err) {
      const form = refusalToForm(err, { values, scope: 'approve' });
      const errors = filesErrors(form.errors);
      return renderRoadMap(c, deps, id, { ...form, errors }, refusalStatus(form.code), errors[FILES_FIELD] ? undefined : (form.message ?? undefined));
    }
    return c.redirect(`/roadmaps/${encodeURIComponent(id)}?ok=approved`, 303);
  });

  app.post('/roadmaps/:id/return', async (c) => {
    const id = c.req.param('id');
    const body = await c.req.parseBody();
    const values = formValues(body);
    const parsed = parseWith(ReturnRoadMapBody, { comment: values.comment ?? '' });
    if (!parsed.ok) return renderRoadMap(c, deps, id, { values, errors: parsed.errors, scope: 'return' }, 400);
    try {
      await returnRoadMap(deps, c.get('actor'), id, parsed.data.comment, formCommandId(c.get('actor'), body._command));
    } catch (err) {
      const form = refusalToForm(err, { values, scope: 'return' });
      return renderRoadMap(c, deps, id, form, refusalStatus(form.code));
    }
    return c.redirect(`/roadmaps/${encodeURIComponent(id)}?ok=roadmap_returned`, 303);
  });

  return app;
}

