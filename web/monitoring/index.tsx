import { Hono, type Context } from 'hono';
import type { FC } from 'hono/jsx';
import type { Actor } from '../../domain/actor.js';
import type { ConsolidatedLine, ConsolidatedReport } from '../../domain/consolidated-report.js';
import { periodStatusLabel, reportStatusLabel, type ReportStatus } from '../../domain/reporting-period.js';
import { lineKey, type DutyLine } from '../../domain/reporting-duty.js';
import { refusal, RefusedError } from '../../domain/refusal.js';
import { itemsOf, type RoadMapDocument } from '../../domain/roadmap.js';
import { informingEffectiveness, WeeklyItemStatus, weeklyItemStatusLabel, type WeeklyReport } from '../../domain/weekly-report.js';
import { formatRuDate, formatRuDateTime } from '../../domain/zoned-time.js';
import { actingFor } from '../../services/people/acting.js';
import type { ServiceDeps } from '../../services/deps.js';
import { consolidatedCsv } from '../../services/exports/consolidated-report-csv.js';
import { exportFileName, lateBy } from '../../services/exports/consolidated-report-rows.js';
import { consolidatedXlsx } from '../../services/exports/consolidated-report-xlsx.js';
import { submitConsolidatedReport, submitWeeklyReport, type DutyRow } from '../../services/monitoring/monitoring-commands.js';
import { periodRows, readableConsolidated, readablePeriod, type PeriodRow } from '../../services/monitoring/monitoring-read-model.js';
import { SubmissionBody, WeeklyReportBody } from '../../services/monitoring/monitoring-inputs.js';
import { emptyForm, ErrorSummary, fieldId, formValues, Hidden, parseWith, refusalToForm, type FieldErrors, type FormState } from '../components/forms.js';
import { frameFor, Layout } from '../components/layout.js';
import { formCommandId, type WebEnv } from '../session/web-session.js';

/**
 * Weekly monitoring for people: the list of my reporting duties and the
 * periods I coordinate, the weekly report form, and the coordinator's
 * consolidated report with its submission to ФОМС. Every write goes through
 * api/monitoring-commands.ts, the same code (and Temporal Updates) as /api/monitoring.
 */

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const statusOf = (code: string) => (code === 'forbidden' ? 403 : code === 'not_found' ? 404 : code === 'conflict' ? 409 : 400);
const periodLink = (id: string, page: 'report' | 'consolidated', reporter?: string | null) =>
  `/monitoring/periods/${encodeURIComponent(id)}/${page}${reporter ? `?reporter=${encodeURIComponent(reporter)}` : ''}`;

/** Fixed texts for `?ok=` after a redirect: never echoed input. */
const flash: Record<string, string> = {
  on_time: 'Отчёт представлен в срок.',
  late: 'Отчёт представлен с опозданием: срок представления истёк, отчёт принят с отметкой об опоздании.',
  corrected: 'Исправленный отчёт принят; сводный отчёт будет пересобран.',
  submitted: 'Сводный отчёт направлен в ФОМС.',
};

const ReportStatusTag: FC<{ status: ReportStatus }> = ({ status }) => (
  <span class={`tag ${status === 'on_time' ? 'ok' : status === 'late' || status === 'missing' ? 'overdue' : 'wait'}`}>{reportStatusLabel[status]}</span>
);

/** The period still takes reports: the workflow decides, this only hides a form that would be refused. */
const accepting = (p: PeriodRow) => p.status === 'open' && p.cutoff_at.getTime() > Date.now();

// ───────────────────────────── the list ─────────────────────────────

