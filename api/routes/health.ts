import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { ApiDeps, AppEnv } from '../app-env.js';
import { json } from '../schemas.js';

const Health = z.object({ status: z.enum(['ok', 'failing']), temporal: z.string(), postgres: z.string() }).openapi('Health');

const route = createRoute({
  method: 'get',
  path: '/health',
  tags: ['system'],
  summary: '200, когда отвечают Temporal и PostgreSQL; 503 с названием отказавшей части',
  responses: { 200: json(Health, 'Всё работает'), 503: json(Health, 'Что-то не отвечает') },
});

const within = <T>(p: Promise<T>, ms: number) =>
  Promise.race([p, new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`no answer in ${ms} ms`)), ms).unref())]);

export function healthRoutes(deps: ApiDeps) {
  const app = new OpenAPIHono<AppEnv>();
  app.openapi(route, async (c) => {
    const [pg, tp] = await Promise.allSettled([
      within(deps.sql`select 1`, 3000),
      within(deps.temporal.workflowService.getSystemInfo({}), 3000),
    ]);
    const postgres = pg.status === 'fulfilled' ? 'ok' : `failing: ${(pg.reason as Error).message}`;
    const temporal = tp.status === 'fulfilled' ? 'ok' : `failing: ${(tp.reason as Error).message}`;
    const ok = postgres === 'ok' && temporal === 'ok';
    return c.json({ status: ok ? ('ok' as const) : ('failing' as const), temporal, postgres }, ok ? 200 : 503);
  });
  return app;
}
