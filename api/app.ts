import { OpenAPIHono } from '@hono/zod-openapi';
import { bodyLimit } from 'hono/body-limit';
import type { ApiDeps, AppEnv } from './app-env.js';
import { onError, validationHook } from './errors.js';
import { idempotency } from './idempotency.js';
import { authRoutes, requireActor } from './routes/auth.js';
import { docsRoutes } from './docs/docs-routes.js';
import { executionRoutes } from './routes/executions.js';
import { healthRoutes } from './routes/health.js';
import { roadMapRoutes } from './routes/roadmaps.js';
import { taskRoutes } from './routes/tasks.js';
import { notificationRoutes } from './routes/notifications.js';
import { peopleRoutes } from './routes/people.js';
import { monitoringRoutes } from './routes/monitoring.js';
import { documentRoutes } from './routes/documents.js';
import { webRoutes } from '../web/index.js';

/** Bodies above this are refused with 413 before they are parsed (a country-wide road map is well under it). */
export const MAX_BODY_BYTES = 2 * 1024 * 1024;

export function createApp(deps: ApiDeps) {
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
  app.onError(onError);
  app.notFound((c) => c.json({ error: { code: 'not_found', message: `нет такого адреса: ${c.req.method} ${c.req.path}`, details: [] } }, 404));
  app.use(
    '*',
    bodyLimit({
      maxSize: MAX_BODY_BYTES,
      onError: (c) => c.json({ error: { code: 'payload_too_large', message: `тело запроса больше ${MAX_BODY_BYTES} байт`, details: [] } }, 413),
    }),
  );

  app.route('/', healthRoutes(deps));
  app.route('/', authRoutes(deps));

  const authenticate = requireActor(deps);
  const replayCommands = idempotency(deps);
  app.use('/api/*', async (c, next) => (c.req.path === '/api/auth/login' ? next() : authenticate(c, next)));
  app.use('/api/*', async (c, next) => (c.req.method === 'GET' || c.req.path === '/api/auth/login' ? next() : replayCommands(c, next)));

  // Before the road maps' `/{id}`: `import-template.xlsx` is not a road-map id.
  app.route('/', documentRoutes(deps));
  app.route('/', roadMapRoutes(deps));
  app.route('/', executionRoutes(deps));
  app.route('/', taskRoutes(deps));
  app.route('/', notificationRoutes(deps));
  app.route('/', peopleRoutes(deps));
  app.route('/', monitoringRoutes(deps));
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
