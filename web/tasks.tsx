import { Hono } from 'hono';
import { z } from 'zod';
import { formatRuDateTime } from '../domain/zoned-time.js';
import { pendingReportDuties, taskPageContext, writtenDeadlines } from '../services/tasks/task-page-context.js';
import { deadlineShift, deadlineShiftText } from '../domain/deadline-shift.js';
import type { ServiceDeps } from '../services/deps.js';
import { myTasks } from '../services/tasks/my-tasks.js';
import { asDirector } from '../services/roadmaps/roadmap-commands.js';
import { decideApprove, decideSubmit, type RoadMapState } from '../domain/roadmap-lifecycle.js';
import type { RoadMapDocument } from '../domain/roadmap.js';
import { executionStatusLabel, flashFrom, frameFor, Layout, StatusTag } from './components/layout.js';
import type { WebEnv } from './session/web-session.js';

const kindLabel: Record<string, string> = {
  complete: 'Исполнить и отчитаться',
  accept: 'Принять или вернуть',
  decide_extension: 'Решить о переносе срока',
};

const PAGE = 50;

/** Filters from the address bar: an unknown value is ignored rather than refused, it is a link someone typed. */
const Filters = z.object({
  kind: z.enum(['complete', 'accept', 'decide_extension']).optional().catch(undefined),
  overdue: z.enum(['true', 'false']).optional().catch(undefined),
  roadmap: z.string().max(200).optional().catch(undefined),
  status: z.enum(['assigned', 'in_progress', 'submitted']).optional().catch(undefined),
  mo: z.string().max(200).optional().catch(undefined),
  due: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).refine((d) => !Number.isNaN(Date.parse(d))).optional().catch(undefined),
  sort: z.enum(['deadline', 'status', 'mo']).optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(10_000).catch(1),
});

