import { Hono, type Context } from 'hono';
import type { Actor } from '../../domain/actor.js';
import { CompletionReport } from '../../domain/completion-report.js';
import { eventLabel, type EventType } from '../../domain/events.js';
import {
  decideAccept,
  decideComplete,
  decideExtension,
  decideRequestExtension,
  type ExecutionState,
} from '../../domain/execution-lifecycle.js';
import type { RoadMapDocument, RoadMapItem } from '../../domain/roadmap.js';
import { formatRuDateTime } from '../../domain/zoned-time.js';
import { actingActor } from '../../services/people/acting.js';
import type { ServiceDeps } from '../../services/deps.js';
import { acceptExecution, completeExecution, decideExtensionRequest, requestExtension, returnExecution } from '../../services/executions/execution-commands.js';
import { readableExecution, type ExecutionRow } from '../../services/executions/execution-read-model.js';
import { DecisionBody, ExtensionRequestBody, ReturnExecutionBody } from '../../services/executions/execution-inputs.js';
import { emptyForm, ErrorSummary, Field, formValues, Hidden, parseWith, refusalToForm, type FormState } from '../components/forms.js';
import { flashFrom, frameFor, Layout, StatusTag } from '../components/layout.js';
import { formCommandId, type WebEnv } from '../session/web-session.js';

/** 'ГГГГ-ММ-ДД' of a document date as Russian documents write it. */
export const ruIsoDate = (d: string) => (/^\d{4}-\d{2}-\d{2}$/.test(d) ? `${d.slice(8, 10)}.${d.slice(5, 7)}.${d.slice(0, 4)}` : d);
/** A browser without a date picker sends what the person typed: ДД.ММ.ГГГГ is taken as the ISO date the schemas expect. */
const isoFromRu = (s: string) => s.trim().replace(/^(\d{2})\.(\d{2})\.(\d{4})$/, '$3-$2-$1');
/** Instants inside rule messages (e.g. "позже 2017-03-20T15:00:00.000Z") in the region's local time. */
const localise = (tz: string) => (s: string) => s.replace(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z/g, (iso) => formatRuDateTime(new Date(iso), tz));

type FormName = 'complete' | 'return' | 'extension' | 'decision';
type Forms = Partial<Record<FormName, FormState>>;

const completeLabels: Record<string, string> = {
  text: 'Что сделано',
  'resultDocument.number': 'Номер документа',
  'resultDocument.date': 'Дата документа',
  'resultDocument.title': 'Наименование документа',
};
const extensionLabels = { newDeadline: 'Новый срок', reason: 'Причина переноса' };

interface Details {
  row: ExecutionRow & { submitted_by: string | null; report: CompletionReportView | null };
  tz: string;
  roadMapTitle: string;
  moName: string | null;
  item: RoadMapItem | null;
  indicators: Map<string, { title: string; unit: string }>;
  names: Map<string, string>;
  requests: ExtensionRow[];
  history: HistoryRow[];
}

interface CompletionReportView {
  text: string;
  resultDocument?: { number: string; date: string; title: string };
  attachments?: { name: string; size: number }[];
  metrics?: Record<string, number>;
}
interface ExtensionRow {
  id: string;
  requested_by: string;
  acting_for_id: string | null;
  requested_at: Date;
  current_deadline_at: Date;
  new_deadline_at: Date;
  reason: string;
  status: 'pending' | 'granted' | 'refused';
  decided_by: string | null;
  decided_at: Date | null;
  decision_comment: string | null;
}
interface HistoryRow {
  id: string;
  type: EventType;
  occurred_at: Date;
  actor_id: string | null;
  acting_for_id: string | null;
  payload: Record<string, unknown>;
}

