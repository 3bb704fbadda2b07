import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { pilotReadiness } from '../../services/federal/pilot-readiness.js';
import { pilotTrend } from '../../services/federal/pilot-trend.js';
import { readinessXlsx } from '../../services/federal/readiness-xlsx.js';
import type { ApiDeps, AppEnv } from '../app-env.js';
import { validationHook } from '../errors.js';
import { PilotReadinessSchema, PilotTrendSchema, TrendQuery } from '../pilot-progress-schemas.js';
import { errors, json } from '../schemas.js';

const tags = ['federal'];
const security = [{ Bearer: [] }];
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

const routes = {
  trend: createRoute({ method: 'get', path: '/api/pilot/trend', tags, security,
    summary: 'Динамика пилота: по каждому региону последние 12 недель (в срок / с опозданием / не представлен) и доля в срок по неделям',
    request: { query: TrendQuery }, responses: { 200: json(PilotTrendSchema, 'Динамика'), ...errors } }),
  readiness: createRoute({ method: 'get', path: '/api/pilot/readiness', tags, security,
    summary: 'Готовность документов пилота: регионы × семь документов seed 000 (нет / в работе / готов, дата, ссылки) и срок утверждения «дорожной карты»',
    responses: { 200: json(PilotReadinessSchema, 'Матрица готовности'), ...errors } }),
  readinessXlsx: createRoute({ method: 'get', path: '/api/pilot/readiness.xlsx', tags, security,
    summary: 'Матрица готовности документов (XLSX)',
    responses: { 200: { description: 'Книга Excel', content: { [XLSX]: { schema: z.string().openapi({ format: 'binary' }) } } }, ...errors } }),
};

/** ФОМС and the group curators, as the federal week (the scope is decided in services/federal). */
export function pilotProgressRoutes(deps: ApiDeps) {
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
  app.openapi(routes.trend, async (c) => c.json(await pilotTrend(deps.sql, c.get('actor'), c.req.valid('query').to), 200));
  app.openapi(routes.readiness, async (c) => c.json(await pilotReadiness(deps.sql, c.get('actor')), 200));
  app.openapi(routes.readinessXlsx, async (c) => {
    const data = await readinessXlsx(await pilotReadiness(deps.sql, c.get('actor')), new URL(c.req.url).origin);
    return c.body(new Uint8Array(data), 200, { 'content-type': XLSX, 'content-disposition': 'attachment; filename="pilot-readiness.xlsx"' }) as never;
  });
  return app;
}
