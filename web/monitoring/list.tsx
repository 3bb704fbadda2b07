import type { Context } from 'hono';
import { pendingOverdue, periodStatusLabel, reportingWeekText } from '../../domain/reporting-period.js';
import { formatRuDateTime } from '../../domain/zoned-time.js';
import type { ServiceDeps } from '../../services/deps.js';
import { monitoringOverview } from '../../services/monitoring/monitoring-overview.js';
import { frameFor, Layout } from '../components/layout.js';
import type { WebEnv } from '../session/web-session.js';
import { accepting, periodLink, ReportStatusTag } from './shared.js';

export async function listPage(c: Context<WebEnv>, deps: ServiceDeps) {
  const actor = c.get('actor');
  const { duties, byId, coordinated, curator, firstWeeks, coordinates } = await monitoringOverview(deps.sql, actor);

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
                      <td data-label="Неделя">
                        № {p.number}
                        <div class="muted">{reportingWeekText(p.opens_at, p.due_at, p.time_zone)}</div>
                      </td>
                      <td data-label="Дорожная карта">
                        {p.roadmap_title}
                        {other ? <div class="muted">за: {d.full_name} (и.о.)</div> : null}
                      </td>
                      <td data-label="Срок представления">{formatRuDateTime(p.due_at, p.time_zone)}</td>
                      <td data-label="Приём до">{formatRuDateTime(p.cutoff_at, p.time_zone)}</td>
                      <td data-label="Отчёт">
                        <ReportStatusTag status={d.status} dueAt={open ? p.due_at : undefined} />
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
        ) : coordinates ? (
          <p>Сами вы еженедельные отчёты не представляете: вы координатор мониторинга.</p>
        ) : (
          <p>Вы не входите в число отчитывающихся по дорожным картам.</p>
        )}
      </section>
      {firstWeeks.length ? (
        <section class="card" aria-labelledby="first-weeks">
          <h2 id="first-weeks">Первая отчётная неделя (я координатор мониторинга)</h2>
          <ul id="first-week-list">
            {firstWeeks.map((w) => (
              <li data-roadmap={w.roadMapId}>
                {w.title}: первая отчётная неделя начнётся <strong>{formatRuDateTime(w.opensAt, w.timeZone)}</strong>, отчёты ответственных — до{' '}
                {formatRuDateTime(w.dueAt, w.timeZone)} (местное время региона). Сводный отчёт за неделю появится здесь, когда представлены все
                отчёты или закончится их приём.
              </li>
            ))}
          </ul>
        </section>
      ) : null}
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
                  <th scope="col">Отчёты</th>
                  <th scope="col">Состояние</th>
                </tr>
              </thead>
              <tbody>
                {coordinated.map((p) => {
                  // After the due time a report not in is owed («не представлено в срок»), no longer awaited.
                  const owed = p.status === 'open' && pendingOverdue(p.due_at);
                  return (
                    <tr data-period={p.id}>
                      <td data-label="Неделя">
                        <a href={periodLink(p.id, 'consolidated')}>№ {p.number}</a>
                      </td>
                      <td data-label="Дорожная карта">{p.roadmap_title}</td>
                      <td data-label="Период">
                        <span class="week-dates">{reportingWeekText(p.opens_at, p.due_at, p.time_zone)}</span>
                        <div class="muted">
                          срок представления {formatRuDateTime(p.due_at, p.time_zone)}; приём до {formatRuDateTime(p.cutoff_at, p.time_zone)}
                        </div>
                      </td>
                      <td data-label="Отчёты" class="report-counts">
                        в срок: {p.on_time} · с опозданием: {p.late}
                        {p.status !== 'open' || p.missing ? <> · не представлено: {p.missing}</> : null}
                        {p.pending ? (
                          owed ? (
                            <>
                              {' '}
                              · <span class="tag overdue">не представлено в срок: {p.pending}</span>
                            </>
                          ) : (
                            <> · ожидается: {p.pending}</>
                          )
                        ) : null}
                      </td>
                      <td data-label="Состояние">{periodStatusLabel[p.status]}</td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        </section>
      ) : null}
    </Layout>,
  );
}
