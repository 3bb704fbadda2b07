import { lowerFirst, short } from './components/text.js';
import { Hono } from 'hono';
import { ChartLegend } from './components/chart-legend.js';
import type { FC } from 'hono/jsx';
import { meetsTarget, type TargetIndicator } from '../domain/indicator.js';
import { formatRuNumber } from '../domain/ru-number.js';
import { formatRuDate, formatRuDateTime } from '../domain/zoned-time.js';
import type { ServiceDeps } from '../services/deps.js';
import { roadMapDashboard, type ProgressRow } from '../services/roadmaps/dashboard-read-model.js';
import { DisciplineSection } from './components/discipline-chart.js';
import { frameFor, Layout } from './components/layout.js';
import type { WebEnv } from './session/web-session.js';

const segments = [
  { key: 'accepted', name: 'принято', color: '#00703c' },
  { key: 'submitted', name: 'на приёмке', color: '#1d70b8' },
  { key: 'open', name: 'в работе, срок не истёк', color: '#8b929c' },
  { key: 'overdue', name: 'просрочено', color: '#b00020' },
] as const;


/**
 * Server-rendered SVG: one bar per row, stacked by state, the label above the
 * bar so long Russian titles fit a phone. The same figures follow as a table.
 */
const ProgressChart: FC<{ rows: ProgressRow[]; title: string; id: string }> = ({ rows, title, id }) => {
  const rowH = 44;
  const width = 640;
  const barW = 430;
  const height = rows.length * rowH + 8;
  const summary = rows.map((r) => `${r.label}: принято ${r.accepted} из ${r.total}, просрочено ${r.overdue}`).join('; ');
  return (
    <figure style="margin:0">
      <svg id={id} viewBox={`0 0 ${width} ${height}`} width="100%" role="img" aria-label={`${title}. ${summary}`} style="max-width:60rem;display:block">
        {rows.map((r, i) => {
          const y = i * rowH + 4;
          let x = 0;
          return (
            <g>
              <title>{`${r.label}: принято ${r.accepted}, на приёмке ${r.submitted}, в работе ${r.open}, просрочено ${r.overdue} (всего ${r.total})`}</title>
              <text x="0" y={y + 13} font-size="13" fill="#1b1b1b">
                {short(r.label ?? '', 72)}
              </text>
              {segments.map((s) => {
                const value = r[s.key];
                const w = r.total ? (value / r.total) * barW : 0;
                const rect = w > 0 ? <rect x={x} y={y + 19} width={w} height="16" fill={s.color} /> : null;
                x += w;
                return rect;
              })}
              <rect x="0" y={y + 19} width={barW} height="16" fill="none" stroke="#1b1b1b" stroke-width="1" />
              <text x={barW + 8} y={y + 32} font-size="13" fill="#1b1b1b">
                {`${r.accepted} из ${r.total}${r.overdue ? ` · ${r.overdue} просрочено` : ''}`}
              </text>
            </g>
          );
        })}
      </svg>
      <figcaption>
        <ChartLegend segments={segments} />
      </figcaption>
      <details>
        <summary>Таблица: {lowerFirst(title)}</summary>
        <div class="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">Наименование</th>
                <th scope="col">Всего</th>
                <th scope="col">Принято</th>
                <th scope="col">На приёмке</th>
                <th scope="col">В работе</th>
                <th scope="col">Просрочено</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr>
                  <th scope="row">{r.label}</th>
                  <td>{r.total}</td>
                  <td>{r.accepted}</td>
                  <td>{r.submitted}</td>
                  <td>{r.open}</td>
                  <td>{r.overdue}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
    </figure>
  );
};

const directionSign = { at_least: '≥', at_most: '≤', unspecified: '' } as const;

/** Target for the year under way, else the nearest year the programme names. */

const IndicatorChart: FC<{ rows: { indicator: TargetIndicator; target: { year: number; value: number } | null; actual: number | null; reports: number }[] }> = ({ rows }) => {
  const rowH = 48;
  const barW = 430;
  const height = rows.length * rowH + 8;
  return (
    <svg id="indicators-chart" viewBox={`0 0 640 ${height}`} width="100%" role="img" aria-label="Показатели: факт по отчётам против цели" style="max-width:60rem;display:block">
      {rows.map((r, i) => {
        const y = i * rowH + 4;
        const max = Math.max(r.target?.value ?? 0, r.actual ?? 0) * 1.15 || 1;
        const met = r.actual !== null && r.target ? meetsTarget(r.indicator.direction, r.target.value, r.actual) : null;
        const tx = r.target ? (r.target.value / max) * barW : null;
        return (
          <g>
            <title>{`${r.indicator.title}: факт ${r.actual === null ? 'нет данных' : formatRuNumber(r.actual, 1)}, цель ${directionSign[r.indicator.direction]} ${r.target ? formatRuNumber(r.target.value) : '—'} ${r.indicator.unit}`}</title>
            <text x="0" y={y + 13} font-size="13" fill="#1b1b1b">
              {short(r.indicator.title, 72)}
            </text>
            <rect x="0" y={y + 19} width={barW} height="16" fill="#e8ebf0" />
            {r.actual !== null ? <rect x="0" y={y + 19} width={(Math.max(0, r.actual) / max) * barW} height="16" fill={met === false ? '#b00020' : '#00703c'} /> : null}
            {tx !== null ? <line x1={tx} x2={tx} y1={y + 15} y2={y + 39} stroke="#1b1b1b" stroke-width="3" /> : null}
            <text x={barW + 8} y={y + 32} font-size="12" fill="#1b1b1b">
              {`${r.actual === null ? 'нет данных' : formatRuNumber(r.actual, 1)} / ${directionSign[r.indicator.direction]}${r.target ? formatRuNumber(r.target.value) : '—'}`}
            </text>
          </g>
        );
      })}
    </svg>
  );
};

