import { Hono } from 'hono';
import type { ServiceDeps } from '../../services/deps.js';
import { changesInRegion } from '../../services/directory/directory-changes.js';
import { requireChangesOf } from '../../services/directory/directory-access.js';
import { listRegions } from '../../services/federal/region-queries.js';
import { frameFor, Layout } from '../components/layout.js';
import type { WebEnv } from '../session/web-session.js';
import { ChangeList } from './change-list.js';
import { DirectoryNav, regionAsked, whoseDirectory } from './directory-frame.js';
import { organisationPages } from './organisation-pages.js';
import { personPages } from './person-pages.js';
import { pilotSetupPages } from './pilot-setup-page.js';

/** «Справочник»: the directory a fund administers itself — organisations, people, and the journal of changes. */
export function directoryPages(deps: ServiceDeps) {
  const app = new Hono<WebEnv>();
  app.route('/', organisationPages(deps));
  app.route('/', personPages(deps));
  app.route('/', pilotSetupPages(deps));
  app.get('/directory/changes', async (c) => {
    const actor = c.get('actor');
    const region = requireChangesOf(actor, regionAsked(c, actor) ?? undefined);
    const offset = Math.min(Math.max(Number.parseInt(c.req.query('offset') ?? '0', 10) || 0, 0), 1_000_000);
    const [{ total, changes }, regions] = await Promise.all([changesInRegion(deps.sql, region, { limit: 100, offset }), listRegions(deps.sql)]);
    const frame = await frameFor(c, deps, { title: 'Справочник: журнал изменений', current: 'directory' });
    const q = region ? `region=${region}&` : '';
    return c.html(
      <Layout {...frame}>
        <h1>Журнал изменений справочника{whoseDirectory(region, regions)}</h1>
        <DirectoryNav actor={actor} region={region} regions={regions} current="changes" />
        <p class="muted">Всего записей: {total}. Кто, когда, что было и что стало.</p>
        <ChangeList changes={changes} subject caption="Журнал изменений справочника" />
        <p class="actions">
          {offset > 0 ? <a href={`/directory/changes?${q}offset=${Math.max(0, offset - 100)}`}>Новее</a> : null}
          {offset + 100 < total ? <a href={`/directory/changes?${q}offset=${offset + 100}`}>Старее</a> : null}
        </p>
      </Layout>,
    );
  });
  return app;
}
