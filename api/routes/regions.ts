import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { listRegions } from '../../services/federal/region-queries.js';
import type { ApiDeps, AppEnv } from '../app-env.js';
import { validationHook } from '../errors.js';
import { RegionItem } from '../federal-schemas.js';
import { errors, json } from '../schemas.js';

const list = createRoute({
  method: 'get',
  path: '/api/regions',
  tags: ['federal'],
  security: [{ Bearer: [] }],
  summary: 'Субъекты Российской Федерации: код, федеральный округ, часовой пояс, группа пилотного проекта',
  responses: { 200: json(z.object({ regions: z.array(RegionItem) }), 'Регионы'), ...errors },
});

export function regionRoutes(deps: ApiDeps) {
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
  app.openapi(list, async (c) => c.json({ regions: await listRegions(deps.sql) }, 200));
  return app;
}
