import { Hono, type Context } from 'hono';
import { landingPath } from './landing.js';
import { getCookie } from 'hono/cookie';
import { HTTPException } from 'hono/http-exception';
import { RefusedError } from '../domain/refusal.js';
import type { ServiceDeps } from '../services/deps.js';
import { assetRoutes } from './assets.js';
import { dashboardPages } from './dashboard.js';
import { errorPage, unavailablePage } from './error-page.js';
import { unavailablePart } from '../infra/http/outage.js';
import { WorkflowNotStartedError } from '../services/commands/workflow-commands.js';
import { executionPages } from './execution/index.js';
import { executionUploadRule } from './execution/upload-forms.js';
import { attachmentDownloadPages } from './attachment-download.js';
import { inboxPages } from './inbox.js';
import { directoryPages } from './directory/index.js';
import { loginPages } from './login.js';
import { oidcPages } from './oidc-login.js';
import { accountPages } from './account/index.js';
import { monitoringPages } from './monitoring/index.js';
import { roadMapPages } from './roadmap/index.js';
import { taskPages } from './tasks.js';
import { pilotRegionPages } from './federal/pilot-region-page.js';
import { pilotWeekPages } from './federal/pilot-week-page.js';
import { verifyPages } from './verify-page.js';
import { directoryImportPages } from './directory-import/import-page.js';
import { pilotTrendPages } from './federal/pilot-trend-page.js';
import { pilotReadinessPages } from './federal/pilot-readiness-page.js';
import { requireCsrf, requireWebSession, SESSION_COOKIE, type WebEnv } from './session/web-session.js';
import { logger } from '../infra/observability/logger.js';
import { webUploadFormRule } from './components/file-uploads.js';
import { bodyRefusalStatus, type BodyRule } from '../infra/http/body-limits.js';

const log = logger.child({ component: 'web' });

/** The pages' forms with files have their own body limit (the composition root applies it before anything reads the body). */
export const webUploadRule = (deps: ServiceDeps, method: string, path: string): BodyRule | null =>
  executionUploadRule(deps, method, path) ?? webUploadFormRule(deps, method, path);

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
    // A chunked body over its limit: api/body-limits.ts replaces this with the form's own 413.
    const bodyRefused = bodyRefusalStatus(err);
    if (bodyRefused) return c.text(err.message, bodyRefused);
    if (err instanceof WorkflowNotStartedError) return unavailablePage(c, 'starting');
    const part = unavailablePart(err);
    if (part) return unavailablePage(c, part);
    log.error({ err }, 'page error');
    return errorPage(c as Context<WebEnv>, deps, { code: 'internal', message: 'Внутренняя ошибка. Попробуйте ещё раз позже.', details: [] });
  });

  const session = requireWebSession(deps);
  const csrf = requireCsrf();
  // Forms with files have their own body limit (webUploadRule), applied by the app's outermost body check.
  for (const path of ['/logout', '/tasks', '/executions/*', '/extension-requests/*', '/roadmaps', '/roadmaps/*', '/inbox', '/inbox/*', '/monitoring', '/monitoring/*', '/pilot', '/pilot/*', '/attachments/*', '/account', '/account/*', '/directory-import', '/directory-import/*']) {
    app.use(path, session, csrf);
  }
  // «Справочник» (web/directory): its own line, so that the list above stays as other features extend it.
  for (const path of ['/directory', '/directory/*']) app.use(path, session, csrf);

  app.get('/', async (c) => {
    const token = getCookie(c, SESSION_COOKIE);
    const actor = token ? await deps.sessions.actor(token) : null;
    return c.redirect(actor ? landingPath(actor) : '/login', 303);
  });

  app.route('/', assetRoutes());
  app.route('/', loginPages(deps));
  if (deps.sso) app.route('/', oidcPages(deps, deps.sso));
  app.route('/', accountPages(deps));
  app.route('/', taskPages(deps));
  app.route('/', executionPages(deps));
  app.route('/', attachmentDownloadPages(deps));
  app.route('/', roadMapPages(deps));
  app.route('/', dashboardPages(deps));
  app.route('/', inboxPages(deps));
  app.route('/', directoryPages(deps));
  app.route('/', monitoringPages(deps));
  app.route('/', pilotWeekPages(deps));
  app.route('/', pilotRegionPages(deps));
  app.route('/', verifyPages(deps));
  app.route('/', directoryImportPages(deps));
  app.route('/', pilotTrendPages(deps));
  app.route('/', pilotReadinessPages(deps));
  return app;
}
