import { Hono, type Context } from 'hono';
import { landingPath } from './landing.js';
import { getCookie } from 'hono/cookie';
import { HTTPException } from 'hono/http-exception';
import { RefusedError } from '../domain/refusal.js';
import type { ServiceDeps } from '../services/deps.js';
import { assetRoutes } from './assets.js';
import { dashboardPages } from './dashboard.js';
import { errorPage, unavailablePage } from './error-page.js';
import { unavailablePart } from '../infra/outage.js';
import { executionPages } from './execution/index.js';
import { takesUploads as executionTakesUploads, uploadFormLimit } from './execution/upload-forms.js';
import { attachmentDownloadPages } from './attachment-download.js';
import { inboxPages } from './inbox.js';
import { loginPages } from './login.js';
import { monitoringPages } from './monitoring/index.js';
import { roadMapPages } from './roadmap/index.js';
import { taskPages } from './tasks.js';
import { pilotRegionPages } from './federal/pilot-region-page.js';
import { pilotWeekPages } from './federal/pilot-week-page.js';
import { requireCsrf, requireWebSession, SESSION_COOKIE, type WebEnv } from './session/web-session.js';
import { logger } from '../infra/logger.js';
import { isWebUploadForm, uploadLimit } from './components/file-uploads.js';

const log = logger.child({ component: 'web' });

/** The composition root lets the pages' forms with files past its body limit (they have their own). */
export const takesUploads = (method: string, path: string) => executionTakesUploads(method, path) || isWebUploadForm(method, path);

/**
 * The participants' web pages, served by the API's own Hono app: server-rendered
 * HTML forms over the same domain rules, schemas and Temporal Updates as /api.
 * Middleware is bound to the pages' own paths: a `*` here would also catch /api.
 */
export function webRoutes(deps: ServiceDeps) {
  const app = new Hono<WebEnv>();
  app.onError((err, c) => {
    if (err instanceof RefusedError) return errorPage(c as Context<WebEnv>, deps, err.refusal);
    if (err instanceof HTTPException && err.status < 500) return err.getResponse();
    const part = unavailablePart(err);
    if (part) return unavailablePage(c, part);
    log.error({ err }, 'page error');
    return errorPage(c as Context<WebEnv>, deps, { code: 'internal', message: 'Внутренняя ошибка. Попробуйте ещё раз позже.', details: [] });
  });

  const session = requireWebSession(deps);
  const csrf = requireCsrf();
  // Forms with files get their own body limit, checked before the CSRF check reads the body:
  // the execution page's (web/execution/upload-forms.ts) and the weekly report's and approval's (web/components/file-uploads.tsx).
  const limit = uploadLimit(deps);
  app.use('*', async (c, next) => (isWebUploadForm(c.req.method, c.req.path) ? limit(c, next) : next()));
  const uploads = uploadFormLimit(deps);
  for (const path of ['/logout', '/tasks', '/executions/*', '/extension-requests/*', '/roadmaps', '/roadmaps/*', '/inbox', '/inbox/*', '/monitoring', '/monitoring/*', '/pilot', '/pilot/*', '/attachments/*']) {
    app.use(path, session, uploads, csrf);
  }

  app.get('/', async (c) => {
    const token = getCookie(c, SESSION_COOKIE);
    const actor = token ? await deps.sessions.actor(token) : null;
    return c.redirect(actor ? landingPath(actor) : '/login', 303);
  });

  app.route('/', assetRoutes());
  app.route('/', loginPages(deps));
  app.route('/', taskPages(deps));
  app.route('/', executionPages(deps));
  app.route('/', attachmentDownloadPages(deps));
  app.route('/', roadMapPages(deps));
  app.route('/', dashboardPages(deps));
  app.route('/', inboxPages(deps));
  app.route('/', monitoringPages(deps));
  app.route('/', pilotWeekPages(deps));
  app.route('/', pilotRegionPages(deps));
  return app;
}
