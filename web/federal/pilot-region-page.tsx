import { Hono } from 'hono';
import { federalDistrictName } from '../../domain/federal/federal-subjects.js';
import { isoWeekOf, parseIsoWeek } from '../../domain/federal/iso-week.js';
import { refusal, RefusedError } from '../../domain/refusal.js';
import { regionWeek } from '../../services/federal/region-week.js';
import type { ServiceDeps } from '../../services/deps.js';
import { frameFor, Layout, roadMapStatusLabel } from '../components/layout.js';
import type { WebEnv } from '../session/web-session.js';
import { Light } from './traffic-light.js';
import { moscowOffsetLabel } from '../../domain/zoned-time.js';

/** One pilot region, read-only: its road map (status, version, executions, discipline) and the way to its own pages. */
export function pilotRegionPages(deps: ServiceDeps) {
  const app = new Hono<WebEnv>();
  app.get('/pilot/regions/:code', async (c) => {
    const week = c.req.query('week') ?? isoWeekOf(new Date(), 'Europe/Moscow');
    if (!parseIsoWeek(week)) throw new RefusedError(refusal('validation', 'неделя указывается по ISO 8601, например 2026-W49', [{ field: 'week', message: 'ожидается неделя вида 2026-W49' }]));
    const { row: r, regionalPlan } = await regionWeek(deps.sql, c.get('actor'), c.req.param('code'), week);
    const frame = await frameFor(c, deps, { title: r.regionName, current: 'pilot' });
    const rm = r.roadMap;
    return c.html(
      <Layout {...frame}>
        <p><a href={`/pilot/weeks/${week}`}>← Пилотные регионы, неделя {week}</a></p>
        <h1>{r.regionName}</h1>
        <p class="muted">
          Группа {r.groupNumber} «{r.groupTitle}» · {federalDistrictName[r.federalDistrict as keyof typeof federalDistrictName]} · время {moscowOffsetLabel(new Date(), r.timeZone)}
        </p>
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
              <dd>{r.discipline.reportsOnTimePercent === null ? 'нет отчётов за неделю' : `отчёты в срок: ${r.discipline.reportsOnTimePercent} %`}{r.discipline.itemsOverduePercent === null ? '' : `; просрочено мероприятий: ${r.discipline.itemsOverduePercent} %`}</dd>
            </dl>
          ) : (
            <p>Дорожная карта не представлена.</p>
          )}
          {rm ? (
            <div class="actions">
              <a class="button secondary" href={`/roadmaps/${encodeURIComponent(rm.id)}/dashboard`}>Ход исполнения</a>
              <a class="button secondary" href={`/roadmaps/${encodeURIComponent(rm.id)}`}>Дорожная карта</a>
            </div>
          ) : null}
        </section>
        <section class="card">
          <h2>Сводный отчёт в ФОМС за неделю {week}</h2>
          <p><Light light={r.report.light} label={r.report.statusLabel} /></p>
          <dl class="facts">
            <dt>Срок</dt><dd>{r.report.dueAt.local} (местное время), {r.report.dueAt.moscow} МСК</dd>
            <dt>Представлен</dt><dd>{r.report.submittedAt ? `${r.report.submittedAt.local} (местное время), ${r.report.submittedAt.moscow} МСК` : '—'}</dd>
            <dt>Еженедельные отчёты</dt><dd>{r.reporters.total ? `в срок ${r.reporters.onTime}, с опозданием ${r.reporters.late}, не представлено ${r.reporters.missing}, ожидается ${r.reporters.pending}` : '—'}</dd>
            <dt>Отчётная форма СМО</dt>
            <dd>страховых представителей {r.smoForm.representatives}, оповещено {r.smoForm.notified}, прошли диспансеризацию {r.smoForm.completedCheckup}{r.smoForm.effectiveness === null ? '' : `, эффективность информирования ${r.smoForm.effectiveness} %`}</dd>
          </dl>
          {r.report.periodId && r.report.submittedAt ? (
            <p><a href={`/monitoring/periods/${encodeURIComponent(r.report.periodId)}/consolidated`}>Сводный отчёт региона</a></p>
          ) : null}
        </section>
      </Layout>,
    );
  });
  return app;
}
