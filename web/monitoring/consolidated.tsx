import type { Context } from 'hono';
import type { FC } from 'hono/jsx';
import type { ConsolidatedLine, ConsolidatedReport } from '../../domain/consolidated-report.js';
import { periodStatusLabel, reportStatusLabel } from '../../domain/reporting-period.js';
import { RefusedError } from '../../domain/refusal.js';
import { informingEffectiveness, weeklyItemStatusLabel } from '../../domain/weekly-report.js';
import { formatRuNumber } from '../../domain/ru-number.js';
import { formatRuDate, formatRuDateTimeZoned } from '../../domain/zoned-time.js';
import { actingFor } from '../../services/people/acting.js';
import type { ServiceDeps } from '../../services/deps.js';
import { lateBy } from '../../services/exports/consolidated-report-rows.js';
import { readableConsolidated, readablePeriod } from '../../services/monitoring/monitoring-read-model.js';
import { personNames } from '../../services/people/people-directory.js';
import { emptyForm, ErrorSummary, Field, Hidden, type FormState } from '../components/forms.js';
import { frameFor, Layout } from '../components/layout.js';
import type { WebEnv } from '../session/web-session.js';
import { flash, ReportStatusTag, XLSX } from './shared.js';

const executionLabel: Record<string, string> = { assigned: 'назначено', in_progress: 'выполняется', submitted: 'на приёмке', accepted: 'принято', cancelled: 'отменено' };
const fmt = (v: number | null, unit = '') => (v === null ? '—' : `${formatRuNumber(v, 1)}${unit}`);

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
              {l.status ? (
                weeklyItemStatusLabel[l.status]
              ) : l.executionStatus === 'cancelled' ? (
                'отменено'
              ) : missing.has(l.reporterId) ? (
                <span class="tag overdue">отчёт не представлен</span>
              ) : (
                'не отражено в отчёте'
              )}
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

export async function consolidatedPage(c: Context<WebEnv>, deps: ServiceDeps, periodId: string, form: FormState | null = null, status: 200 | 400 | 403 | 404 | 409 = 200) {
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
  const names = await personNames(deps.sql, [p.coordinator_id, p.submitted_by ?? p.coordinator_id]);
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
            с {formatRuDateTimeZoned(p.opens_at, tz)}; срок представления {formatRuDateTimeZoned(p.due_at, tz)}; приём до {formatRuDateTimeZoned(p.cutoff_at, tz)}
          </dd>
          <dt>Состояние</dt>
          <dd id="period-status">{periodStatusLabel[p.status]}</dd>
          <dt>Координатор</dt>
          <dd>{names.get(p.coordinator_id) ?? p.coordinator_id}</dd>
          {rep ? (
            <>
              <dt>Сформирован</dt>
              <dd>
                {formatRuDateTimeZoned(new Date(rep.compiledAt), tz)}, {rep.reason === 'all_in' ? 'все отчёты представлены' : 'по окончании приёма'}, сборка № {row!.compilation}
              </dd>
            </>
          ) : null}
        </dl>
      </div>
      {!rep ? (
        <div class="card">
          <p>
            Сводный отчёт ещё не сформирован: он формируется, когда представлены все отчёты, или по окончании приёма — {formatRuDateTimeZoned(p.cutoff_at, tz)}.
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
                      <td data-label="Представлен">{x.submittedAt ? formatRuDateTimeZoned(new Date(x.submittedAt), tz) : '—'}</td>
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
              Направлен в ФОМС {p.submitted_at ? formatRuDateTimeZoned(p.submitted_at, tz) : ''}
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
              <Field compact form={f} name="comment" label="Комментарий координатора" type="textarea" hint="Что важно для ФОМС: отставания, принятые меры. Необязательно." />
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