async function listPage(c: Context<WebEnv>, deps: ServiceDeps) {
  const actor = c.get('actor');
  const mine = await actingFor(deps.sql, actor.personId);
  const duties = await deps.sql<{ period_id: string; person_id: string; full_name: string; status: ReportStatus; revision: number; last_submitted_at: Date | null }[]>`
    select d.period_id, d.person_id, pe.full_name, d.status, d.revision, d.last_submitted_at
    from reporting_duties d join people pe on pe.id = d.person_id join reporting_periods p on p.id = d.period_id
    where d.person_id = any(${mine}) order by p.opens_at desc limit 200`;
  const periodIds = [...new Set(duties.map((d) => d.period_id))];
  const dutyPeriods = periodIds.length ? await periodRows(deps.sql, deps.sql`p.id = any(${periodIds})`, 200) : [];
  const byId = new Map(dutyPeriods.map((p) => [p.id, p]));
  const curator = actor.organisationKind === 'FOMS' || actor.roles.includes('admin');
  // Coordinators see their periods; ФОМС sees what was sent to it (and administrators everything).
  const coordinated = await periodRows(
    deps.sql,
    curator
      ? actor.roles.includes('admin')
        ? deps.sql`true`
        : deps.sql`p.status = 'submitted'`
      : deps.sql`p.coordinator_id = any(${mine})`,
    100,
  );

  return c.html(
    <Layout {...await frameFor(c, deps, { title: 'Еженедельный мониторинг', current: 'monitoring' })}>
      <h1>Еженедельный мониторинг</h1>
      <section class="card" aria-labelledby="my-reports">
        <h2 id="my-reports">Мои еженедельные отчёты</h2>
        {duties.length ? (
          <div class="table-wrap">
            <table class="stack-sm" id="my-duties">
              <thead>
                <tr>
                  <th scope="col">Неделя</th>
                  <th scope="col">Дорожная карта</th>
                  <th scope="col">Срок представления</th>
                  <th scope="col">Приём до</th>
                  <th scope="col">Отчёт</th>
                  <th scope="col">Действие</th>
                </tr>
              </thead>
              <tbody>
                {duties.map((d) => {
                  const p = byId.get(d.period_id)!;
                  const open = accepting(p);
                  const other = d.person_id !== actor.personId ? d.person_id : null;
                  return (
                    <tr class={open && d.status === 'pending' && p.due_at.getTime() < Date.now() ? 'overdue' : undefined} data-period={p.id}>
                      <td data-label="Неделя">№ {p.number}</td>
                      <td data-label="Дорожная карта">
                        {p.roadmap_title}
                        {other ? <div class="muted">за: {d.full_name} (и.о.)</div> : null}
                      </td>
                      <td data-label="Срок представления">{formatRuDateTime(p.due_at, p.time_zone)}</td>
                      <td data-label="Приём до">{formatRuDateTime(p.cutoff_at, p.time_zone)}</td>
                      <td data-label="Отчёт">
                        <ReportStatusTag status={d.status} />
                        {d.revision > 1 ? <div class="muted">редакция № {d.revision}</div> : null}
                      </td>
                      <td data-label="Действие">
                        <a href={periodLink(p.id, 'report', other)}>
                          {open ? (d.revision ? 'Исправить отчёт' : 'Заполнить отчёт') : 'Просмотреть отчёт'}
                        </a>
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        ) : (
          <p>Вы не входите в число отчитывающихся по дорожным картам.</p>
        )}
      </section>
      {coordinated.length ? (
        <section class="card" aria-labelledby="consolidated-list">
          <h2 id="consolidated-list">{curator ? 'Сводные отчёты, направленные в ФОМС' : 'Сводные отчёты (я координатор мониторинга)'}</h2>
          <div class="table-wrap">
            <table class="stack-sm" id="periods">
              <thead>
                <tr>
                  <th scope="col">Неделя</th>
                  <th scope="col">Дорожная карта</th>
                  <th scope="col">Период</th>
                  <th scope="col">Отчёты: в срок / с опозданием / нет / ожидается</th>
                  <th scope="col">Состояние</th>
                </tr>
              </thead>
              <tbody>
                {coordinated.map((p) => (
                  <tr data-period={p.id}>
                    <td data-label="Неделя">
                      <a href={periodLink(p.id, 'consolidated')}>№ {p.number}</a>
                    </td>
                    <td data-label="Дорожная карта">{p.roadmap_title}</td>
                    <td data-label="Период">
                      {formatRuDate(p.opens_at, p.time_zone)} — {formatRuDate(p.cutoff_at, p.time_zone)}
                    </td>
                    <td data-label="Отчёты">
                      {p.on_time} / {p.late} / {p.missing} / {p.pending}
                    </td>
                    <td data-label="Состояние">{periodStatusLabel[p.status]}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      ) : null}
    </Layout>,
  );
}

// ───────────────────────────── the weekly report form ─────────────────────────────

interface ReportContext {
  period: PeriodRow;
  duty: DutyRow & { status: ReportStatus; revision: number; first_submitted_at: Date | null; last_submitted_at: Date | null; full_name: string };
  items: Map<string, { title: string; directionTitle: string; survey: boolean }>;
  moNames: Map<string, string>;
  executions: Map<string, { status: string; deadline_at: Date }>;
  current: WeeklyReport | null;
  previous: WeeklyReport | null;
}

async function loadReport(deps: ServiceDeps, actor: Actor, periodId: string, reporter: string | undefined): Promise<ReportContext> {
  const period = await readablePeriod(deps.sql, actor, periodId);
  const reporterId = reporter || actor.personId;
  const [duty] = await deps.sql<ReportContext['duty'][]>`
    select d.*, pe.full_name from reporting_duties d join people pe on pe.id = d.person_id where d.period_id = ${period.id} and d.person_id = ${reporterId}`;
  // Someone else's duty is shown only to them and to whoever acts for them right now.
  if (!duty || (reporterId !== actor.personId && !(await actingFor(deps.sql, actor.personId)).includes(reporterId))) {
    throw new RefusedError(refusal('forbidden', 'вы не входите в число отчитывающихся в этом периоде'));
  }
  const [v] = await deps.sql<{ document: RoadMapDocument }[]>`select document from roadmap_versions where roadmap_id = ${period.roadmap_id} and version = ${period.version}`;
  const items = new Map<string, { title: string; directionTitle: string; survey: boolean }>();
  for (const { direction, item } of itemsOf(v.document)) {
    // Survey waves (СМО activity 3) are the items of a survey direction: the form's survey progress refers to one of them.
    items.set(item.id, { title: item.title, directionTitle: direction.title, survey: /survey|опрос/i.test(`${direction.id} ${direction.title} ${item.title}`) });
  }
  const moIds = [...new Set(duty.lines.map((l) => l.moId).filter((m): m is string => !!m))];
  const moNames = new Map((await deps.sql<{ id: string; name: string }[]>`select id, name from organisations where id = any(${moIds})`).map((o) => [o.id, o.name]));
  const executions = new Map(
    (
      await deps.sql<{ item_id: string; mo_id: string | null; status: string; deadline_at: Date }[]>`
        select item_id, mo_id, status, deadline_at from item_executions
        where roadmap_id = ${period.roadmap_id} and status <> 'cancelled' and item_id = any(${[...new Set(duty.lines.map((l) => l.itemId))]})
        order by version`
    ).map((e) => [lineKey(e.item_id, e.mo_id), e]),
  );
  const [current] = await deps.sql<{ report: WeeklyReport }[]>`
    select report from weekly_reports where period_id = ${period.id} and person_id = ${reporterId} order by revision desc limit 1`;
  const [previous] = current
    ? []
    : await deps.sql<{ report: WeeklyReport }[]>`
        select w.report from weekly_reports w join reporting_periods p on p.id = w.period_id
        where p.roadmap_id = ${period.roadmap_id} and p.number < ${period.number} and w.person_id = ${reporterId}
        order by p.number desc, w.revision desc limit 1`;
  return { period, duty, items, moNames, executions, current: current?.report ?? null, previous: previous?.report ?? null };
}

const num = (v: number | undefined | null) => (v === undefined || v === null ? '' : String(v));

/**
 * The form's starting values: this week's report as last sent; else last
 * week's state (status, percent, problems — what was done is new each week);
 * else what the execution's own status says.
 */
function initialValues(r: ReportContext): Record<string, string> {
  const values: Record<string, string> = {};
  const from = new Map((r.current ?? r.previous)?.lines.map((l) => [lineKey(l.itemId, l.moId), l]) ?? []);
  r.duty.lines.forEach((l, i) => {
    const k = lineKey(l.itemId, l.moId);
    const before = from.get(k);
    const exec = r.executions.get(k);
    const byExecution = exec?.status === 'accepted' || exec?.status === 'submitted' ? { status: 'done', percent: 100 } : exec?.status === 'in_progress' ? { status: 'in_progress', percent: 0 } : { status: 'not_started', percent: 0 };
    values[`lines.${i}.status`] = before?.status ?? byExecution.status;
    values[`lines.${i}.percent`] = String(before?.percent ?? byExecution.percent);
    values[`lines.${i}.done`] = r.current ? (before?.done ?? '') : '';
    values[`lines.${i}.problems`] = before?.problems ?? '';
  });
  if (r.duty.smo) {
    const rows = new Map((r.current ?? r.previous)?.smoForm.map((s) => [s.moId, s]) ?? []);
    r.duty.mo_ids.forEach((mo, j) => {
      const s = rows.get(mo);
      values[`smoForm.${j}.representativesPresent`] = num(s?.representativesPresent);
      values[`smoForm.${j}.notified`] = num(s?.notified);
      values[`smoForm.${j}.completedCheckup`] = num(s?.completedCheckup);
      values[`smoForm.${j}.survey.itemId`] = s?.survey?.itemId ?? surveyItems(r, mo)[0] ?? '';
      values[`smoForm.${j}.survey.planned`] = num(s?.survey?.planned);
      values[`smoForm.${j}.survey.surveyed`] = num(s?.survey?.surveyed);
    });
  }
  values.comment = r.current?.comment ?? '';
  return values;
}

const surveyItems = (r: ReportContext, mo: string) => [...new Set(r.duty.lines.filter((l) => l.moId === mo && r.items.get(l.itemId)?.survey).map((l) => l.itemId))];

/** A typed number stays what was typed when it is not one, so zod names the error («введите число»). */
function numberOf(raw: string | undefined): number | string | undefined {
  const s = (raw ?? '').trim().replace(/\s/g, '');
  if (!s) return undefined;
  const n = Number(s.replace(',', '.'));
  return Number.isFinite(n) ? n : s;
}

/**
 * The form's fields as the API's report body. Lines come from the duty (the
 * form cannot name someone else's item); a МО row of the СМО form left
 * entirely blank is left out, so `smoIndex` maps the body's rows back to the form's.
 */
function reportInput(duty: DutyRow, values: Record<string, string>, reporterId: string | null) {
  const lines = duty.lines.map((l, i) => ({
    itemId: l.itemId,
    moId: l.moId,
    status: values[`lines.${i}.status`] ?? '',
    percent: numberOf(values[`lines.${i}.percent`]),
    done: values[`lines.${i}.done`] ?? '',
    problems: values[`lines.${i}.problems`] ?? '',
  }));
  const smoIndex: number[] = [];
  const smoForm: unknown[] = [];
  if (duty.smo) {
    duty.mo_ids.forEach((moId, j) => {
      const f = (k: string) => values[`smoForm.${j}.${k}`] ?? '';
      const figures = ['representativesPresent', 'notified', 'completedCheckup', 'survey.planned', 'survey.surveyed'].map(f);
      if (figures.every((x) => !x.trim())) return;
      const survey = f('survey.itemId') && (f('survey.planned').trim() || f('survey.surveyed').trim())
        ? { itemId: f('survey.itemId'), planned: numberOf(f('survey.planned')), surveyed: numberOf(f('survey.surveyed')) }
        : undefined;
      smoIndex.push(j);
      smoForm.push({
        moId,
        representativesPresent: numberOf(f('representativesPresent')),
        notified: numberOf(f('notified')),
        completedCheckup: numberOf(f('completedCheckup')),
        ...(survey ? { survey } : {}),
      });
    });
  }
  return { input: { lines, smoForm, comment: values.comment ?? '', ...(reporterId ? { reporterId } : {}) }, smoIndex };
}

/** Error keys of the body (`smoForm.0.notified`) as the form's field names (`smoForm.3.notified`). */
function toFormKeys(errors: FieldErrors, smoIndex: number[]): FieldErrors {
  const out: FieldErrors = {};
  for (const [k, m] of Object.entries(errors)) {
    const key = k.replace(/^smoForm\.(\d+)/, (_, i) => `smoForm.${smoIndex[Number(i)] ?? i}`);
    out[key] ??= m;
  }
  return out;
}

const statusOptions = WeeklyItemStatus.options;

/** A compact labelled control with its error tied to it; the report form has dozens of them. */
const Control: FC<{
  form: FormState;
  name: string;
  label: string;
  kind?: 'text' | 'number' | 'textarea' | 'select';
  options?: { value: string; label: string }[];
  disabled?: boolean;
  hint?: string;
}> = (p) => {
  const id = fieldId(p.name);
  const error = p.form.errors[p.name];
  const value = p.form.values[p.name] ?? '';
  const describedBy = [p.hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(' ') || undefined;
  const focus = error !== undefined && Object.keys(p.form.errors)[0] === p.name;
  const common = { id, name: p.name, 'aria-invalid': error ? 'true' : undefined, 'aria-describedby': describedBy, autofocus: focus || undefined, disabled: p.disabled || undefined };
  return (
    <div class="field" style="margin:0">
      <label for={id} style="margin:.25rem 0">
        {p.label}
        {p.hint ? (
          <span class="hint" id={`${id}-hint`}>
            {p.hint}
          </span>
        ) : null}
      </label>
      {p.kind === 'select' ? (
        <select {...common}>
          {(p.options ?? []).map((o) => (
            <option value={o.value} selected={o.value === value}>
              {o.label}
            </option>
          ))}
        </select>
      ) : p.kind === 'textarea' ? (
        <textarea {...common} rows={2} style="min-height:3.2rem">
          {value}
        </textarea>
      ) : (
        <input {...common} type="text" inputmode={p.kind === 'number' ? 'numeric' : undefined} value={value} />
      )}
      {error ? (
        <p class="field-error" id={`${id}-error`}>
          <span class="visually-hidden">Ошибка: </span>
          {error}
        </p>
      ) : null}
    </div>
  );
};

function reportLabels(r: ReportContext): Record<string, string> {
  const labels: Record<string, string> = { comment: 'Общий комментарий' };
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

async function reportPage(c: Context<WebEnv>, deps: ServiceDeps, periodId: string, form: FormState | null = null, status: 200 | 400 | 403 | 404 | 409 = 200) {
  const actor = c.get('actor');
  const reporter = c.req.query('reporter') || undefined;
  const r = await loadReport(deps, actor, periodId, reporter);
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
            <ReportStatusTag status={duty.status} />
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
      <form method="post" action={action} novalidate id="weekly-report">
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
                      <Control form={f} name={`lines.${i}.status`} label="Состояние" kind="select" options={statusOptions.map((s) => ({ value: s, label: weeklyItemStatusLabel[s] }))} />
                      <Control form={f} name={`lines.${i}.percent`} label="% выполнения" kind="number" hint="от 0 до 100" />
                    </div>
                    <div style="display:grid;grid-template-columns:repeat(auto-fit,minmax(18rem,1fr));gap:.25rem 1rem">
                      <Control form={f} name={`lines.${i}.done`} label="Что сделано за неделю" kind="textarea" />
                      <Control form={f} name={`lines.${i}.problems`} label="Проблемы и риски" kind="textarea" />
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
                      <Control form={f} name={`smoForm.${j}.representativesPresent`} label="Страховых представителей в МО" kind="number" />
                      <Control form={f} name={`smoForm.${j}.notified`} label="Оповещено о диспансеризации, чел." kind="number" />
                      <Control form={f} name={`smoForm.${j}.completedCheckup`} label="Из них прошли диспансеризацию, чел." kind="number" />
                    </div>
                    <p class="effectiveness" style="margin:.25rem 0">
                      Результативность информирования: <strong>{eff === null ? '—' : `${eff.toLocaleString('ru-RU')} %`}</strong>
                    </p>
                    {waves.length ? (
                      <div style="display:grid;grid-template-columns:repeat(auto-fit,minmax(12rem,1fr));gap:.25rem 1rem">
                        <div style="grid-column:1/-1">
                        <Control
                          form={f}
                          name={`smoForm.${j}.survey.itemId`}
                          label="Этап опроса"
                          kind="select"
                          options={waves.map((w) => {
                            const e = r.executions.get(lineKey(w, mo));
                            return { value: w, label: `${r.items.get(w)?.title ?? w}${e ? ` (срок ${formatRuDate(e.deadline_at, tz)})` : ''}` };
                          })}
                        />
                        </div>
                        <Control form={f} name={`smoForm.${j}.survey.planned`} label="План опроса, чел." kind="number" />
                        <Control form={f} name={`smoForm.${j}.survey.surveyed`} label="Опрошено, чел." kind="number" />
                      </div>
                    ) : null}
                  </fieldset>
                );
              })}
            </section>
          ) : null}
          <div class="card">
            <Control form={f} name="comment" label="Общий комментарий" kind="textarea" />
            {open ? (
              <div class="actions">
                <button type="submit">{duty.revision ? 'Направить исправленный отчёт' : 'Направить отчёт'}</button>
                <span class="muted">Исправить отчёт можно до {formatRuDateTime(p.cutoff_at, tz)}.</span>
              </div>
            ) : null}
          </div>
        </fieldset>
      </form>
      {duty.smo ? <script dangerouslySetInnerHTML={{ __html: liveEffectiveness }} /> : null}
    </Layout>,
    status,
  );
}

/** Progressive enhancement: the effectiveness follows the figures as they are typed (the server computes it again on submit). */
const liveEffectiveness = `document.querySelectorAll('fieldset.smo-row').forEach(function (row) {
  var out = row.querySelector('.effectiveness strong');
  var get = function (k) { var el = row.querySelector('[name$=".' + k + '"]'); return el ? Number(el.value.replace(',', '.').replace(/\\s/g, '')) : NaN; };
  row.addEventListener('input', function () {
    var n = get('notified'), d = get('completedCheckup');
    out.textContent = n > 0 && isFinite(d) ? (Math.round(d / n * 1000) / 10).toLocaleString('ru-RU') + ' %' : '—';
  });
});`;

// ───────────────────────────── the consolidated report ─────────────────────────────

const executionLabel: Record<string, string> = { assigned: 'назначено', in_progress: 'выполняется', submitted: 'на приёмке', accepted: 'принято', cancelled: 'отменено' };
const fmt = (v: number | null, unit = '') => (v === null ? '—' : `${v.toLocaleString('ru-RU', { maximumFractionDigits: 1 })}${unit}`);

const LinesTable: FC<{ lines: ConsolidatedLine[]; tz: string; missing: Set<string>; id?: string }> = ({ lines, tz, missing, id }) => (
  <div class="table-wrap">
    <table class="stack-sm" id={id}>
      <thead>
        <tr>
          <th scope="col">Мероприятие</th>
          <th scope="col">МО</th>
          <th scope="col">Ответственный</th>
          <th scope="col">Срок</th>
          <th scope="col">Состояние на отчётную дату</th>
          <th scope="col">%</th>
          <th scope="col">Что сделано</th>
          <th scope="col">Проблемы и риски</th>
        </tr>
      </thead>
      <tbody>
        {lines.map((l) => (
          <tr class={l.overdue ? 'overdue' : undefined}>
            <td data-label="Мероприятие">{l.itemTitle}</td>
            <td data-label="МО">{l.moName ?? 'ТФОМС (в целом)'}</td>
            <td data-label="Ответственный">{l.reporterName}</td>
            <td data-label="Срок">
              {l.deadlineAt ? formatRuDate(new Date(l.deadlineAt), tz) : '—'}
              {l.executionStatus ? <div class="muted">{executionLabel[l.executionStatus] ?? l.executionStatus}</div> : null}
              {l.overdue ? <span class="tag overdue">просрочено</span> : null}
            </td>
            <td data-label="Состояние">
              {l.status ? weeklyItemStatusLabel[l.status] : missing.has(l.reporterId) ? <span class="tag overdue">отчёт не представлен</span> : 'не отражено в отчёте'}
            </td>
            <td data-label="%">{l.percent ?? '—'}</td>
            <td data-label="Что сделано">{l.done}</td>
            <td data-label="Проблемы и риски">{l.problems}</td>
          </tr>
        ))}
      </tbody>
    </table>
  </div>
);

async function consolidatedPage(c: Context<WebEnv>, deps: ServiceDeps, periodId: string, form: FormState | null = null, status: 200 | 400 | 403 | 404 | 409 = 200) {
  const actor = c.get('actor');
  const p = await readablePeriod(deps.sql, actor, periodId);
  let row: { compilation: number; report: ConsolidatedReport } | null = null;
  try {
    row = await readableConsolidated(deps.sql, actor, p);
  } catch (err) {
    // Not compiled yet is a state of the week, not an error: the page says so. ФОМС before submission is refused.
    if (!(err instanceof RefusedError && err.refusal.code === 'not_found')) throw err;
  }
  const tz = p.time_zone;
  const names = new Map(
    (await deps.sql<{ id: string; full_name: string }[]>`select id, full_name from people where id = any(${[p.coordinator_id, p.submitted_by ?? p.coordinator_id]})`).map((x) => [x.id, x.full_name]),
  );
  // Shown to the coordinator and whoever acts for them; the Update's validator is what actually decides.
  const asCoordinator = (await actingFor(deps.sql, actor.personId)).includes(p.coordinator_id);
  const canSubmit = asCoordinator && p.status !== 'submitted' && row !== null;
  const f: FormState = form ?? emptyForm();
  const ok = c.req.query('ok');
  const rep = row?.report ?? null;
  const missing = new Set((rep?.reporters ?? []).filter((x) => x.status === 'missing' || x.status === 'pending').map((x) => x.personId));
  const directions: { title: string; party: string; lines: ConsolidatedLine[] }[] = [];
  for (const l of rep?.lines ?? []) {
    const last = directions.at(-1);
    if (last?.title === l.directionTitle) last.lines.push(l);
    else directions.push({ title: l.directionTitle, party: l.party, lines: [l] });
  }
  const smoTotals = (rep?.smoForm ?? []).reduce((a, s) => ({ rp: a.rp + s.representativesPresent, n: a.n + s.notified, d: a.d + s.completedCheckup }), { rp: 0, n: 0, d: 0 });
  const download = (ext: 'xlsx' | 'csv') => `/monitoring/periods/${encodeURIComponent(p.id)}/consolidated.${ext}`;

  return c.html(
    <Layout {...await frameFor(c, deps, { title: `Сводный отчёт: неделя ${p.number}`, current: 'monitoring', flash: ok ? (flash[ok] ?? null) : null })}>
      <p class="muted">
        <a href="/monitoring">Еженедельный мониторинг</a> · <a href={`/roadmaps/${encodeURIComponent(p.roadmap_id)}/dashboard`}>{p.roadmap_title}</a>
      </p>
      <h1>Сводный отчёт: неделя {p.number}</h1>
      {form?.message && !canSubmit ? (
        <div class="alert" role="alert">
          <h2>Действие не выполнено</h2>
          <p>{form.message}</p>
        </div>
      ) : null}
      <div class="card">
        <dl class="facts">
          <dt>Период</dt>
          <dd>
            с {formatRuDateTime(p.opens_at, tz)}; срок представления {formatRuDateTime(p.due_at, tz)}; приём до {formatRuDateTime(p.cutoff_at, tz)}
          </dd>
          <dt>Состояние</dt>
          <dd id="period-status">{periodStatusLabel[p.status]}</dd>
          <dt>Координатор</dt>
          <dd>{names.get(p.coordinator_id) ?? p.coordinator_id}</dd>
          {rep ? (
            <>
              <dt>Сформирован</dt>
              <dd>
                {formatRuDateTime(new Date(rep.compiledAt), tz)} ({rep.reason === 'all_in' ? 'все отчёты представлены' : 'по окончании приёма'}, сборка № {row!.compilation})
              </dd>
            </>
          ) : null}
        </dl>
      </div>
      {!rep ? (
        <div class="card">
          <p>
            Сводный отчёт ещё не сформирован: он формируется, когда представлены все отчёты, или по окончании приёма ({formatRuDateTime(p.cutoff_at, tz)}).
            Представлено отчётов: {p.on_time + p.late} из {p.total}.
          </p>
        </div>
      ) : (
        <>
          <section class="card" aria-labelledby="totals-title">
            <h2 id="totals-title">Итоги недели</h2>
            <p id="consolidated-totals">
              Отчётов: <strong>{rep.totals.reporters}</strong> · в срок: <strong>{rep.totals.onTime}</strong> · с опозданием: <strong>{rep.totals.late}</strong> · не
              представлено: <strong>{rep.totals.missing}</strong>
              {rep.totals.pending ? <> · ожидается: <strong>{rep.totals.pending}</strong></> : null} · отражено строк: {rep.totals.reportedLines} из {rep.totals.lines} ·
              просроченных мероприятий: <strong>{rep.totals.overdueItems}</strong>
            </p>
            <p class="actions" style="margin:0">
              <a class="button secondary" href={download('xlsx')} download>
                Скачать XLSX
              </a>
              <a class="button secondary" href={download('csv')} download>
                Скачать CSV
              </a>
            </p>
          </section>

          <section class="card" aria-labelledby="reporters-title">
            <h2 id="reporters-title">Представление отчётов</h2>
            {missing.size ? (
              <div id="not-reported">
                <p>
                  <strong>Не отчитались:</strong>
                </p>
                <ul>
                  {rep.reporters
                    .filter((x) => missing.has(x.personId))
                    .map((x) => (
                      <li>
                        {x.name} ({x.organisationName}) — {reportStatusLabel[x.status]}
                      </li>
                    ))}
                </ul>
              </div>
            ) : (
              <p id="not-reported">Все ответственные представили отчёты.</p>
            )}
            <div class="table-wrap">
              <table class="stack-sm" id="reporters">
                <thead>
                  <tr>
                    <th scope="col">Ответственный</th>
                    <th scope="col">Организация</th>
                    <th scope="col">Отчёт</th>
                    <th scope="col">Представлен</th>
                    <th scope="col">Опоздание</th>
                  </tr>
                </thead>
                <tbody>
                  {rep.reporters.map((x) => (
                    <tr class={x.status === 'missing' ? 'overdue' : undefined}>
                      <td data-label="Ответственный">{x.name}</td>
                      <td data-label="Организация">{x.organisationName}</td>
                      <td data-label="Отчёт">
                        <ReportStatusTag status={x.status} />
                      </td>
                      <td data-label="Представлен">{x.submittedAt ? formatRuDateTime(new Date(x.submittedAt), tz) : '—'}</td>
                      <td data-label="Опоздание">{lateBy(x.lateByMs) || '—'}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </section>

          <section class="card" aria-labelledby="overdue-title">
            <h2 id="overdue-title">Просроченные мероприятия</h2>
            {rep.lines.some((l) => l.overdue) ? (
              <LinesTable lines={rep.lines.filter((l) => l.overdue)} tz={tz} missing={missing} id="overdue-lines" />
            ) : (
              <p>Просроченных мероприятий нет.</p>
            )}
          </section>

          <section aria-labelledby="by-direction-title">
            <h2 id="by-direction-title">По направлениям и МО</h2>
            {directions.map((d) => (
              <section class="card">
                <h3 style="margin-top:0">
                  {d.party === 'SMO' ? 'СМО' : 'ТФОМС'}: {d.title}
                </h3>
                <LinesTable lines={d.lines} tz={tz} missing={missing} />
              </section>
            ))}
          </section>

          <section class="card" aria-labelledby="smo-title">
            <h2 id="smo-title">Отчётная форма СМО: страховые представители и информирование</h2>
            {rep.smoForm.length ? (
              <div class="table-wrap">
                <table class="stack-sm" id="smo-form">
                  <thead>
                    <tr>
                      <th scope="col">МО</th>
                      <th scope="col">СМО</th>
                      <th scope="col">Страховых представителей</th>
                      <th scope="col">Оповещено</th>
                      <th scope="col">Прошли диспансеризацию</th>
                      <th scope="col">Результативность, %</th>
                      <th scope="col">Опрос: опрошено / план (срок этапа)</th>
                    </tr>
                  </thead>
                  <tbody>
                    {rep.smoForm.map((s) => (
                      <tr>
                        <td data-label="МО">{s.moName}</td>
                        <td data-label="СМО">{s.organisationName}</td>
                        <td data-label="Страховых представителей">{s.representativesPresent}</td>
                        <td data-label="Оповещено">{s.notified}</td>
                        <td data-label="Прошли диспансеризацию">{s.completedCheckup}</td>
                        <td data-label="Результативность, %">{fmt(s.effectiveness)}</td>
                        <td data-label="Опрос">
                          {s.survey
                            ? `${s.survey.surveyed} / ${s.survey.planned} (${fmt(s.survey.percent, ' %')})${s.survey.waveDeadlineAt ? `, срок ${formatRuDate(new Date(s.survey.waveDeadlineAt), tz)}` : ''}`
                            : '—'}
                        </td>
                      </tr>
                    ))}
                    <tr>
                      <th scope="row" colspan={2}>
                        Итого
                      </th>
                      <td data-label="Страховых представителей">{smoTotals.rp}</td>
                      <td data-label="Оповещено">{smoTotals.n}</td>
                      <td data-label="Прошли диспансеризацию">{smoTotals.d}</td>
                      <td data-label="Результативность, %" id="smo-effectiveness">
                        {fmt(informingEffectiveness(smoTotals.n, smoTotals.d))}
                      </td>
                      <td></td>
                    </tr>
                  </tbody>
                </table>
              </div>
            ) : (
              <p>Отчётная форма СМО за неделю не заполнена.</p>
            )}
          </section>

          <section class="card" aria-labelledby="indicators-title">
            <h2 id="indicators-title">Целевые показатели</h2>
            {rep.indicators.length ? (
              <div class="table-wrap">
                <table class="stack-sm" id="indicators">
                  <thead>
                    <tr>
                      <th scope="col">Показатель</th>
                      <th scope="col">Цель</th>
                      <th scope="col">Факт</th>
                      <th scope="col">Достигнут</th>
                    </tr>
                  </thead>
                  <tbody>
                    {rep.indicators.map((x) => (
                      <tr class={x.meets === false ? 'overdue' : undefined}>
                        <td data-label="Показатель">{x.title}</td>
                        <td data-label="Цель">
                          {x.target === null ? '—' : `${x.direction === 'at_least' ? '≥ ' : x.direction === 'at_most' ? '≤ ' : ''}${fmt(x.target)} ${x.unit}`}
                        </td>
                        <td data-label="Факт">{x.actual === null ? 'нет данных' : `${fmt(x.actual)} ${x.unit}`}</td>
                        <td data-label="Достигнут">{x.meets === null ? 'нет данных' : x.meets ? 'да' : <strong>нет</strong>}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            ) : (
              <p>Показателей в отчёте нет.</p>
            )}
          </section>
        </>
      )}

      <section class="card" aria-labelledby="submission-title">
        <h2 id="submission-title">Направление в ФОМС</h2>
        {p.status === 'submitted' ? (
          <div id="submission">
            <p>
              Направлен в ФОМС {p.submitted_at ? formatRuDateTime(p.submitted_at, tz) : ''}
              {p.submitted_by ? `, ${names.get(p.submitted_by) ?? p.submitted_by}` : ''}.
            </p>
            <p>
              <strong>Комментарий координатора:</strong> {p.coordinator_comment || '—'}
            </p>
          </div>
        ) : canSubmit ? (
          <>
            <ErrorSummary form={f} labels={{ comment: 'Комментарий координатора' }} />
            <form method="post" action={`/monitoring/periods/${encodeURIComponent(p.id)}/consolidated/submit`} novalidate>
              <Hidden csrf={c.get('csrfToken')} />
              <Control form={f} name="comment" label="Комментарий координатора" kind="textarea" hint="Что важно для ФОМС: отставания, принятые меры. Необязательно." />
              <div class="actions">
                <button type="submit">Направить в ФОМС</button>
                {p.status === 'open' ? <span class="muted">Приём отчётов ещё идёт: опоздавшие отчёты после направления не принимаются.</span> : null}
              </div>
            </form>
          </>
        ) : (
          <p class="muted">
            {asCoordinator ? 'Направить можно, когда сводный отчёт сформирован.' : 'Сводный отчёт направляет в ФОМС координатор мониторинга.'}
          </p>
        )}
      </section>
    </Layout>,
    status,
  );
}

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
    const { duty } = await loadReport(deps, actor, id, reporter);
    const { input, smoIndex } = reportInput(duty, values, reporter && reporter !== actor.personId ? reporter : null);
    // The API's own body schema: the same field rules and messages as POST /api/monitoring/periods/{id}/reports.
    const parsed = parseWith(WeeklyReportBody, input);
    if (!parsed.ok) return reportPage(c, deps, id, { values, errors: toFormKeys(parsed.errors, smoIndex) }, 400);
    let result;
    try {
      result = await submitWeeklyReport(deps, actor, id, parsed.data, formCommandId(actor, body._command));
    } catch (err) {
      const form = refusalToForm(err, { values });
      return reportPage(c, deps, id, { ...form, errors: toFormKeys(form.errors, smoIndex) }, statusOf(form.code));
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
      return consolidatedPage(c, deps, id, form, statusOf(form.code));
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
