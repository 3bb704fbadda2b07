import { Hono } from 'hono';
import type { FC } from 'hono/jsx';
import { parseIsoWeek } from '../../domain/federal/iso-week.js';
import { refusal, RefusedError } from '../../domain/refusal.js';
import { formatRuNumber } from '../../domain/ru-number.js';
import type { TrendCell } from '../../domain/federal/pilot-trend.js';
import { pilotTrend, type PilotTrend } from '../../services/federal/pilot-trend.js';
import type { ServiceDeps } from '../../services/deps.js';
import { ChartLegend } from '../components/chart-legend.js';
import { frameFor, Layout } from '../components/layout.js';
import type { WebEnv } from '../session/web-session.js';
import { PilotNav } from './pilot-nav.js';

const cellColour: Record<TrendCell, string> = { on_time: '#00703c', late: '#b35c00', missing: '#b00020', pending: '#8b929c', none: '#eef0f2' };
const cellShort: Record<TrendCell, string> = { on_time: 'в срок', late: 'опозд.', missing: 'нет', pending: 'ожид.', none: '—' };
const legend = [
  { name: 'в срок', color: cellColour.on_time },
  { name: 'с опозданием', color: cellColour.late },
  { name: 'не представлен', color: cellColour.missing },
  { name: 'ожидается', color: cellColour.pending },
  { name: 'не ожидался (нет утверждённой дорожной карты)', color: cellColour.none },
];
const weekShort = (w: string) => w.slice(5);

/** The national share on time per week: a bar per week; the table below is its text alternative. */
const ShareChart: FC<{ t: PilotTrend }> = ({ t }) => {
  const barW = 40;
  const gap = 12;
  const h = 140;
  return (
    <figure style="margin:0">
      <svg id="trend-share-chart" viewBox={`0 0 ${t.weeks.length * (barW + gap) + 40} ${h + 40}`} width="100%" style="max-width:48rem;display:block" role="img" aria-labelledby="trend-share-title" aria-describedby="trend-share-table">
        <line x1="30" y1={h} x2={t.weeks.length * (barW + gap) + 30} y2={h} stroke="#1b1b1b" />
        <text x="0" y="12" font-size="11" fill="#1b1b1b">100 %</text>
        <text x="0" y={h} font-size="11" fill="#1b1b1b">0</text>
        {t.share.map((s, i) => {
          const x = 34 + i * (barW + gap);
          const bh = s.percent === null ? 0 : (s.percent / 100) * (h - 10);
          return (
            <g>
              <title>{`${s.week}: ${s.percent === null ? 'нет данных' : `${formatRuNumber(s.percent)} % в срок`}`}</title>
              {s.percent === null ? null : <rect x={x} y={h - bh} width={barW} height={bh} fill="#00703c" />}
              <text x={x + barW / 2} y={h - bh - 4} font-size="11" text-anchor="middle" fill="#1b1b1b">{s.percent === null ? '—' : `${Math.round(s.percent)}`}</text>
              <text x={x + barW / 2} y={h + 16} font-size="11" text-anchor="middle" fill="#1b1b1b">{weekShort(s.week)}</text>
            </g>
          );
        })}
      </svg>
    </figure>
  );
};

/** Regions × weeks, one square per week; the table below carries the same data in words. */
const RegionChart: FC<{ t: PilotTrend }> = ({ t }) => {
  const cw = 26;
  const rh = 20;
  const left = 280;
  return (
    <figure style="margin:0">
      <svg id="trend-region-chart" viewBox={`0 0 ${left + t.weeks.length * cw + 10} ${t.regions.length * rh + 24}`} width="100%" style="max-width:48rem;display:block" role="img" aria-labelledby="trend-regions-title" aria-describedby="trend-region-table">
        {t.weeks.map((w, j) => <text x={left + j * cw + cw / 2} y="12" font-size="10" text-anchor="middle" fill="#1b1b1b">{weekShort(w)}</text>)}
        {t.regions.map((r, i) => (
          <g>
            <text x="0" y={24 + i * rh + 13} font-size="12" fill="#1b1b1b">{r.regionName}</text>
            {r.weeks.map((c, j) => (
              <rect x={left + j * cw + 2} y={24 + i * rh + 2} width={cw - 4} height={rh - 4} fill={cellColour[c.status]} stroke="#6f777b" stroke-width="0.5">
                <title>{`${r.regionName}, ${c.week}: ${c.label}`}</title>
              </rect>
            ))}
          </g>
        ))}
      </svg>
      <figcaption><ChartLegend segments={legend} /></figcaption>
    </figure>
  );
};

