import { Hono } from 'hono';
import { formatRuDateTime } from '../domain/zoned-time.js';
import type { ServiceDeps } from '../services/deps.js';
import { inboxPage, markAllNotificationsRead, markNotificationRead } from '../services/notifications/inbox.js';
import { Hidden } from './components/forms.js';
import { flashFrom, frameFor, Layout } from './components/layout.js';
import type { WebEnv } from './session/web-session.js';

const kindLabel: Record<string, string> = {
  reminder: 'Напоминание',
  escalation: 'Эскалация',
  submitted_for_acceptance: 'На приёмку',
  accepted: 'Принято',
  returned_for_rework: 'На доработку',
  extension_requested: 'Запрос переноса срока',
  extension_decided: 'Решение по переносу',
  reassigned: 'Передача работы',
  federal_report_late: 'Сводный отчёт не представлен в ФОМС',
  pilot_roadmap_late: 'Дорожная карта не утверждена в срок пилота',
};

/** The in-app inbox: the same rows the e-mail outbox sends, newest first. */
export function inboxPages(deps: ServiceDeps) {
  const app = new Hono<WebEnv>();

  app.get('/inbox', async (c) => {
    const me = c.get('actor').personId;
    const unreadOnly = c.req.query('unread') === 'true';
    const rows = await inboxPage(deps.sql, me, unreadOnly);
    const frame = await frameFor(c, deps, { title: 'Уведомления', current: 'inbox', flash: flashFrom(c.req.query('ok')) });
    return c.html(
      <Layout {...frame}>
        <h1>Уведомления</h1>
        <div class="actions" style="margin-top:0">
          <a href={unreadOnly ? '/inbox' : '/inbox?unread=true'}>{unreadOnly ? 'Показать все' : 'Только непрочитанные'}</a>
          {frame.unread ? (
            <form method="post" action="/inbox/read-all">
              <Hidden csrf={c.get('csrfToken')} />
              <button type="submit" class="secondary">Отметить все прочитанными ({frame.unread})</button>
            </form>
          ) : null}
        </div>
        {rows.length ? (
          <ul style="list-style:none;padding:0">
            {rows.map((n) => (
              <li class="card" data-notification={n.id} style={n.read_at ? undefined : 'border-left:6px solid #0b4f96'}>
                <p style="margin:0">
                  <strong>{n.read_at ? '' : 'Новое · '}</strong>
                  <span class="tag">{kindLabel[n.kind] ?? n.kind}</span>{' '}
                  <time datetime={n.created_at.toISOString()}>{formatRuDateTime(n.created_at, n.time_zone ?? 'Europe/Moscow')}</time>
                </p>
                <h2 style="margin:.5rem 0;font-size:1.05rem">
                  {n.execution_id ? <a href={`/executions/${encodeURIComponent(n.execution_id)}`}>{n.subject}</a> : n.subject}
                </h2>
                {/* The e-mail body ends with the API link; the page links above instead. */}
                <p style="white-space:pre-wrap;margin:0">{n.body.replace(/\n*Открыть: \S+\s*$/, '')}</p>
                {n.read_at ? null : (
                  <form method="post" action={`/inbox/${encodeURIComponent(n.id)}/read`} class="actions">
                    <Hidden csrf={c.get('csrfToken')} />
                    <button type="submit" class="secondary">Прочитано</button>
                  </form>
                )}
              </li>
            ))}
          </ul>
        ) : (
          <p class="card">{unreadOnly ? 'Непрочитанных уведомлений нет.' : 'Уведомлений пока нет.'}</p>
        )}
      </Layout>,
    );
  });

  app.post('/inbox/read-all', async (c) => {
    await markAllNotificationsRead(deps.sql, c.get('actor').personId);
    return c.redirect('/inbox?ok=read', 303);
  });

  app.post('/inbox/:id/read', async (c) => {
    await markNotificationRead(deps.sql, c.get('actor').personId, c.req.param('id'));
    return c.redirect('/inbox?ok=read', 303);
  });

  return app;
}
