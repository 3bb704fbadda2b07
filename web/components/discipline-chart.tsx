import { short } from './text.js';
import type { FC } from 'hono/jsx';
import { ChartLegend } from './chart-legend.js';
import type { disciplineOf } from '../../services/monitoring/monitoring-discipline.js';

type Discipline = Awaited<ReturnType<typeof disciplineOf>>;

const segments = [
  { key: 'onTime', name: 'в срок', color: '#00703c' },
  { key: 'late', name: 'с опозданием', color: '#b35c00' },
  { key: 'missing', name: 'не представлен', color: '#b00020' },
  { key: 'pending', name: 'ожидается', color: '#8b929c' },
] as const;

const pct = (part: number, whole: number) => (whole ? `${Math.round((part / whole) * 100)} %` : '—');

/**
 * Weekly-report discipline of a road map (api/monitoring-discipline.ts): one
 * stacked bar per reporter — reports on time, late, missing, still expected —
 * then the same figures, with the items' punctuality, as a table.
 */
export const DisciplineSection: FC<{ d: Discipline }> = ({ d }) => {
  const rows = d.persons.filter((p) => p.reports.total > 0);
  const rowH = 44;
  const barW = 430;
  const height = rows.length * rowH + 8;
  const r = d.region;
  return (
    <section class="card" aria-labelledby="discipline-title">
      <h2 id="discipline-title">Исполнительская дисциплина: еженедельные отчёты</h2>
      {rows.length ? (
        <>
          <p id="discipline-totals">
            Отчётов за все недели: <strong>{r.reports.total}</strong> · в срок: <strong>{r.reports.onTime}</strong> ({pct(r.reports.onTime, r.reports.total)}) · с
            опозданием: <strong>{r.reports.late}</strong> · не представлено: <strong>{r.reports.missing}</strong>
            {r.reports.pending ? <> · ожидается: <strong>{r.reports.pending}</strong></> : null}
          </p>
          <figure style="margin:0">
            <svg
              id="discipline-chart"
              viewBox={`0 0 640 ${height}`}
              width="100%"
              role="img"
              aria-label={`Еженедельные отчёты по ответственным. ${rows.map((p) => `${p.name}: в срок ${p.reports.onTime}, с опозданием ${p.reports.late}, не представлено ${p.reports.missing} из ${p.reports.total}`).join('; ')}`}
              style="max-width:60rem;display:block"
            >
              {rows.map((p, i) => {
                const y = i * rowH + 4;
                let x = 0;
                return (
                  <g>
                    <title>{`${p.name}: в срок ${p.reports.onTime}, с опозданием ${p.reports.late}, не представлено ${p.reports.missing}, ожидается ${p.reports.pending}`}</title>
                    <text x="0" y={y + 13} font-size="13" fill="#1b1b1b">
                      {short(`${p.name} (${p.organisationName})`, 60)}
                    </text>
                    {segments.map((s) => {
                      const w = (p.reports[s.key] / p.reports.total) * barW;
                      const rect = w > 0 ? <rect x={x} y={y + 19} width={w} height="16" fill={s.color} /> : null;
                      x += w;
                      return rect;
                    })}
                    <rect x="0" y={y + 19} width={barW} height="16" fill="none" stroke="#1b1b1b" stroke-width="1" />
                    <text x={barW + 8} y={y + 32} font-size="13" fill="#1b1b1b">
                      {`${p.reports.onTime} из ${p.reports.total} в срок`}
                    </text>
                  </g>
                );
              })}
            </svg>
            <figcaption>
              <ChartLegend segments={segments} />
            </figcaption>
          </figure>
          <div class="table-wrap">
            <table class="stack-sm" id="discipline-table">
              <thead>
                <tr>
                  <th scope="col" style="min-width:14rem">Ответственный</th>
                  <th scope="col">Отчётов</th>
                  <th scope="col">В срок</th>
                  <th scope="col">С опозданием</th>
                  <th scope="col">Не представлено</th>
                  <th scope="col">Мероприятий в срок (по первоначальному сроку)</th>
                  <th scope="col">Перенесено</th>
                  <th scope="col">Просрочено сейчас</th>
                </tr>
              </thead>
              <tbody>
                {[
                  ...d.persons.map((p) => ({ key: p.personId, label: p.name, sub: p.organisationName, f: p, total: false })),
                  ...d.smo.map((s) => ({ key: s.organisationId, label: `Итого по СМО: ${s.organisationName}`, sub: null, f: s, total: true })),
                  { key: 'region', label: `Итого: ${r.regionName}`, sub: null, f: r, total: true },
                ].map((x) => (
                  <tr data-person={x.total ? undefined : x.key}>
                    <th scope="row" style={x.total ? undefined : 'font-weight:400'}>
                      {x.label}
                      {x.sub ? <div class="muted">{x.sub}</div> : null}
                    </th>
                    <td data-label="Отчётов">{x.f.reports.total}</td>
                    <td data-label="В срок">{x.f.reports.onTime}</td>
                    <td data-label="С опозданием">{x.f.reports.late}</td>
                    <td data-label="Не представлено">{x.f.reports.missing}</td>
                    <td data-label="Мероприятий в срок">
                      {x.f.items.onTimeAgainstOriginal} из {x.f.items.total}
                    </td>
                    <td data-label="Перенесено">{x.f.items.rescheduled}</td>
                    <td data-label="Просрочено сейчас">{x.f.items.overdue}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      ) : (
        <p>Еженедельных отчётов по этой дорожной карте ещё не было.</p>
      )}
    </section>
  );
};