/** ФОМС's view of the pilot over twelve weeks: the share on time per week and each region's weeks. */
export function pilotTrendPages(deps: ServiceDeps) {
  const app = new Hono<WebEnv>();
  app.get('/pilot/trend', async (c) => {
    const to = c.req.query('to');
    if (to !== undefined && !parseIsoWeek(to)) throw new RefusedError(refusal('validation', 'неделя указывается по ISO 8601, например 2026-W49', [{ field: 'to', message: 'ожидается неделя вида 2026-W49' }]));
    const t = await pilotTrend(deps.sql, c.get('actor'), to);
    const frame = await frameFor(c, deps, { title: 'Динамика пилотных регионов', current: 'pilot' });
    const whose = t.scope === 'pilot' ? 'по всем пилотным регионам' : 'по регионам ваших групп';
    return c.html(
      <Layout {...frame}>
        <PilotNav current="trend" />
        <h1>Динамика: недели {t.weeks[0]} — {t.weeks[t.weeks.length - 1]}</h1>
        <p class="muted">Сводные отчёты регионов в ФОМС за последние {t.weeks.length} недель: в срок, с опозданием или не представлены.</p>
        <section class="card" aria-labelledby="trend-share-title">
          <h2 id="trend-share-title">Доля сводных отчётов, представленных в срок, {whose}, %</h2>
          <ShareChart t={t} />
          <div class="table-wrap">
            <table class="stack-sm" id="trend-share-table">
              <caption class="muted" style="text-align:left">Данные диаграммы: доля в срок среди отчётов в срок, с опозданием и не представленных.</caption>
              <thead><tr><th scope="col">Неделя</th><th scope="col">В срок</th><th scope="col">С опозданием</th><th scope="col">Не представлен</th><th scope="col">Ожидается</th><th scope="col">Доля в срок</th></tr></thead>
              <tbody>
                {t.share.map((s) => (
                  <tr data-week={s.week}>
                    <th scope="row" style="font-weight:400">{s.week}</th>
                    <td data-label="В срок">{s.onTime}</td>
                    <td data-label="С опозданием">{s.late}</td>
                    <td data-label="Не представлен">{s.missing}</td>
                    <td data-label="Ожидается">{s.pending}</td>
                    <td data-label="Доля в срок" data-share>{s.percent === null ? '—' : `${formatRuNumber(s.percent)} %`}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
        <section class="card" aria-labelledby="trend-regions-title">
          <h2 id="trend-regions-title">Регионы по неделям</h2>
          <RegionChart t={t} />
          <div class="table-wrap">
            <table id="trend-region-table">
              <caption class="muted" style="text-align:left">Данные диаграммы: сводный отчёт региона за каждую неделю.</caption>
              <thead>
                <tr>
                  <th scope="col">Регион</th>
                  {t.weeks.map((w) => <th scope="col"><abbr title={w}>{weekShort(w)}</abbr></th>)}
                  <th scope="col">В срок / опозд. / нет</th>
                </tr>
              </thead>
              <tbody>
                {t.regions.map((r) => (
                  <tr data-region={r.regionCode}>
                    <th scope="row" style="font-weight:400"><a href={`/pilot/regions/${r.regionCode}`}>{r.regionName}</a></th>
                    {r.weeks.map((c) => <td data-week={c.week} data-status={c.status} title={c.label}>{cellShort[c.status]}</td>)}
                    <td>{r.totals.onTime} / {r.totals.late} / {r.totals.missing}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      </Layout>,
    );
  });
  return app;
}
