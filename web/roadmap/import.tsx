import { Hono, type Context } from 'hono';
import { RefusedError, type FieldIssue } from '../../domain/refusal.js';
import type { ServiceDeps } from '../../services/deps.js';
import { importRoadMap } from '../../services/documents/roadmap-xlsx-import.js';
import { Hidden } from '../components/forms.js';
import { frameFor, Layout } from '../components/layout.js';
import { formCommandId, type WebEnv } from '../session/web-session.js';

/** «Загрузить из Excel»: the template to fill in, the upload, and every error at its sheet, row and column. */
async function importPage(c: Context<WebEnv>, deps: ServiceDeps, refused?: { message: string; details: FieldIssue[] }, status: 200 | 400 | 403 = 200) {
  return c.html(
    <Layout {...await frameFor(c, deps, { title: 'Дорожная карта из Excel', current: 'roadmaps' })}>
      <p class="muted"><a href="/roadmaps">Дорожные карты</a></p>
      <h1>Дорожная карта из Excel</h1>
      <div class="card">
        <p>
          Заполните <a href="/roadmaps/import-template.xlsx">шаблон дорожной карты (XLSX)</a>: направления, мероприятия со сроками
          (ДД.ММ.ГГГГ), исполнители и контролирующие лица по логинам, охват МО, финансирование и назначения. Загруженный файл
          становится проектом дорожной карты; ошибки показываются с листом, строкой и столбцом.
        </p>
        <form method="post" action="/roadmaps/import" enctype="multipart/form-data">
          <Hidden csrf={c.get('csrfToken')} />
          <label for="import-file">Файл XLSX</label>
          <input id="import-file" name="file" type="file" accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" required aria-describedby={refused ? 'import-errors' : undefined} />
          <p class="actions"><button type="submit">Загрузить</button></p>
        </form>
      </div>
      {refused ? (
        <div class="alert" role="alert" id="import-errors">
          <h2>Файл не принят</h2>
          <p>{refused.message}</p>
          <ul>
            {refused.details.map((d) => <li>{d.message}</li>)}
          </ul>
        </div>
      ) : null}
    </Layout>,
    status,
  );
}

export function roadMapImportPages(deps: ServiceDeps) {
  const app = new Hono<WebEnv>();
  app.get('/roadmaps/import', (c) => importPage(c, deps));
  app.post('/roadmaps/import', async (c) => {
    // A body that is not a form (a broken multipart) is the same «no file» as an empty one, never a 500.
    const body = await c.req.parseBody().catch(() => ({}) as Record<string, unknown>);
    const actor = c.get('actor');
    const file = body.file;
    if (!(file instanceof File) || file.size === 0) {
      return importPage(c, deps, { message: 'Выберите файл XLSX по шаблону.', details: [] }, 400);
    }
    try {
      const result = await importRoadMap(deps, actor, Buffer.from(await file.arrayBuffer()), formCommandId(actor, body._command), true);
      return c.redirect(`/roadmaps/${encodeURIComponent(result.roadMapId)}?ok=imported`, 303);
    } catch (err) {
      if (!(err instanceof RefusedError)) throw err;
      return importPage(c, deps, err.refusal, err.refusal.code === 'forbidden' ? 403 : 400);
    }
  });
  return app;
}
