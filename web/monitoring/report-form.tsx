import type { Context } from 'hono';
import { lineKey, type DutyLine } from '../../domain/reporting-duty.js';
import { WeeklyItemStatus, informingEffectiveness, weeklyItemStatusLabel } from '../../domain/weekly-report.js';
import { formatRuDate, formatRuDateTime } from '../../domain/zoned-time.js';
import type { ServiceDeps } from '../../services/deps.js';
import { weeklyReportContext, type ReportContext } from '../../services/monitoring/report-form-read-model.js';
import { emptyForm, ErrorSummary, Field, Hidden, type FormState } from '../components/forms.js';
import { frameFor, Layout } from '../components/layout.js';
import type { WebEnv } from '../session/web-session.js';
import { accepting, flash, periodLink, ReportStatusTag } from './shared.js';
import { initialValues, surveyItems } from './report-form-input.js';
import { FileField, FILES_FIELD } from '../components/file-uploads.js';
import { filesForForm } from '../../services/attachments/attached-files.js';
import { attachmentLimitsFromEnv } from '../../services/attachments/attachment-rules.js';
import { weeklyReportKey } from '../../services/monitoring/weekly-report-access.js';

const statusOptions = WeeklyItemStatus.options;

function reportLabels(r: ReportContext): Record<string, string> {
  const labels: Record<string, string> = { comment: 'Общий комментарий', [FILES_FIELD]: 'Файлы к отчёту' };
  const where = (l: DutyLine) => `${r.items.get(l.itemId)?.title ?? l.itemId} — ${l.moId ? (r.moNames.get(l.moId) ?? l.moId) : 'ТФОМС (в целом)'}`;
  r.duty.lines.forEach((l, i) => {
    labels[`lines.${i}`] = where(l);
    labels[`lines.${i}.status`] = `${where(l)}: состояние`;
    labels[`lines.${i}.percent`] = `${where(l)}: % выполнения`;
    labels[`lines.${i}.done`] = `${where(l)}: что сделано`;
    labels[`lines.${i}.problems`] = `${where(l)}: проблемы и риски`;
  });
  r.duty.mo_ids.forEach((mo, j) => {
    const m = r.moNames.get(mo) ?? mo;
    labels[`smoForm.${j}`] = m;
    labels[`smoForm.${j}.moId`] = m;
    labels[`smoForm.${j}.representativesPresent`] = `${m}: страховых представителей в МО`;
    labels[`smoForm.${j}.notified`] = `${m}: оповещено о диспансеризации`;
    labels[`smoForm.${j}.completedCheckup`] = `${m}: из них прошли диспансеризацию`;
    labels[`smoForm.${j}.survey.itemId`] = `${m}: этап опроса`;
    labels[`smoForm.${j}.survey.planned`] = `${m}: план опроса`;
    labels[`smoForm.${j}.survey.surveyed`] = `${m}: опрошено`;
  });
  return labels;
}