export function taskPages(deps: ServiceDeps) {
  const app = new Hono<WebEnv>();

  app.get('/tasks', async (c) => {
    const actor = c.get('actor');
    const f = Filters.parse(c.req.query());
    const roadmap = f.roadmap || undefined;
    const mo = f.mo || undefined;
    const { total, tasks } = await myTasks(deps.sql, actor.personId, {
      kind: f.kind,
      overdue: f.overdue,
      roadmap,
      status: f.status,
      mo,
      dueBy: f.due,
      sort: f.sort,
      limit: PAGE,
      offset: (f.page - 1) * PAGE,
    });
    const { roadmaps, people, pendingMaps, mos } = await taskPageContext(deps.sql, actor, tasks);
    const written = await writtenDeadlines(deps.sql, tasks.map((t) => t.executionId));
    // One heading per road map (its long title once), its rows in the order chosen.
    const groups = new Map<string, { title: string; tasks: typeof tasks }>();
    for (const t of tasks) {
      const g = groups.get(t.roadMapId) ?? { title: t.roadMapTitle, tasks: [] };
      g.tasks.push(t);
      groups.set(t.roadMapId, g);
    }
    const filtered = !!(f.kind || f.overdue || roadmap || f.status || mo || f.due);
    // An acting director (и.о.) is asked to approve as the director would be.
    const director = await asDirector(deps.sql, actor, actor.regionCode ?? '');
    const roadMapWork = pendingMaps.flatMap((r) => {
      const state: RoadMapState = {
        roadMapId: r.id,
        regionCode: actor.regionCode ?? '',
        approvedVersion: r.approved_version,
        approvedDocument: null,
        working: {
          version: r.working_version,
          status: r.status,
          document: { coordinatorId: r.coordinator_id } as RoadMapDocument,
          lastReturnComment: r.last_return_comment,
          authorId: r.created_by,
        },
      };
      if (r.status === 'submitted' && decideApprove(state, director) === null) return [{ ...r, todo: 'Утвердить или вернуть на доработку' }];
      if (r.status === 'draft' && decideSubmit(state, actor) === null) {
        return [{ ...r, todo: r.last_return_comment ? `Доработать и направить: ${r.last_return_comment}` : 'Направить на утверждение' }];
      }
      return [];
    });
    // Weekly reports still expected from me (or whoever I act for) in periods that take reports.
    const reportDuties = await pendingReportDuties(deps.sql, actor.personId);
    const nameOf = new Map(people.map((p) => [p.id, p.full_name]));
    const overdueCount = tasks.filter((t) => t.overdue).length;
    const pages = Math.max(1, Math.ceil(total / PAGE));
    const link = (page: number) => {
      const q = new URLSearchParams();
      if (f.kind) q.set('kind', f.kind);
      if (f.overdue) q.set('overdue', f.overdue);
      if (roadmap) q.set('roadmap', roadmap);
      if (f.status) q.set('status', f.status);
      if (mo) q.set('mo', mo);
      if (f.due) q.set('due', f.due);
      if (f.sort) q.set('sort', f.sort);
      q.set('page', String(page));
      return `/tasks?${q}`;
    };

    return c.html(
      <Layout {...await frameFor(c, deps, { title: 'Мои задачи', current: 'tasks', flash: flashFrom(c.req.query('ok')) })}>
        <h1>Мои задачи</h1>
        <p class="muted">
          Работа, ожидающая вас как исполнителя или контролирующего лица (и тех, кого вы замещаете). Сроки — по местному времени
          региона, ближайший первым.
        </p>
        {roadMapWork.length ? (
          <section class="card" aria-labelledby="roadmap-work">
            <h2 id="roadmap-work" style="margin-top:0">Дорожные карты</h2>
            <ul>
              {roadMapWork.map((r) => (
                <li>
                  <a href={`/roadmaps/${encodeURIComponent(r.id)}`}>{r.title}</a> (редакция № {r.working_version}) — {r.todo}
                </li>
              ))}
            </ul>
          </section>
        ) : null}
        {reportDuties.length ? (
          <section class="card" aria-labelledby="report-work">
            <h2 id="report-work" style="margin-top:0">Еженедельные отчёты</h2>
            <ul>
              {reportDuties.map((d) => {
                const late = d.due_at.getTime() < Date.now();
                const other = d.person_id !== actor.personId;
                return (
                  <li>
                    <a href={`/monitoring/periods/${encodeURIComponent(d.period_id)}/report${other ? `?reporter=${encodeURIComponent(d.person_id)}` : ''}`}>
                      Неделя {d.number}: {d.title}
                    </a>{' '}
                    — представить до {formatRuDateTime(d.due_at, d.time_zone)}
                    {late ? <> <span class="tag overdue">срок истёк</span> (приём до {formatRuDateTime(d.cutoff_at, d.time_zone)})</> : null}
                    {other ? <span class="muted"> · за: {d.full_name} (и.о.)</span> : null}
                  </li>
                );
              })}
            </ul>
          </section>
        ) : null}
        <form method="get" action="/tasks" class="card filters" aria-label="Фильтры задач">
          <div class="field">
            <label for="f-kind">Что сделать</label>
            <select id="f-kind" name="kind">
              <option value="">все задачи</option>
              {Object.entries(kindLabel).map(([k, label]) => (
                <option value={k} selected={f.kind === k}>
                  {label}
                </option>
              ))}
            </select>
          </div>
          <div class="field">
            <label for="f-overdue">Срок</label>
            <select id="f-overdue" name="overdue">
              <option value="">любой</option>
              <option value="true" selected={f.overdue === 'true'}>только просроченные</option>
              <option value="false" selected={f.overdue === 'false'}>без просроченных</option>
            </select>
          </div>
          <div class="field">
            <label for="f-roadmap">Дорожная карта</label>
            <select id="f-roadmap" name="roadmap">
              <option value="">все</option>
              {roadmaps.map((r) => (
                <option value={r.id} selected={roadmap === r.id}>
                  {r.title}
                </option>
              ))}
            </select>
          </div>
          <div class="field">
            <label for="f-status">Состояние</label>
            <select id="f-status" name="status">
              <option value="">любое</option>
              {(['assigned', 'in_progress', 'submitted'] as const).map((k) => (
                <option value={k} selected={f.status === k}>
                  {executionStatusLabel[k]}
                </option>
              ))}
            </select>
          </div>
          <div class="field">
            <label for="f-mo">МО</label>
            <select id="f-mo" name="mo">
              <option value="">все</option>
              <option value="fund" selected={mo === 'fund'}>ТФОМС (в целом)</option>
              {mos.map((m) => (
                <option value={m.id} selected={mo === m.id}>
                  {m.name}
                </option>
              ))}
            </select>
          </div>
          <div class="field">
            <label for="f-due">Срок не позднее</label>
            <input type="date" id="f-due" name="due" value={f.due ?? ''} />
          </div>
          <div class="field">
            <label for="f-sort">Упорядочить</label>
            <select id="f-sort" name="sort">
              <option value="deadline" selected={!f.sort || f.sort === 'deadline'}>по сроку</option>
              <option value="status" selected={f.sort === 'status'}>по состоянию</option>
              <option value="mo" selected={f.sort === 'mo'}>по МО</option>
            </select>
          </div>
          <div class="actions" style="margin:0">
            <button type="submit" class="secondary">Показать</button>
            <a href="/tasks">Сбросить</a>
          </div>
        </form>

        <p role="status">
          Найдено задач: <strong>{total}</strong>
          {overdueCount ? (
            <>
              {' '}
              · на этой странице просрочено: <strong>{overdueCount}</strong>
            </>
          ) : null}
        </p>
        {tasks.length
          ? [...groups].map(([id, g], n) => (
              // No aria-labelledby: the long title is the heading already, a landmark per road map would only add noise.
              <section class="task-group" data-roadmap={id}>
                <h2 id={`group-${n}`} class="group-title">
                  <a href={`/roadmaps/${encodeURIComponent(id)}`}>{g.title}</a>
                </h2>
                <div class="table-wrap">
                  <table class="stack-sm">
                    <caption class="visually-hidden">Задачи по дорожной карте «{g.title}»</caption>
                    <thead>
                      <tr>
                        <th scope="col">Срок</th>
                        <th scope="col">Мероприятие</th>
                        <th scope="col">МО</th>
                        <th scope="col">Что сделать</th>
                        <th scope="col">Статус</th>
                      </tr>
                    </thead>
                    <tbody>
                      {g.tasks.map((t) => {
                        const w = written.get(t.executionId);
                        const shift = w ? deadlineShift(w) : null;
                        return (
                          <tr class={t.overdue ? 'overdue' : undefined} data-execution={t.executionId}>
                            <td data-label="Срок">
                              <time datetime={t.deadlineAt}>{t.deadlineLocal}</time>
                              {shift ? <div class="muted deadline-shift">по дорожной карте: {deadlineShiftText(shift)}</div> : null}
                              {t.overdue ? (
                                <>
                                  <br />
                                  <span class="tag overdue">просрочено</span>
                                </>
                              ) : null}
                            </td>
                            <td data-label="Мероприятие">
                              <a href={`/executions/${encodeURIComponent(t.executionId)}`}>{t.itemTitle}</a>
                              {t.actingForId ? <div class="muted">за: {nameOf.get(t.actingForId) ?? t.actingForId} (и.о.)</div> : null}
                            </td>
                            <td data-label="МО">{t.moName ?? 'ТФОМС (в целом)'}</td>
                            <td data-label="Что сделать">{kindLabel[t.kind]}</td>
                            <td data-label="Статус">
                              {t.returnedAt ? (
                                <>
                                  <span class="tag wait returned">возвращено на доработку</span>
                                  <div class="muted">
                                    <time datetime={t.returnedAt}>{t.returnedLocal}</time>
                                  </div>
                                </>
                              ) : (
                                <StatusTag status={t.status} />
                              )}
                            </td>
                          </tr>
                        );
                      })}
                    </tbody>
                  </table>
                </div>
              </section>
            ))
          : null}
        {tasks.length ? null : (
          <div class="card">
            <p>Открытых задач нет{filtered ? ' по выбранным фильтрам' : ''}.</p>
          </div>
        )}
        {pages > 1 ? (
          <nav aria-label="Страницы" class="actions">
            {f.page > 1 ? <a href={link(f.page - 1)}>← Предыдущая</a> : null}
            <span>
              Страница {f.page} из {pages}
            </span>
            {f.page < pages ? <a href={link(f.page + 1)}>Следующая →</a> : null}
          </nav>
        ) : null}
      </Layout>,
    );
  });

  return app;
}
