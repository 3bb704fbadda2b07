import { Hono } from 'hono';
import { federalDistrictName } from '../../domain/federal/federal-subjects.js';
import { isoWeekOf, parseIsoWeek } from '../../domain/federal/iso-week.js';
import { refusal, RefusedError } from '../../domain/refusal.js';
import { formatRuNumber } from '../../domain/ru-number.js';
import { regionWeek } from '../../services/federal/region-week.js';
import type { ServiceDeps } from '../../services/deps.js';
import { frameFor, Layout, roadMapStatusLabel } from '../components/layout.js';
import type { WebEnv } from '../session/web-session.js';
import { Time, short } from './region-line.js';
import { Light } from './traffic-light.js';

/** One pilot region, read-only: the week's federal status and escalations, its road map, and the way to its own pages. */
export function pilotRegionPages(deps: ServiceDeps) {
  const app = new Hono<WebEnv>();
  app.get('/pilot/regions/:code', async (c) => {
    const week = c.req.query('week') ?? isoWeekOf(new Date(), 'Europe/Moscow');
    if (!parseIsoWeek(week)) throw new RefusedError(refusal('validation', 'неделя указывается по ISO 8601, например 2026-W49', [{ field: 'week', message: 'ожидается неделя вида 2026-W49' }]));
    const detail = await regionWeek(deps.sql, c.get('actor'), c.req.param('code'), week);
    const { region: r, regionalPlan, links } = detail;
    const frame = await frameFor(c, deps, { title: r.regionName, current: 'pilot' });
    const rm = r.roadMap;
    return c.html(
      <Layout {...frame}>
        <p><a href={`/pilot/weeks/${week}`}>← Пилотные регионы, неделя {detail.dates}</a></p>
        <h1>{r.regionName}</h1>
        <p class="muted">
          Группа {r.groupNumber} «{r.groupTitle}» · {federalDistrictName[r.federalDistrict as keyof typeof federalDistrictName]} · {r.moscowOffset === 'МСК' ? 'московское время' : `время ${r.moscowOffset}`}
        </p>
        <section class="card" data-federal-status>
          <h2>Сводный отчёт в ФОМС: неделя {detail.dates}</h2>
          <p><Light light={r.report.light} label={r.report.statusLabel} /></p>
          <dl class="facts">
            <dt>Срок</dt><dd><Time clock={r.report.dueAt} offset={r.moscowOffset} /></dd>
            <dt>Представлен</dt><dd>{r.report.submittedAt ? <Time clock={r.report.submittedAt} offset={r.moscowOffset} /> : '—'}</dd>
            <dt>Эскалация</dt>
            <dd data-escalations>
              {r.escalations.length ? (
                <ul style="margin:0;padding-left:1.2rem">
                  {r.escalations.map((e) => (
                    <li>
                      {e.rungLabel}: {e.recipients.map((p) => (p.actingForName ? `${p.name} (и. о. за ${p.actingForName})` : p.name)).join(', ') || '—'} — {short(e.at.moscow)} МСК
                    </li>
                  ))}
                </ul>
              ) : (
                'не было'
              )}
            </dd>
            <dt>Еженедельные отчёты</dt><dd>{r.reporters.total ? `в срок ${r.reporters.onTime}, с опозданием ${r.reporters.late}, не представлено ${r.reporters.missing}, ожидается ${r.reporters.pending}` : '—'}</dd>
            <dt>Отчётная форма СМО</dt>
            <dd data-smo-form>
              {r.smoForm
                ? `страховых представителей ${r.smoForm.representatives}, оповещено ${r.smoForm.notified}, прошли диспансеризацию ${r.smoForm.completedCheckup}${r.smoForm.effectiveness === null ? '' : `, эффективность информирования ${formatRuNumber(r.smoForm.effectiveness)} %`}`
                : r.report.periodId ? 'видна после направления сводного отчёта в ФОМС' : '—'}
            </dd>
          </dl>
          {links.consolidated ? <p><a href={links.consolidated}>Сводный отчёт региона</a></p> : null}
        </section>
        <section class="card">
          <h2>Дорожная карта</h2>
          {rm ? (
            <dl class="facts">
              <dt>Название</dt><dd>{rm.title}</dd>
              <dt>Статус</dt><dd data-roadmap-status>{roadMapStatusLabel[rm.status] ?? rm.status}</dd>
              <dt>Редакция</dt><dd>{rm.approvedVersion ? `утверждена редакция ${rm.approvedVersion}` : `проект, редакция ${rm.workingVersion ?? 1}`}</dd>
              {regionalPlan ? <><dt>Региональная «дорожная карта»</dt><dd>{regionalPlan.name}, № {regionalPlan.number} от {regionalPlan.date.split('-').reverse().join('.')}</dd></> : null}
              <dt>Мероприятия</dt><dd data-executions>{r.executions.total ? `выполнено ${r.executions.done} из ${r.executions.total}, просрочено ${r.executions.overdue}` : 'исполнение не начато'}</dd>
              <dt>Дисциплина за неделю</dt>
              <dd>{r.discipline.reportsOnTimePercent === null ? 'нет отчётов за неделю' : `отчёты в срок: ${formatRuNumber(r.discipline.reportsOnTimePercent)} %`}{r.discipline.itemsOverduePercent === null ? '' : `; просрочено мероприятий: ${formatRuNumber(r.discipline.itemsOverduePercent)} %`}</dd>
            </dl>
          ) : (
            <p>Дорожная карта не представлена.</p>
          )}
          {links.dashboard && links.roadMap ? (
            <div class="actions">
              <a class="button secondary" href={links.dashboard}>Ход исполнения</a>
              <a class="button secondary" href={links.roadMap}>Дорожная карта</a>
            </div>
          ) : null}
        </section>
      </Layout>,
    );
  });
  return app;
}
