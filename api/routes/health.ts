import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { ApiDeps, AppEnv } from '../app-env.js';
import { json } from '../schemas.js';
import { checkHealth } from '../../services/health/health.js';

const Health = z.object({ status: z.enum(['ok', 'failing']), temporal: z.string(), postgres: z.string() }).openapi('Health');

const route = createRoute({
  method: 'get',
  path: '/health',
  tags: ['system'],
  summary: '200, когда отвечают Temporal и PostgreSQL; 503 с названием отказавшей части',
  responses: { 200: json(Health, 'Всё работает'), 503: json(Health, 'Что-то не отвечает') },
});

export function healthRoutes(deps: ApiDeps) {
  const app = new OpenAPIHono<AppEnv>();
  app.openapi(route, async (c) => {
    const health = await checkHealth(deps);
    return c.json(health, health.status === 'ok' ? 200 : 503);
  });
  return app;
}
