import { OpenAPIHono } from '@hono/zod-openapi';
import { bodyLimit } from 'hono/body-limit';
import type { ServiceDeps } from '../services/deps.js';
import { createSessions } from '../services/auth/sessions.js';
import { sessionPolicyFromEnv, type SessionPolicy } from '../services/auth/session-policy.js';
import type { AppEnv } from './app-env.js';
import { onError, validationHook } from './errors.js';
import { httpObservability } from './http-observability.js';
import { idempotency } from './idempotency.js';
import { refuseControlCharacters } from './control-characters.js';
import { securityHeaders } from './security-headers.js';
import { authRoutes, logoutRoutes, requireActor } from './routes/auth.js';
import { docsRoutes } from './docs/docs-routes.js';
import { executionRoutes } from './routes/executions.js';
import { healthRoutes } from './routes/health.js';
import { roadMapRoutes } from './routes/roadmaps.js';
import { taskRoutes } from './routes/tasks.js';
import { notificationRoutes } from './routes/notifications.js';
import { peopleRoutes } from './routes/people.js';
import { directoryRoutes } from './routes/directory.js';
import { monitoringRoutes } from './routes/monitoring.js';
import { documentRoutes } from './routes/documents.js';
import { takesUploads, webRoutes } from '../web/index.js';
import { attachmentRoutes, ATTACHMENTS_PATH } from './routes/attachments.js';
import { regionRoutes } from './routes/regions.js';
import { pilotRoutes } from './routes/pilot.js';

/** Bodies above this are refused with 413 before they are parsed (a country-wide road map is well under it). */
export const MAX_BODY_BYTES = 2 * 1024 * 1024;

/** What the composition root passes in; the sessions are built here, with the policy from env unless given. */
export type AppConfig = Omit<ServiceDeps, 'sessions'> & { sessionPolicy?: SessionPolicy };

export function createApp(config: AppConfig) {
  const deps: ServiceDeps = { ...config, sessions: createSessions(config.sql, config.sessionPolicy ?? sessionPolicyFromEnv()) };
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
  app.onError(onError);
  app.notFound((c) => c.json({ error: { code: 'not_found', message: `нет такого адреса: ${c.req.method} ${c.req.path}`, details: [] } }, 404));
  // Outermost, so that every answer — error pages, 401s, 404s and 413s too — carries them.
  app.use('*', securityHeaders());
  // Next, so that every answer (413s and 401s included) is counted, timed and logged with its request id.
  app.use('*', ...httpObservability());
  app.use('*', refuseControlCharacters());
  const globalLimit = bodyLimit({
    maxSize: MAX_BODY_BYTES,
    onError: (c) => c.json({ error: { code: 'payload_too_large', message: `тело запроса больше ${MAX_BODY_BYTES} байт`, details: [] } }, 413),
  });
  // Uploads carry their own, larger limit (api/routes/attachments.ts; the pages' forms with files: web/execution/upload-forms.ts).
  const ownLimit = (method: string, path: string) => (method === 'POST' && path === ATTACHMENTS_PATH) || takesUploads(method, path);
  app.use('*', async (c, next) => (ownLimit(c.req.method, c.req.path) ? next() : globalLimit(c, next)));

  app.route('/', healthRoutes(deps));
  app.route('/', authRoutes(deps));

  const authenticate = requireActor(deps);
  const replayCommands = idempotency(deps);
  app.use('/api/*', async (c, next) => (c.req.path === '/api/auth/login' ? next() : authenticate(c, next)));
  app.use('/api/*', async (c, next) => (c.req.method === 'GET' || c.req.path.startsWith('/api/auth/') ? next() : replayCommands(c, next)));

  app.route('/', logoutRoutes(deps));

  // Before the road maps' `/{id}`: `import-template.xlsx` is not a road-map id.
  app.route('/', documentRoutes(deps));
  app.route('/', roadMapRoutes(deps));
  app.route('/', executionRoutes(deps));
  app.route('/', taskRoutes(deps));
  app.route('/', notificationRoutes(deps));
  app.route('/', peopleRoutes(deps));
  app.route('/', directoryRoutes(deps));
  app.route('/', monitoringRoutes(deps));
  app.route('/', attachmentRoutes(deps));
  app.route('/', regionRoutes(deps));
  app.route('/', pilotRoutes(deps));
  // Participants' pages (cookie session + CSRF), outside /api.
  app.route('/', webRoutes(deps));

  app.openAPIRegistry.registerComponent('securitySchemes', 'Bearer', { type: 'http', scheme: 'bearer' });
  const info = {
    title: 'Дорожные карты ТФОМС и СМО',
    version: '0.1.0',
    description: 'Исполнение дорожных карт проекта «Поликлиника-образец»: утверждение, исполнение мероприятий, журнал событий.',
  };
  app.doc31('/openapi.json', { openapi: '3.1.0', info });
  app.route('/', docsRoutes(() => app.getOpenAPI31Document({ openapi: '3.1.0', info }) as never));
  return app;
}