async function load(deps: ServiceDeps, actor: Actor, id: string): Promise<Details> {
  const base = await readableExecution(deps.sql, actor, id);
  const [extra] = await deps.sql<{ submitted_by: string | null; report: CompletionReportView | null; time_zone: string; title: string; mo_name: string | null; document: RoadMapDocument }[]>`
    select e.submitted_by, e.report, g.time_zone, r.title, o.name as mo_name, v.document
    from item_executions e join roadmaps r on r.id = e.roadmap_id join regions g on g.code = r.region_code
    join roadmap_versions v on v.roadmap_id = e.roadmap_id and v.version = e.version
    left join organisations o on o.id = e.mo_id where e.id = ${id}`;
  const requests = await deps.sql<ExtensionRow[]>`select * from extension_requests where execution_id = ${id} order by requested_at`;
  const history = await deps.sql<HistoryRow[]>`
    select id, type, occurred_at, actor_id, acting_for_id, payload from events where subject = ${id} order by occurred_at, seq limit 500`;
  const item = extra.document.directions.flatMap((d) => d.items).find((i) => i.id === base.item_id) ?? null;
  const personIds = new Set<string>([base.executor_id, base.controller_id]);
  for (const r of requests) [r.requested_by, r.acting_for_id, r.decided_by].forEach((p) => p && personIds.add(p));
  for (const h of history) [h.actor_id, h.acting_for_id].forEach((p) => p && personIds.add(p));
  for (const h of history) for (const r of (h.payload.recipients as { personId: string }[] | undefined) ?? []) personIds.add(r.personId);
  const people = await deps.sql<{ id: string; full_name: string }[]>`select id, full_name from people where id = any(${[...personIds]})`;
  return {
    row: { ...base, submitted_by: extra.submitted_by, report: extra.report },
    tz: extra.time_zone,
    roadMapTitle: extra.title,
    moName: extra.mo_name,
    item,
    indicators: new Map((extra.document.indicators ?? []).map((i) => [i.id, { title: i.title, unit: i.unit }])),
    names: new Map(people.map((p) => [p.id, p.full_name])),
    requests,
    history,
  };
}

/**
 * What the signed-in person may do here, decided by the same lifecycle rules
 * the workflow's update validators apply, on the state the read model holds.
 */
async function permissions(deps: ServiceDeps, actor: Actor, d: Details) {
  const asExecutor = await actingActor(deps.sql, actor, [d.row.executor_id]);
  const asController = await actingActor(deps.sql, actor, [d.row.controller_id]);
  const pending = d.requests.find((r) => r.status === 'pending') ?? null;
  const state = {
    status: d.row.status,
    executorId: d.row.executor_id,
    controllerId: d.row.controller_id,
    submittedBy: d.row.submitted_by,
    deadlineAt: d.row.deadline_at.toISOString(),
    pendingExtension: pending
      ? { requestId: pending.id, newDeadlineAt: pending.new_deadline_at.toISOString(), reason: pending.reason, requestedBy: pending.requested_by, requestedAt: pending.requested_at.toISOString() }
      : null,
  } as ExecutionState;
  return {
    complete: decideComplete(state, asExecutor) === null,
    review: decideAccept(state, asController) === null,
    extension: decideRequestExtension(state, asExecutor, '9999-12-31T23:59:59.999Z', 'проверка прав') === null,
    decision: pending && decideExtension(state, asController, pending.id) === null ? pending : null,
    asExecutor,
    asController,
  };
}

const statusOf = (code: string) => (code === 'forbidden' ? 403 : code === 'not_found' ? 404 : code === 'conflict' ? 409 : 400);

