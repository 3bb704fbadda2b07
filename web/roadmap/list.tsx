import { Hono } from 'hono';
import { canDraftRoadMap } from '../../domain/actor.js';
import { formatRuDateTime } from '../../domain/zoned-time.js';
import type { ServiceDeps } from '../../services/deps.js';
import { roadMapListRows } from '../../services/roadmaps/roadmap-page-read-model.js';
import { frameFor, Layout, roadMapStatusLabel } from '../components/layout.js';
import type { WebEnv } from '../session/web-session.js';

/** «Дорожные карты»: those the person may see, newest change first. */
export function roadMapListPage(deps: ServiceDeps) {
  const app = new Hono<WebEnv>();

  app.get('/roadmaps', async (c) => {
    const actor = c.get('actor');
    const rows = await roadMapListRows(deps.sql, actor);
    return c.html(
      <Layout {...await frameFor(c, deps, { title: 'Дорожные карты', current: 'roadmaps' })}>
        <h1>Дорожные карты</h1>
        {canDraftRoadMap(actor, actor.regionCode ?? '') ? (
          <p class="actions"><a class="button secondary" href="/roadmaps/import">Загрузить из Excel</a></p>
        ) : null}
        {rows.length ? (
          <div class="table-wrap">
            <table class="stack-sm">
              <thead>
                <tr>
                  <th scope="col">Дорожная карта</th>
                  <th scope="col">Регион</th>
                  <th scope="col">Статус</th>
                  <th scope="col">Изменена</th>
                  <th scope="col">Исполнение</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((r) => (
                  <tr>
                    <td data-label="Дорожная карта">
                      <a href={`/roadmaps/${encodeURIComponent(r.id)}`}>{r.title}</a>
                    </td>
                    <td data-label="Регион">{r.region_name}</td>
                    <td data-label="Статус">
                      {roadMapStatusLabel[r.status]}
                      {r.approved_version && r.working_version ? ` (готовится редакция № ${r.working_version})` : ''}
                    </td>
                    <td data-label="Изменена">{formatRuDateTime(r.updated_at, r.time_zone)}</td>
                    <td data-label="Исполнение">{r.approved_version ? <a href={`/roadmaps/${encodeURIComponent(r.id)}/dashboard`}>ход исполнения</a> : '—'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : (
          <p class="card">Дорожных карт вашего региона пока нет.</p>
        )}
      </Layout>,
    );
  });

  return app;
}
