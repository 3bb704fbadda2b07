import { Hono } from 'hono';
import { federalDistrictName, federalDistrictOrder } from '../../domain/federal/federal-subjects.js';
import { regionWeekLight, regionWeekStatuses, regionWeekStatusLabel, type RegionWeekStatus } from '../../domain/federal/federal-week-state.js';
import { dayOfIsoWeek, formatIsoWeek, isoWeekOf, isoWeekOfDate, nextIsoWeek, parseIsoWeek, weekDatesLabel } from '../../domain/federal/iso-week.js';
import { pilotProgramme } from '../../domain/federal/pilot.js';
import { refusal, RefusedError } from '../../domain/refusal.js';
import { pilotView } from '../../services/federal/region-queries.js';
import { weekSummaryFileName, weekSummaryXlsx } from '../../services/federal/week-summary-xlsx.js';
import { contentDisposition } from '../../services/documents/content-disposition.js';
import { weekView, type WeekTotals } from '../../services/federal/week-view.js';
import type { ServiceDeps } from '../../services/deps.js';
import { frameFor, Layout } from '../components/layout.js';
import type { WebEnv } from '../session/web-session.js';
import { RegionLine } from './region-line.js';
import { Light } from './traffic-light.js';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

function weekOrRefuse(text: string) {
  const w = parseIsoWeek(text);
  if (!w) throw new RefusedError(refusal('validation', 'неделя указывается по ISO 8601, например 2026-W49', [{ field: 'week', message: 'ожидается неделя вида 2026-W49' }]));
  return w;
}

const totalOf: Record<RegionWeekStatus, keyof WeekTotals> = {
  on_time: 'onTime',
  late: 'late',
  missing: 'missing',
  pending: 'pending',
  not_due: 'notDue',
  not_monitored: 'notApproved',
  no_roadmap: 'withoutRoadMap',
};

/** The cockpit's own rules: compact lines that wrap on a phone instead of scrolling sideways. */
const css = `
.cockpit h1{margin:.25rem 0 .1rem}
.cockpit .weeknav{display:flex;flex-wrap:wrap;gap:.35rem 1rem;align-items:center;margin:.25rem 0 .6rem}
.cockpit .summary{display:flex;flex-wrap:wrap;gap:.4rem;margin:0 0 .6rem;padding:0;list-style:none}
.cockpit .summary li{background:#fff;border:1px solid #c9ced6;border-radius:4px;padding:.15rem .6rem}
.cockpit .summary b{font-size:1.15rem;margin-left:.35rem}
.cockpit .groups{columns:2 30rem;column-gap:.75rem}
.cockpit .card{padding:.45rem .8rem;margin:0 0 .6rem;break-inside:avoid;display:inline-block;width:100%}
.cockpit .card h2{font-size:1.05rem;margin:0 0 .1rem}
.cockpit h3.district{font-size:.85rem;margin:.3rem 0 0;color:#4a5260}
.cockpit ul.lines{list-style:none;margin:0;padding:0;line-height:1.35;font-size:.95rem}
.cockpit ul.lines li{display:flex;flex-wrap:wrap;gap:0 .75rem;padding:.15rem 0;border-bottom:1px solid #e4e7ec;align-items:baseline}
.cockpit ul.lines li:last-child{border-bottom:0}
.cockpit .name{flex:0 0 13rem}
.cockpit .state{flex:1 1 auto;min-width:0}
.cockpit .state [data-light]{white-space:normal!important}
.cockpit .card,.cockpit li>span{overflow-wrap:anywhere}
.cockpit .meta{flex:1 1 100%;font-size:.85rem;color:#4a5260}
.cockpit .esc{flex:1 1 100%;font-size:.85rem;color:#6b1d00}
@media (max-width:40rem){.cockpit .name{flex:1 1 100%}}
`;

/** The pilot's cockpit: the week by its dates, a summary by traffic light, one compact line per region by curator and district. */
export function pilotWeekPages(deps: ServiceDeps) {
  const app = new Hono<WebEnv>();

  app.get('/pilot', (c) => c.redirect(`/pilot/weeks/${isoWeekOf(new Date(), 'Europe/Moscow')}`, 303));

  app.get('/pilot/weeks/:week', async (c) => {
    const week = c.req.param('week');
    const w = weekOrRefuse(week);
    const actor = c.get('actor');
    const [pilot, view] = await Promise.all([pilotView(deps.sql, actor), weekView(deps.sql, actor, week)]);
    const previous = isoWeekOfDate(dayOfIsoWeek(w, -7));
    const next = nextIsoWeek(w);
    const frame = await frameFor(c, deps, { title: `Пилотные регионы: неделя ${view.dates}`, current: 'pilot' });
    const support = pilotProgramme.methodologicalSupport;
    return c.html(
      <Layout {...frame}>
        <style dangerouslySetInnerHTML={{ __html: css }} />
        <div class="cockpit">
          <h1>Пилотные регионы: неделя {view.dates}</h1>
          <p class="muted" style="margin:0">
            {week} · {pilot.title}. Время московское; местное — где отличается.
            {support ? ` Методологическое сопровождение — ${support.name}.` : ''}
          </p>
          <nav class="weeknav" aria-label="Недели и выгрузки">
            <a href={`/pilot/weeks/${formatIsoWeek(previous)}`}>← {weekDatesLabel(previous)}</a>
            <a href={`/pilot/weeks/${formatIsoWeek(next)}`}>{weekDatesLabel(next)} →</a>
            <a href={`/pilot/weeks/${week}/summary.xlsx`} download>Сводная таблица (XLSX)</a>
            <a href="/pilot/trend" data-placeholder="trend">Динамика за 12 недель</a>
            <a href="/pilot/readiness" data-placeholder="readiness">Готовность документов</a>
          </nav>
          <ul class="summary" aria-label="Сводка по состояниям" data-totals>
            {regionWeekStatuses.map((s) => (
              <li data-total={s} data-count={String(view.totals[totalOf[s]])}>
                <Light light={regionWeekLight[s]} label={regionWeekStatusLabel[s]} />
                <b>{view.totals[totalOf[s]]}</b>
              </li>
            ))}
            <li>всего<b>{view.totals.regions}</b></li>
          </ul>
          <div class="groups">
          {pilot.groups.map((g) => {
            const rows = view.regions.filter((r) => r.groupId === g.id);
            const districts = federalDistrictOrder.filter((d) => rows.some((r) => r.federalDistrict === d));
            return (
              <section class="card" data-group={g.id} aria-labelledby={`group-${g.id}`}>
                <h2 id={`group-${g.id}`}>
                  Группа {g.number}: {g.title} <span class="muted" style="font-weight:400;font-size:.9rem">куратор — {g.curator.name}</span>
                </h2>
                {districts.map((d) => (
                  <div data-district={d}>
                    <h3 class="district">{federalDistrictName[d]}</h3>
                    <ul class="lines">
                      {rows.filter((r) => r.federalDistrict === d).map((r) => <RegionLine r={r} week={week} />)}
                    </ul>
                  </div>
                ))}
              </section>
            );
          })}
          </div>
        </div>
      </Layout>,
    );
  });

  app.get('/pilot/weeks/:week/summary.xlsx', async (c) => {
    const week = c.req.param('week');
    weekOrRefuse(week);
    const data = await weekSummaryXlsx(await weekView(deps.sql, c.get('actor'), week));
    return c.body(new Uint8Array(data), 200, { 'content-type': XLSX, 'content-disposition': contentDisposition(weekSummaryFileName(week)) });
  });
  return app;
}