export function dashboardPages(deps: ServiceDeps) {
  const app = new Hono<WebEnv>();

  app.get('/roadmaps/:id/dashboard', async (c) => {
    const { row, tz, now, year, weekStart, byDirection, byMo, overdue, escalations, indicators, discipline } = await roadMapDashboard(deps.sql, c.get('actor'), c.req.param('id'));
    const total = byDirection.reduce((a, r) => ({ total: a.total + r.total, accepted: a.accepted + r.accepted, overdue: a.overdue + r.overdue }), { total: 0, accepted: 0, overdue: 0 });

    return c.html(
      <Layout {...await frameFor(c, deps, { title: `Ход исполнения: ${row.title}`, current: 'roadmaps' })}>
        <p class="muted">
          <a href={`/roadmaps/${encodeURIComponent(row.id)}`}>{row.title}</a>
        </p>
        <h1>Ход исполнения</h1>
        <p id="totals" class="card">
          Исполнений: <strong>{total.total}</strong> · принято: <strong>{total.accepted}</strong> ({total.total ? Math.round((total.accepted / total.total) * 100) : 0} %) · просрочено:{' '}
          <strong>{total.overdue}</strong> · эскалаций с {formatRuDate(weekStart, tz)}: <strong>{escalations.length}</strong>
          <br />
          <span class="muted">Данные на {formatRuDateTime(now, tz)} (местное время региона).</span>
        </p>

        <section class="card" aria-labelledby="by-direction">
          <h2 id="by-direction">По направлениям</h2>
          {byDirection.length ? <ProgressChart rows={byDirection} title="Исполнение по направлениям" id="direction-chart" /> : <p>Исполнение ещё не запущено.</p>}
        </section>

        <section class="card" aria-labelledby="by-mo">
          <h2 id="by-mo">По медицинским организациям</h2>
          {byMo.length ? <ProgressChart rows={byMo} title="Исполнение по МО" id="mo-chart" /> : <p>Исполнение ещё не запущено.</p>}
        </section>

        <section class="card" aria-labelledby="overdue-title">
          <h2 id="overdue-title">Просроченные мероприятия</h2>
          {overdue.length ? (
            <div class="table-wrap">
              <table class="stack-sm">
                <thead>
                  <tr>
                    <th scope="col">Срок</th>
                    <th scope="col">Мероприятие</th>
                    <th scope="col">МО</th>
                    <th scope="col">Исполнитель</th>
                  </tr>
                </thead>
                <tbody>
                  {overdue.map((o) => (
                    <tr class="overdue">
                      <td data-label="Срок">{formatRuDateTime(o.deadline_at, tz)}</td>
                      <td data-label="Мероприятие">
                        <a href={`/executions/${encodeURIComponent(o.id)}`}>{o.item_title}</a>
                      </td>
                      <td data-label="МО">{o.mo_name ?? 'ТФОМС'}</td>
                      <td data-label="Исполнитель">{o.executor}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          ) : (
            <p>Просроченных мероприятий нет.</p>
          )}
        </section>

        <section class="card" aria-labelledby="escalations-title">
          <h2 id="escalations-title">Эскалации на этой неделе (с {formatRuDate(weekStart, tz)})</h2>
          {escalations.length ? (
            <ul>
              {escalations.map((e) => (
                <li>
                  {formatRuDateTime(e.occurred_at, tz)} — <a href={`/executions/${encodeURIComponent(e.subject)}`}>{e.item_title ?? e.subject}</a>
                  {e.mo_name ? ` (${e.mo_name})` : ''}: {e.recipients ?? '—'}
                </li>
              ))}
            </ul>
          ) : (
            <p>Эскалаций на этой неделе не было.</p>
          )}
        </section>

        <DisciplineSection d={discipline} />

        <section class="card" aria-labelledby="indicators-title">
          <h2 id="indicators-title">Целевые показатели</h2>
          {indicators.length ? (
            <>
              <p class="muted">Полоса — среднее из отчётов исполнителей, черта — цель на {year} год (или ближайший год программы).</p>
              <IndicatorChart rows={indicators} />
              <details>
                <summary>Таблица показателей</summary>
                <div class="table-wrap">
                  <table>
                    <thead>
                      <tr>
                        <th scope="col">Показатель</th>
                        <th scope="col">Цель</th>
                        <th scope="col">Факт (отчётов)</th>
                        <th scope="col">Оценка</th>
                      </tr>
                    </thead>
                    <tbody>
                      {indicators.map((r) => (
                        <tr>
                          <th scope="row">{r.indicator.title}</th>
                          <td>
                            {r.target ? `${directionSign[r.indicator.direction]} ${formatRuNumber(r.target.value)} ${r.indicator.unit} (${r.target.year})` : '—'}
                          </td>
                          <td>{r.actual === null ? 'нет данных' : `${formatRuNumber(r.actual, 2)} (${r.reports})`}</td>
                          <td>{r.actual === null || !r.target ? '—' : meetsTarget(r.indicator.direction, r.target.value, r.actual) ? 'достигнут' : 'не достигнут'}</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </div>
              </details>
            </>
          ) : (
            <p>В дорожной карте нет целевых показателей.</p>
          )}
        </section>
      </Layout>,
    );
  });

  return app;
}