export async function reportPage(c: Context<WebEnv>, deps: ServiceDeps, periodId: string, form: FormState | null = null, status: 200 | 400 | 403 | 404 | 409 | 413 | 415 | 429 = 200) {
  const actor = c.get('actor');
  const reporter = c.req.query('reporter') || undefined;
  const r = await weeklyReportContext(deps.sql, actor, periodId, reporter);
  const { period: p, duty } = r;
  const tz = p.time_zone;
  const f: FormState = form ?? { ...emptyForm(), values: initialValues(r) };
  const open = accepting(p);
  const late = open && Date.now() > p.due_at.getTime();
  const ok = c.req.query('ok');
  const labels = reportLabels(r);
  const moName = (m: string | null) => (m ? (r.moNames.get(m) ?? m) : 'ТФОМС (в целом)');
  // Lines grouped by direction, then item, in the road map's order.
  const groups: { direction: string; lines: { line: DutyLine; index: number }[] }[] = [];
  duty.lines.forEach((line, index) => {
    const direction = r.items.get(line.itemId)?.directionTitle ?? line.directionId;
    const last = groups.at(-1);
    if (last?.direction === direction) last.lines.push({ line, index });
    else groups.push({ direction, lines: [{ line, index }] });
  });
  const action = periodLink(p.id, 'report', reporter && reporter !== actor.personId ? reporter : null);
  // Chosen files: as sent back by a refused submission, else those of the report as last sent.
  const keep = f.values.keep !== undefined ? f.values.keep.split(',').filter(Boolean) : (r.current?.attachments ?? []).flatMap((a) => (a.attachmentId ? [a.attachmentId] : []));
  const chosen = await filesForForm(deps.sql, actor, { kind: 'weekly_report', id: weeklyReportKey(p.id, duty.person_id) }, keep);
  const maxBytes = (deps.attachmentLimits ?? attachmentLimitsFromEnv()).maxBytes;

  return c.html(
    <Layout {...await frameFor(c, deps, { title: `Еженедельный отчёт: неделя ${p.number}`, current: 'monitoring', flash: ok ? (flash[ok] ?? null) : null })}>
      <p class="muted">
        <a href="/monitoring">Еженедельный мониторинг</a> · {p.roadmap_title}
      </p>
      <h1>Еженедельный отчёт: неделя {p.number}</h1>
      <div class="card">
        <dl class="facts">
          <dt>Ответственный</dt>
          <dd>
            {duty.full_name}
            {duty.person_id !== actor.personId ? ' (вы — исполняющий обязанности)' : ''}
          </dd>
          <dt>Период</dt>
          <dd>
            с {formatRuDateTime(p.opens_at, tz)}; срок представления <strong>{formatRuDateTime(p.due_at, tz)}</strong>; приём до {formatRuDateTime(p.cutoff_at, tz)} (местное время
            региона)
          </dd>
          <dt>Мой отчёт</dt>
          <dd id="report-status">
            <ReportStatusTag status={duty.status} dueAt={open ? p.due_at : undefined} />
            {duty.last_submitted_at ? (
              <span class="muted">
                {' '}
                · редакция № {duty.revision} от {formatRuDateTime(duty.last_submitted_at, tz)}
                {duty.first_submitted_at && duty.revision > 1 ? `, впервые ${formatRuDateTime(duty.first_submitted_at, tz)}` : ''}
              </span>
            ) : null}
          </dd>
        </dl>
      </div>
      {!open ? (
        <div class="alert" role="status">
          <p>
            {p.status === 'submitted' ? 'Сводный отчёт за период направлен в ФОМС' : `Приём отчётов завершён ${formatRuDateTime(p.cutoff_at, tz)}`}: отчёт можно только просмотреть.
          </p>
        </div>
      ) : late && duty.status === 'pending' ? (
        <div class="alert" role="status">
          <p>Срок представления истёк. Отчёт ещё принимается до {formatRuDateTime(p.cutoff_at, tz)}, но будет отмечен как представленный с опозданием.</p>
        </div>
      ) : null}
      <ErrorSummary form={f} labels={labels} />
      <form method="post" action={action} novalidate id="weekly-report" enctype="multipart/form-data">
        <Hidden csrf={c.get('csrfToken')} />
        <fieldset disabled={!open || undefined} style="max-width:none;border:0;padding:0;margin:0">
          <legend class="visually-hidden">Еженедельный отчёт</legend>
          <h2>Мероприятия</h2>
          {groups.map((g) => (
            <section class="card">
              <h3 style="margin-top:0">{g.direction}</h3>
              {g.lines.map(({ line, index: i }) => {
                const exec = r.executions.get(lineKey(line.itemId, line.moId));
                const lineError = f.errors[`lines.${i}`];
                return (
                  <fieldset class="report-line" data-line={lineKey(line.itemId, line.moId)} style="max-width:none">
                    <legend>
                      {r.items.get(line.itemId)?.title ?? line.itemId} — {moName(line.moId)}
                    </legend>
                    {exec ? (
                      <p class="muted" style="margin:0">
                        Срок: {formatRuDateTime(exec.deadline_at, tz)}
                        {(exec.status === 'assigned' || exec.status === 'in_progress') && exec.deadline_at.getTime() < Date.now() ? (
                          <> <span class="tag overdue">просрочено</span></>
                        ) : null}
                      </p>
                    ) : null}
                    {lineError ? <p class="field-error">{lineError}</p> : null}
                    <div style="display:grid;grid-template-columns:repeat(auto-fit,minmax(14rem,1fr));gap:.25rem 1rem">
                      <Field compact form={f} name={`lines.${i}.status`} label="Состояние" type="select" options={statusOptions.map((s) => ({ value: s, label: weeklyItemStatusLabel[s] }))} />
                      <Field compact form={f} name={`lines.${i}.percent`} label="% выполнения" inputmode="numeric" hint="от 0 до 100" />
                    </div>
                    <div style="display:grid;grid-template-columns:repeat(auto-fit,minmax(18rem,1fr));gap:.25rem 1rem">
                      <Field compact form={f} name={`lines.${i}.done`} label="Что сделано за неделю" type="textarea" />
                      <Field compact form={f} name={`lines.${i}.problems`} label="Проблемы и риски" type="textarea" />
                    </div>
                  </fieldset>
                );
              })}
            </section>
          ))}
          {duty.smo ? (
            <section class="card" aria-labelledby="smo-form-title">
              <h2 id="smo-form-title" style="margin-top:0">Отчётная форма СМО</h2>
              <p class="muted">
                По каждой МО: страховые представители, информирование о диспансеризации (результативность = прошли / оповещены) и ход опроса населения по
                этапу. Строку МО, по которой данных за неделю нет, оставьте пустой.
              </p>
              {duty.mo_ids.map((mo, j) => {
                const v = (k: string) => f.values[`smoForm.${j}.${k}`] ?? '';
                const n = Number(v('notified').replace(',', '.'));
                const done = Number(v('completedCheckup').replace(',', '.'));
                const eff = v('notified') && v('completedCheckup') && Number.isFinite(n) && Number.isFinite(done) ? informingEffectiveness(n, done) : null;
                const waves = surveyItems(r, mo);
                const rowError = f.errors[`smoForm.${j}`] ?? f.errors[`smoForm.${j}.moId`];
                return (
                  <fieldset class="smo-row" data-mo={mo} style="max-width:none">
                    <legend>{moName(mo)}</legend>
                    {rowError ? <p class="field-error">{rowError}</p> : null}
                    <div style="display:grid;grid-template-columns:repeat(auto-fit,minmax(12rem,1fr));gap:.25rem 1rem">
                      <Field compact form={f} name={`smoForm.${j}.representativesPresent`} label="Страховых представителей в МО" inputmode="numeric" />
                      <Field compact form={f} name={`smoForm.${j}.notified`} label="Оповещено о диспансеризации, чел." inputmode="numeric" />
                      <Field compact form={f} name={`smoForm.${j}.completedCheckup`} label="Из них прошли диспансеризацию, чел." inputmode="numeric" />
                    </div>
                    <p class="effectiveness" style="margin:.25rem 0">
                      Результативность информирования: <strong>{eff === null ? '—' : `${eff.toLocaleString('ru-RU')} %`}</strong>
                    </p>
                    {waves.length ? (
                      <div style="display:grid;grid-template-columns:repeat(auto-fit,minmax(12rem,1fr));gap:.25rem 1rem">
                        <div style="grid-column:1/-1">
                        <Field
                          compact
                          form={f}
                          name={`smoForm.${j}.survey.itemId`}
                          label="Этап опроса"
                          type="select"
                          options={waves.map((w) => {
                            const e = r.executions.get(lineKey(w, mo));
                            return { value: w, label: `${r.items.get(w)?.title ?? w}${e ? ` (срок ${formatRuDate(e.deadline_at, tz)})` : ''}` };
                          })}
                        />
                        </div>
                        <Field compact form={f} name={`smoForm.${j}.survey.planned`} label="План опроса, чел." inputmode="numeric" />
                        <Field compact form={f} name={`smoForm.${j}.survey.surveyed`} label="Опрошено, чел." inputmode="numeric" />
                      </div>
                    ) : null}
                  </fieldset>
                );
              })}
            </section>
          ) : null}
          <div class="card">
            <Field compact form={f} name="comment" label="Общий комментарий" type="textarea" />
            <FileField form={f} label="Файлы к отчёту" chosen={chosen} maxBytes={maxBytes} disabled={!open} />
            {open ? (
              <div class="actions">
                <button type="submit">{duty.revision ? 'Направить исправленный отчёт' : 'Направить отчёт'}</button>
                <span class="muted">Исправить отчёт можно до {formatRuDateTime(p.cutoff_at, tz)}.</span>
              </div>
            ) : null}
          </div>
        </fieldset>
      </form>
      {/* The effectiveness follows the figures as they are typed (the server computes it again on submit). */}
      {duty.smo ? <script src="/assets/report-effectiveness.js" defer /> : null}
    </Layout>,
    status,
  );
}