async function render(c: Context<WebEnv>, deps: ServiceDeps, id: string, forms: Forms = {}, status: 200 | 400 | 403 | 404 | 409 = 200) {
  const actor = c.get('actor');
  const csrf = c.get('csrfToken');
  const d = await load(deps, actor, id);
  const can = await permissions(deps, actor, d);
  const { row, tz, item } = d;
  const name = (pid: string | null) => (pid ? (d.names.get(pid) ?? pid) : '—');
  const overdue = (row.status === 'assigned' || row.status === 'in_progress') && row.deadline_at < new Date();
  const action = (suffix: string) => `/executions/${encodeURIComponent(row.id)}/${suffix}`;
  const completeForm: FormState = forms.complete ?? { ...emptyForm(), scope: 'complete' };
  const returnForm: FormState = forms.return ?? { ...emptyForm(), scope: 'return' };
  const extensionForm: FormState = forms.extension ?? { ...emptyForm(), scope: 'extension' };
  const decisionForm: FormState = forms.decision ?? { ...emptyForm(), scope: 'decision' };
  const actingNote = (a: Actor) => (a.actingForId ? <p class="muted">Вы действуете как исполняющий обязанности: {name(a.actingForId)}.</p> : null);
  const ns = deps.temporal.options.namespace;
  // A refused command whose form this person is not shown (a forged POST) still says why, at the top.
  const shown: Record<FormName, boolean> = { complete: can.complete, return: can.review, extension: can.extension, decision: !!can.decision };
  const orphans = (Object.keys(forms) as FormName[]).filter((k) => !shown[k] && forms[k]?.message).map((k) => forms[k]!.message!);

  return c.html(
    <Layout {...await frameFor(c, deps, { title: row.item_title, current: 'tasks', flash: flashFrom(c.req.query('ok')) })}>
      <p class="muted">
        <a href={`/roadmaps/${encodeURIComponent(row.roadmap_id)}`}>{d.roadMapTitle}</a> · {d.moName ?? 'ТФОМС (в целом)'}
      </p>
      <h1>{row.item_title}</h1>
      {orphans.map((m) => (
        <div class="alert" role="alert">
          <h2>Действие не выполнено</h2>
          <p>{m}</p>
        </div>
      ))}
      <div class="card">
        <dl class="facts">
          <dt>Статус</dt>
          <dd id="execution-status">
            <StatusTag status={row.status} overdue={overdue} />
          </dd>
          <dt>Срок</dt>
          <dd>
            <time datetime={row.deadline_at.toISOString()}>{formatRuDateTime(row.deadline_at, tz)}</time> (местное время региона)
            {row.original_deadline_at.getTime() !== row.deadline_at.getTime() ? (
              <span class="muted"> · первоначальный срок {formatRuDateTime(row.original_deadline_at, tz)}</span>
            ) : null}
          </dd>
          <dt>Медицинская организация</dt>
          <dd>{d.moName ?? 'мероприятие ТФОМС в целом'}</dd>
          <dt>Исполнитель</dt>
          <dd>{name(row.executor_id)}</dd>
          <dt>Контролирующее лицо</dt>
          <dd>{name(row.controller_id)}</dd>
          {item ? (
            <>
              <dt>Ожидаемый результат</dt>
              <dd>{item.expectedResult}</dd>
              {item.resultDocument ? (
                <>
                  <dt>Итоговый документ</dt>
                  <dd>{item.resultDocument}</dd>
                </>
              ) : null}
            </>
          ) : null}
          {row.last_comment ? (
            <>
              <dt>Последний комментарий</dt>
              <dd>{row.last_comment}</dd>
            </>
          ) : null}
          {row.submitted_at ? (
            <>
              <dt>Отчёт направлен</dt>
              <dd>{formatRuDateTime(row.submitted_at, tz)}</dd>
            </>
          ) : null}
          {row.accepted_at ? (
            <>
              <dt>Принято</dt>
              <dd>{formatRuDateTime(row.accepted_at, tz)}</dd>
            </>
          ) : null}
        </dl>
        {actor.roles.includes('admin') && deps.temporalUiUrl ? (
          <p>
            <a href={`${deps.temporalUiUrl}/namespaces/${encodeURIComponent(ns)}/workflows/${encodeURIComponent(row.workflow_id)}`} rel="noopener">
              Процесс в Temporal UI
            </a>
          </p>
        ) : null}
      </div>

      {row.report ? (
        <section class="card" aria-labelledby="report-title">
          <h2 id="report-title">Отчёт исполнителя</h2>
          <p style="white-space:pre-wrap">{row.report.text}</p>
          {row.report.resultDocument ? (
            <p>
              Документ: № {row.report.resultDocument.number} от {ruIsoDate(row.report.resultDocument.date)} — {row.report.resultDocument.title}
            </p>
          ) : null}
          {row.report.metrics && Object.keys(row.report.metrics).length ? (
            <ul>
              {Object.entries(row.report.metrics).map(([k, v]) => (
                <li>
                  {d.indicators.get(k)?.title ?? k}: <strong>{v.toLocaleString('ru-RU')}</strong> {d.indicators.get(k)?.unit ?? ''}
                </li>
              ))}
            </ul>
          ) : null}
          {row.report.attachments?.length ? (
            <p>Вложения: {row.report.attachments.map((a) => `${a.name} (${a.size} байт)`).join(', ')}</p>
          ) : null}
        </section>
      ) : null}

      {can.complete ? (
        <section class="card" aria-labelledby="complete-title">
          <h2 id="complete-title">Отчитаться о выполнении</h2>
          {actingNote(can.asExecutor)}
          <ErrorSummary form={completeForm} labels={{ ...completeLabels, ...Object.fromEntries([...d.indicators].map(([k, v]) => [`metrics.${k}`, v.title])) }} />
          <form method="post" action={action('complete')} novalidate>
            <Hidden csrf={csrf} />
            <Field form={completeForm} name="text" label={completeLabels.text} type="textarea" required hint="Кратко: что сделано, где результат." />
            <fieldset>
              <legend>Итоговый документ (если есть)</legend>
              <Field form={completeForm} name="resultDocument.number" label={completeLabels['resultDocument.number']} />
              <Field form={completeForm} name="resultDocument.date" label={completeLabels['resultDocument.date']} type="date" />
              <Field form={completeForm} name="resultDocument.title" label={completeLabels['resultDocument.title']} />
            </fieldset>
            {item?.indicatorIds.length ? (
              <fieldset>
                <legend>Показатели</legend>
                {item.indicatorIds.map((k) => (
                  <Field form={completeForm} name={`metrics.${k}`} label={d.indicators.get(k)?.title ?? k} hint={d.indicators.get(k)?.unit} type="text" inputmode="decimal" />
                ))}
              </fieldset>
            ) : null}
            <div class="actions">
              <button type="submit">Направить на приёмку</button>
            </div>
          </form>
        </section>
      ) : null}

      {can.review ? (
        <section class="card" aria-labelledby="review-title">
          <h2 id="review-title">Приёмка</h2>
          {actingNote(can.asController)}
          <div class="cols">
            <form method="post" action={action('accept')}>
              <Hidden csrf={csrf} />
              <p>Отчёт соответствует ожидаемому результату.</p>
              <button type="submit">Принять</button>
            </form>
            <div>
              <ErrorSummary form={returnForm} labels={{ comment: 'Что доработать' }} />
              <form method="post" action={action('return')} novalidate>
                <Hidden csrf={csrf} />
                <Field form={returnForm} name="comment" label="Что доработать" type="textarea" required />
                <div class="actions">
                  <button type="submit" class="danger">Вернуть на доработку</button>
                </div>
              </form>
            </div>
          </div>
        </section>
      ) : null}

      {can.decision ? (
        <section class="card" aria-labelledby="decision-title">
          <h2 id="decision-title">Запрос на перенос срока</h2>
          {actingNote(can.asController)}
          <p>
            {name(can.decision.requested_by)} просит перенести срок с {formatRuDateTime(can.decision.current_deadline_at, tz)} на{' '}
            <strong>{formatRuDateTime(can.decision.new_deadline_at, tz)}</strong>. Причина: {can.decision.reason}
          </p>
          <ErrorSummary form={decisionForm} labels={{ comment: 'Комментарий к решению' }} />
          <form method="post" action={`/extension-requests/${encodeURIComponent(can.decision.id)}/decision`} novalidate>
            <Hidden csrf={csrf} />
            <input type="hidden" name="executionId" value={row.id} />
            <Field form={decisionForm} name="comment" label="Комментарий к решению" type="textarea" hint="Обязателен при отказе." />
            <div class="actions">
              <button type="submit" name="granted" value="true">Перенести срок</button>
              <button type="submit" name="granted" value="false" class="danger">Отказать</button>
            </div>
          </form>
        </section>
      ) : null}

      {can.extension ? (
        <section class="card" aria-labelledby="extension-title">
          <h2 id="extension-title">Запросить перенос срока</h2>
          {actingNote(can.asExecutor)}
          <ErrorSummary form={extensionForm} labels={extensionLabels} />
          <form method="post" action={action('extension')} novalidate>
            <Hidden csrf={csrf} />
            <Field form={extensionForm} name="newDeadline" label={extensionLabels.newDeadline} type="date" required hint="Конец рабочего дня этой даты по местному времени; выходной переносится на следующий рабочий день." />
            <Field form={extensionForm} name="reason" label={extensionLabels.reason} type="textarea" required />
            <div class="actions">
              <button type="submit" class="secondary">Запросить перенос</button>
            </div>
          </form>
        </section>
      ) : null}

      {d.requests.length ? (
        <section aria-labelledby="requests-title">
          <h2 id="requests-title">Запросы на перенос срока</h2>
          <div class="table-wrap">
            <table class="stack-sm">
              <thead>
                <tr>
                  <th scope="col">Запрошен</th>
                  <th scope="col">Новый срок</th>
                  <th scope="col">Причина</th>
                  <th scope="col">Решение</th>
                </tr>
              </thead>
              <tbody>
                {d.requests.map((r) => (
                  <tr>
                    <td data-label="Запрошен">
                      {formatRuDateTime(r.requested_at, tz)}, {name(r.requested_by)}
                    </td>
                    <td data-label="Новый срок">{formatRuDateTime(r.new_deadline_at, tz)}</td>
                    <td data-label="Причина">{r.reason}</td>
                    <td data-label="Решение">
                      {r.status === 'pending' ? 'ожидает решения' : r.status === 'granted' ? 'срок перенесён' : 'отказано'}
                      {r.decided_by ? `, ${name(r.decided_by)}` : ''}
                      {r.decision_comment ? `: ${r.decision_comment}` : ''}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      ) : null}

      <section aria-labelledby="history-title">
        <h2 id="history-title">История</h2>
        <ol class="card" id="history" style="padding-left:2rem">
          {d.history.map((h) => (
            <li>
              <time datetime={h.occurred_at.toISOString()}>{formatRuDateTime(h.occurred_at, tz)}</time> — <strong>{eventLabel[h.type] ?? h.type}</strong>
              {h.actor_id ? <> · {name(h.actor_id)}</> : null}
              {h.acting_for_id ? <> (и.о. за {name(h.acting_for_id)})</> : null}
              {historyDetail(h, tz, name)}
            </li>
          ))}
        </ol>
      </section>
    </Layout>,
    status,
  );
}

function historyDetail(h: HistoryRow, tz: string, name: (id: string | null) => string) {
  const p = h.payload;
  switch (h.type) {
    case 'execution.completed':
      return <div class="muted">{String((p.report as { text?: string } | undefined)?.text ?? '')}</div>;
    case 'execution.returned':
      return <div class="muted">Комментарий: {String(p.comment ?? '')}</div>;
    case 'execution.extension_requested':
      return (
        <div class="muted">
          Новый срок: {typeof p.newDeadlineAt === 'string' ? formatRuDateTime(new Date(p.newDeadlineAt), tz) : '—'}. Причина: {String(p.reason ?? '')}
        </div>
      );
    case 'execution.extension_decided':
      return <div class="muted">{p.granted ? 'Срок перенесён.' : `Отказано. ${String(p.comment ?? '')}`}</div>;
    case 'execution.rung_fired': {
      const rung = p.rung as { kind?: string } | undefined;
      const to = ((p.recipients as { personId: string }[] | undefined) ?? []).map((r) => name(r.personId)).join(', ');
      return <div class="muted">{rung?.kind === 'escalation' ? 'Эскалация' : 'Напоминание'}: {to}</div>;
    }
    case 'execution.reassigned':
      return <div class="muted">Передано: {name(String(p.toPersonId ?? ''))}</div>;
    default:
      return null;
  }
}

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

  app.get('/executions/:id', (c) => render(c, deps, c.req.param('id')));

  app.post('/executions/:id/complete', async (c) => {
    const id = c.req.param('id');
    const actor = c.get('actor');
    const body = await c.req.parseBody();
    const values = formValues(body);
    const row = await readableExecution(deps.sql, actor, id);
    const [v] = await deps.sql<{ document: RoadMapDocument; time_zone: string }[]>`
      select v.document, g.time_zone from roadmap_versions v join roadmaps r on r.id = v.roadmap_id join regions g on g.code = r.region_code
      where v.roadmap_id = ${row.roadmap_id} and v.version = ${row.version}`;
    const item = v.document.directions.flatMap((dir) => dir.items).find((i) => i.id === row.item_id);
    const parsed = parseWith(CompletionReport, completionInput(values, item?.indicatorIds ?? []));
    if (!parsed.ok) return render(c, deps, id, { complete: { values, errors: parsed.errors, scope: 'complete' } }, 400);
    try {
      await completeExecution(deps, actor, id, parsed.data, formCommandId(actor, body._command));
    } catch (err) {
      const form = refusalToForm(err, { values, scope: 'complete' }, localise(v.time_zone));
      return render(c, deps, id, { complete: form }, statusOf(form.code));
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
      return render(c, deps, id, { return: form }, statusOf(form.code));
    }
    return c.redirect(back(id, 'accepted'), 303);
  });

  app.post('/executions/:id/return', async (c) => {
    const id = c.req.param('id');
    const body = await c.req.parseBody();
    const values = formValues(body);
    const parsed = parseWith(ReturnExecutionBody, { comment: values.comment ?? '' });
    if (!parsed.ok) return render(c, deps, id, { return: { values, errors: parsed.errors, scope: 'return' } }, 400);
    try {
      await returnExecution(deps, c.get('actor'), id, parsed.data.comment, formCommandId(c.get('actor'), body._command));
    } catch (err) {
      const form = refusalToForm(err, { values, scope: 'return' });
      return render(c, deps, id, { return: form }, statusOf(form.code));
    }
    return c.redirect(back(id, 'returned'), 303);
  });

  app.post('/executions/:id/extension', async (c) => {
    const id = c.req.param('id');
    const body = await c.req.parseBody();
    const values = formValues(body);
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
      return render(c, deps, id, { extension: { values, errors, scope: 'extension' } }, 400);
    }
    const row = await readableExecution(deps.sql, c.get('actor'), id);
    const [{ time_zone }] = await deps.sql<{ time_zone: string }[]>`
      select g.time_zone from roadmaps r join regions g on g.code = r.region_code where r.id = ${row.roadmap_id}`;
    try {
      await requestExtension(deps, c.get('actor'), id, parsed.data, formCommandId(c.get('actor'), body._command));
    } catch (err) {
      const form = refusalToForm(err, { values, scope: 'extension' }, localise(time_zone));
      return render(c, deps, id, { extension: form }, statusOf(form.code));
    }
    return c.redirect(back(id, 'extension'), 303);
  });

  app.post('/extension-requests/:id/decision', async (c) => {
    const requestId = c.req.param('id');
    const body = await c.req.parseBody();
    const values = formValues(body);
    const [request] = await deps.sql<{ execution_id: string }[]>`select execution_id from extension_requests where id = ${requestId}`;
    const executionId = request?.execution_id ?? values.executionId ?? '';
    const granted = values.granted === 'true' ? true : values.granted === 'false' ? false : values.granted;
    const parsed = parseWith(DecisionBody, { granted, comment: values.comment ?? '' });
    if (!parsed.ok) return render(c, deps, executionId, { decision: { values, errors: parsed.errors, scope: 'decision' } }, 400);
    try {
      await decideExtensionRequest(deps, c.get('actor'), requestId, parsed.data, formCommandId(c.get('actor'), body._command));
    } catch (err) {
      const form = refusalToForm(err, { values, scope: 'decision' });
      if (!executionId) throw err;
      return render(c, deps, executionId, { decision: form }, statusOf(form.code));
    }
    return c.redirect(back(executionId, parsed.data.granted ? 'granted' : 'refused'), 303);
  });

  return app;
}
