import { Hono, type Context } from 'hono';
import { formatRuDeadline } from '../../domain/zoned-time.js';
import type { ServiceDeps } from '../../services/deps.js';
import { draftItemForEditing, editDraftItem, type DraftItemChange } from '../../services/roadmaps/draft-item-edit.js';
import { regionOf } from '../../services/roadmaps/roadmap-page-read-model.js';
import { isoFromRu } from '../components/dates.js';
import { ErrorSummary, Field, FieldError, fieldId, Hidden, refusalStatus, refusalToForm, type FormState } from '../components/forms.js';
import { frameFor, Layout, roadMapStatusLabel } from '../components/layout.js';
import { formCommandId, type WebEnv } from '../session/web-session.js';
import { deadlineText } from './version-diff.js';

/**
 * «Изменить мероприятие»: one item of a draft (or of an amendment's working version) from the road-map page —
 * deadline, executor, controller, МО. Saved through the same service and Temporal Update (`editDraft`) as
 * PUT /api/roadmaps/{id}; a broken rule comes back in Russian next to its field with the values kept.
 * Large changes still go through the whole-workbook import.
 */
const labels: Record<string, string> = { deadline: 'Срок исполнения', executorId: 'Исполнитель', controllerId: 'Контролирующее лицо', scope: 'Охват' };
const scopeLabel = { fund: 'ТФОМС в целом (без МО)', all_mo: 'все участвующие МО', mo_list: 'выбранные МО' } as const;

async function renderItemEdit(c: Context<WebEnv>, deps: ServiceDeps, id: string, itemId: string, form?: FormState, status: 200 | 400 | 403 | 404 | 409 = 200) {
  const actor = c.get('actor');
  const at = await draftItemForEditing(deps.sql, actor, id, itemId);
  const { time_zone: tz } = await regionOf(deps.sql, at.row.region_code);
  const item = at.item;
  const initial: Record<string, string> = {
    deadline: 'date' in item.deadline ? item.deadline.date : item.deadline.dateTime.slice(0, 10),
    executorId: item.executorId,
    controllerId: item.controllerId,
    scope: item.scope.kind,
    moIds: item.scope.kind === 'mo_list' ? item.scope.moIds.join(',') : '',
  };
  const f: FormState = form ?? { values: initial, errors: {}, scope: 'item' };
  const chosenMos = new Set((f.values.moIds ?? '').split(',').filter(Boolean));
  const people = at.people.map((p) => ({ value: p.id, label: `${p.full_name} — ${p.position_title}${p.organisation_kind === 'SMO' ? ' (СМО)' : ''}` }));
  const back = `/roadmaps/${encodeURIComponent(at.row.id)}`;
  const scopeId = fieldId('scope', f.scope);
  return c.html(
    <Layout {...await frameFor(c, deps, { title: `Изменить мероприятие: ${item.title}`, current: 'roadmaps' })}>
      <p class="muted">
        <a href={back}>{at.row.title}</a> · редакция № {at.version} ({roadMapStatusLabel[at.row.status]})
      </p>
      <h1>Изменить мероприятие</h1>
      <p>{item.title}</p>
      <p class="muted">
        Сейчас: срок {deadlineText(item.deadline, tz)}. Правила те же, что при загрузке всей дорожной карты; для больших изменений загрузите файл Excel.
      </p>
      <ErrorSummary form={f} labels={labels} />
      <form method="post" action={`${back}/items/${encodeURIComponent(item.id)}/edit`} novalidate class="card">
        <Hidden csrf={c.get('csrfToken')} />
        <Field
          form={f}
          name="deadline"
          label={labels.deadline}
          type="date"
          required
          hint="Конец рабочего дня этой даты по местному времени региона; выходной переносится на следующий рабочий день."
        />
        {'dateTime' in item.deadline ? <p class="muted">Сейчас срок задан временем ({formatRuDeadline(item.deadline, tz)}); будет задан датой.</p> : null}
        <Field form={f} name="executorId" label={labels.executorId} type="select" required options={people} hint="Не ниже начальника управления." />
        <Field form={f} name="controllerId" label={labels.controllerId} type="select" required options={people} hint="Не ниже начальника управления; не сам исполнитель." />
        <fieldset aria-describedby={f.errors.scope ? `${scopeId}-error` : undefined}>
          <legend>{labels.scope}</legend>
          {(['fund', 'all_mo', 'mo_list'] as const).map((k, n) => (
            <div>
              <input type="radio" name="scope" value={k} id={n === 0 ? scopeId : `${scopeId}-${k}`} checked={f.values.scope === k} aria-invalid={f.errors.scope ? 'true' : undefined} />{' '}
              <label for={n === 0 ? scopeId : `${scopeId}-${k}`} style="display:inline;font-weight:400">
                {scopeLabel[k]}
              </label>
            </div>
          ))}
          <FieldError id={scopeId} error={f.errors.scope} />
          {at.mos.length ? (
            <fieldset>
              <legend>МО (для «выбранные МО»)</legend>
              {at.mos.map((m) => (
                <div>
                  <input type="checkbox" name="moIds" value={m.id} id={`mo-${m.id}`} checked={chosenMos.has(m.id)} />{' '}
                  <label for={`mo-${m.id}`} style="display:inline;font-weight:400">
                    {m.name}
                  </label>
                </div>
              ))}
            </fieldset>
          ) : null}
        </fieldset>
        <div class="actions">
          <button type="submit">Сохранить мероприятие</button>
          <a href={back}>Отмена</a>
        </div>
      </form>
    </Layout>,
    status,
  );
}

export function roadMapItemEditPages(deps: ServiceDeps) {
  const app = new Hono<WebEnv>();
  app.get('/roadmaps/:id/items/:itemId/edit', (c) => renderItemEdit(c, deps, c.req.param('id'), c.req.param('itemId')));

  app.post('/roadmaps/:id/items/:itemId/edit', async (c) => {
    const id = c.req.param('id');
    const itemId = c.req.param('itemId');
    const actor = c.get('actor');
    const body = await c.req.parseBody({ all: true });
    const one = (k: string) => (typeof body[k] === 'string' ? (body[k] as string) : '');
    const moIds = ([] as unknown[]).concat(body.moIds ?? []).filter((v): v is string => typeof v === 'string');
    const scope = (['fund', 'all_mo', 'mo_list'] as const).find((k) => k === one('scope')) ?? 'mo_list';
    const change: DraftItemChange = { deadline: isoFromRu(one('deadline')), executorId: one('executorId'), controllerId: one('controllerId'), scope, moIds };
    const values = { deadline: one('deadline'), executorId: change.executorId, controllerId: change.controllerId, scope, moIds: moIds.join(',') };
    try {
      await editDraftItem(deps, actor, id, itemId, change, formCommandId(actor, body._command));
    } catch (err) {
      const form = refusalToForm(err, { values, scope: 'item' });
      // The summary lists the fields; its top line is said once, as a sentence.
      const fields = Object.keys(form.errors).length;
      return renderItemEdit(c, deps, id, itemId, { ...form, message: fields ? null : form.message }, refusalStatus(form.code) as 400 | 403 | 404 | 409);
    }
    return c.redirect(`/roadmaps/${encodeURIComponent(id)}?ok=item_edited`, 303);
  });
  return app;
}
