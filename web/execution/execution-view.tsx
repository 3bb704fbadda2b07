import type { Context } from 'hono';
import type { Actor } from '../../domain/actor.js';
import { eventLabel } from '../../domain/events.js';
import { formatRuDateTime, moscowOffsetLabel } from '../../domain/zoned-time.js';
import { deadlineShift, deadlineShiftText } from '../../domain/deadline-shift.js';
import type { ServiceDeps } from '../../services/deps.js';
import { executionDetails, executionPermissions, type HistoryRow } from '../../services/executions/execution-details.js';
import { ruIsoDate } from '../components/dates.js';
import { sentence } from '../components/text.js';
import { emptyForm, ErrorSummary, Field, Hidden, type FormState } from '../components/forms.js';
import { flashFrom, frameFor, Layout, StatusTag } from '../components/layout.js';
import type { WebEnv } from '../session/web-session.js';
import { AttachmentsSection, FileField, fileHint } from './attachments-section.js';
import { filesForForm } from '../../services/attachments/attached-files.js';

export type FormName = 'complete' | 'return' | 'extension' | 'decision';
export type Forms = Partial<Record<FormName, FormState>>;

const completeLabels: Record<string, string> = {
  text: 'Что сделано',
  'resultDocument.number': 'Номер документа',
  'resultDocument.date': 'Дата документа',
  'resultDocument.title': 'Наименование документа',
  file: 'Файлы',
};
const extensionLabels = { newDeadline: 'Новый срок', reason: 'Причина переноса', file: 'Файлы' };

export async function renderExecution(c: Context<WebEnv>, deps: ServiceDeps, id: string, forms: Forms = {}, status: 200 | 400 | 403 | 404 | 409 | 413 | 415 | 429 | 429 | 503 = 200) {
  const actor = c.get('actor');
  const csrf = c.get('csrfToken');
  const d = await executionDetails(deps.sql, actor, id);
  const can = await executionPermissions(deps.sql, actor, d);
  const { row, tz, item } = d;
  const name = (pid: string | null) => (pid ? (d.names.get(pid) ?? pid) : '—');
  // The road map's date moved off a day off is shown with its reason (not after an extension: that date is the controller's).
  const shift = item && row.original_deadline_at.getTime() === row.deadline_at.getTime() ? deadlineShift(item.deadline) : null;
  const overdue = (row.status === 'assigned' || row.status === 'in_progress') && row.deadline_at < new Date();
  const action = (suffix: string) => `/executions/${encodeURIComponent(row.id)}/${suffix}`;
  const completeForm: FormState = forms.complete ?? { ...emptyForm(), scope: 'complete' };
  const returnForm: FormState = forms.return ?? { ...emptyForm(), scope: 'return' };
  const extensionForm: FormState = forms.extension ?? { ...emptyForm(), scope: 'extension' };
  const decisionForm: FormState = forms.decision ?? { ...emptyForm(), scope: 'decision' };
  // Files a refused submission kept (the person's own unattached uploads; any other id is left out).
  const keptFiles = (form: FormState) => filesForForm(deps.sql, actor, { kind: 'execution', id: row.id }, (form.values.keep ?? '').split(',').filter(Boolean));
  const [completeFiles, extensionFiles] = await Promise.all([keptFiles(completeForm), keptFiles(extensionForm)]);
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
          <p>{sentence(m)}</p>
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
            <time datetime={row.deadline_at.toISOString()}>{formatRuDateTime(row.deadline_at, tz)}</time> ({moscowOffsetLabel(row.deadline_at, tz)})
            {shift ? <div class="deadline-shift">По дорожной карте: {deadlineShiftText(shift)}</div> : null}
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
          {row.report.attachments?.length ? <p>Вложения: {row.report.attachments.map((a) => a.name).join(', ')} (см. «Документы»)</p> : null}
        </section>
      ) : null}

      {can.complete ? (
        <section class="card" aria-labelledby="complete-title">
          <h2 id="complete-title">Отчитаться о выполнении</h2>
          {actingNote(can.asExecutor)}
          <ErrorSummary form={completeForm} labels={{ ...completeLabels, ...Object.fromEntries([...d.indicators].map(([k, v]) => [`metrics.${k}`, v.title])) }} />
          <form method="post" action={action('complete')} enctype="multipart/form-data" novalidate>
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
            <FileField form={completeForm} hint={fileHint(deps)} chosen={completeFiles} />
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
          <form method="post" action={action('extension')} enctype="multipart/form-data" novalidate>
            <Hidden csrf={csrf} />
            <Field form={extensionForm} name="newDeadline" label={extensionLabels.newDeadline} type="date" required hint="Конец рабочего дня этой даты по местному времени; выходной переносится на следующий рабочий день." />
            <Field form={extensionForm} name="reason" label={extensionLabels.reason} type="textarea" required />
            <FileField form={extensionForm} hint={`Например, письмо поставщика. ${fileHint(deps)}`} chosen={extensionFiles} />
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

      <AttachmentsSection files={d.attachments} tz={tz} />

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
    case 'execution.completed': {
      const report = p.report as { text?: string; attachments?: { name: string }[] } | undefined;
      return (
        <div class="muted">
          {String(report?.text ?? '')}
          {report?.attachments?.length ? ` · Файлы: ${report.attachments.map((a) => a.name).join(', ')}` : ''}
        </div>
      );
    }
    case 'execution.returned':
      return <div class="muted">Комментарий: {String(p.comment ?? '')}</div>;
    case 'execution.extension_requested':
      return (
        <div class="muted">
          Новый срок: {typeof p.newDeadlineAt === 'string' ? formatRuDateTime(new Date(p.newDeadlineAt), tz) : '—'}. Причина: {String(p.reason ?? '')}
          {Array.isArray(p.attachments) && p.attachments.length ? ` · Файлы: ${(p.attachments as { name: string }[]).map((a) => a.name).join(', ')}` : ''}
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
