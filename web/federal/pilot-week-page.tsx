import { Hono } from 'hono';
import { federalDistrictName, federalDistrictOrder } from '../../domain/federal/federal-subjects.js';
import { formatIsoWeek, isoWeekOf, nextIsoWeek, parseIsoWeek, dayOfIsoWeek, isoWeekOfDate } from '../../domain/federal/iso-week.js';
import { refusal, RefusedError } from '../../domain/refusal.js';
import { pilotView } from '../../services/federal/region-queries.js';
import { weekSummaryXlsx } from '../../services/federal/week-summary-xlsx.js';
import { weekView, type RegionWeekRow } from '../../services/federal/week-view.js';
import type { ServiceDeps } from '../../services/deps.js';
import { frameFor, Layout, roadMapStatusLabel } from '../components/layout.js';
import type { WebEnv } from '../session/web-session.js';
import { Light } from './traffic-light.js';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

function weekOrRefuse(text: string) {
  const w = parseIsoWeek(text);
  if (!w) throw new RefusedError(refusal('validation', 'неделя указывается по ISO 8601, например 2026-W49', [{ field: 'week', message: 'ожидается неделя вида 2026-W49' }]));
  return w;
}

const previousWeek = (text: string) => formatIsoWeek(isoWeekOfDate(dayOfIsoWeek(weekOrRefuse(text), -7)));

const RegionRow = ({ r, week }: { r: RegionWeekRow; week: string }) => (
  <tr data-region={r.regionCode}>
    <td data-label="Регион">
      <a href={`/pilot/regions/${r.regionCode}?week=${week}`}>{r.regionName}</a>
    </td>
    <td data-label="Сводный отчёт"><Light light={r.report.light} label={r.report.statusLabel} /></td>
    <td data-label="Дорожная карта">{r.roadMap ? roadMapStatusLabel[r.roadMap.status] ?? r.roadMap.status : 'не представлена'}</td>
    <td data-label="Срок">{r.report.dueAt.local}<br /><span class="muted">{r.report.dueAt.moscow} МСК</span></td>
    <td data-label="Представлен">{r.report.submittedAt ? <>{r.report.submittedAt.local}<br /><span class="muted">{r.report.submittedAt.moscow} МСК</span></> : '—'}</td>
    <td data-label="Отчёты: в срок / с опозданием / нет">{r.reporters.total ? `${r.reporters.onTime} / ${r.reporters.late} / ${r.reporters.missing}` : '—'}</td>
    <td data-label="Мероприятия: выполнено / просрочено">{r.executions.total ? `${r.executions.done} / ${r.executions.overdue} из ${r.executions.total}` : '—'}</td>
    <td data-label="Ход исполнения">{r.roadMap ? <a href={`/roadmaps/${encodeURIComponent(r.roadMap.id)}/dashboard`}>Ход исполнения</a> : '—'}</td>
  </tr>
);

/** ФОМС's week: groups → federal districts → a table per district with a traffic light per region. */
export function pilotWeekPages(deps: ServiceDeps) {
  const app = new Hono<WebEnv>();

  app.get('/pilot', (c) => c.redirect(`/pilot/weeks/${isoWeekOf(new Date(), 'Europe/Moscow')}`, 303));

  app.get('/pilot/weeks/:week', async (c) => {
    const week = c.req.param('week');
    const w = weekOrRefuse(week);
    const actor = c.get('actor');
    const [pilot, view] = await Promise.all([pilotView(deps.sql, actor), weekView(deps.sql, actor, week)]);
    const frame = await frameFor(c, deps, { title: `Пилотные регионы: неделя ${week}`, current: 'pilot' });
    const t = view.totals;
    return c.html(
      <Layout {...frame}>
        <h1>Пилотные регионы: неделя {week}</h1>
        <p class="muted">{pilot.title}. Куратор проекта в ФОМС — {pilot.presentedBy.name}, {pilot.presentedBy.position}. Сроки — по местному времени региона и по Москве.</p>
        <div class="actions" style="margin-top:0">
          <a href={`/pilot/weeks/${previousWeek(week)}`}>← {previousWeek(week)}</a>
          <a href={`/pilot/weeks/${formatIsoWeek(nextIsoWeek(w))}`}>{formatIsoWeek(nextIsoWeek(w))} →</a>
          <a class="button secondary" href={`/pilot/weeks/${week}/summary.xlsx`} download>Сводная таблица (XLSX)</a>
        </div>
        <p data-totals>
          Регионов: {t.regions}; в срок: {t.onTime}; с опозданием: {t.late}; не представлен: {t.missing}; ожидается: {t.pending}; без дорожной карты: {t.withoutRoadMap}.
        </p>
        {pilot.groups.map((g) => {
          const rows = view.regions.filter((r) => r.groupId === g.id);
          const districts = federalDistrictOrder.filter((d) => rows.some((r) => r.federalDistrict === d));
          return (
            <section class="card" data-group={g.id}>
              <h2>Группа {g.number}: {g.title}</h2>
              <p class="muted">Куратор — {g.curator.name}, {g.curator.role}.</p>
              {districts.map((d) => (
                <>
                  <h3>{federalDistrictName[d]} ({d})</h3>
                  <div class="table-wrap">
                    <table class="stack-sm" data-district={d}>
                      <thead>
                        <tr><th>Регион</th><th>Сводный отчёт</th><th>Дорожная карта</th><th>Срок</th><th>Представлен</th><th>Отчёты: в срок / с опозд. / нет</th><th>Мероприятия: выполнено / просрочено</th><th>Ход исполнения</th></tr>
                      </thead>
                      <tbody>
                        {rows.filter((r) => r.federalDistrict === d).map((r) => <RegionRow r={r} week={week} />)}
                      </tbody>
                    </table>
                  </div>
                </>
              ))}
            </section>
          );
        })}
      </Layout>,
    );
  });

  app.get('/pilot/weeks/:week/summary.xlsx', async (c) => {
    const week = c.req.param('week');
    weekOrRefuse(week);
    const data = await weekSummaryXlsx(await weekView(deps.sql, c.get('actor'), week));
    return c.body(new Uint8Array(data), 200, { 'content-type': XLSX, 'content-disposition': `attachment; filename="pilot-${week}.xlsx"` });
  });
  return app;
}
