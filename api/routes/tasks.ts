import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { myTasks } from '../../services/tasks/my-tasks.js';
import type { ApiDeps, AppEnv } from '../app-env.js';
import { validationHook } from '../errors.js';
import { errors, json, Page } from '../schemas.js';

const Task = z
  .object({
    kind: z.enum(['complete', 'accept', 'decide_extension']),
    executionId: z.string(),
    roadMapId: z.string(),
    roadMapTitle: z.string(),
    itemId: z.string(),
    itemTitle: z.string(),
    moId: z.string().nullable(),
    moName: z.string().nullable(),
    status: z.string(),
    deadlineAt: z.string(),
    /** ДД.ММ.ГГГГ ЧЧ:ММ in the region's local time. */
    deadlineLocal: z.string(),
    overdue: z.boolean(),
    actingForId: z.string().nullable(),
    requestId: z.string().nullable(),
    /** The controller returned the report for rework: when (last time), and that day ДД.ММ.ГГГГ in the region's time. */
    returnedAt: z.string().nullable(),
    returnedLocal: z.string().nullable(),
  })
  .openapi('Task');

const route = createRoute({
  method: 'get',
  path: '/api/tasks',
  tags: ['tasks'],
  security: [{ Bearer: [] }],
  summary: 'Мои задачи: исполнить, принять, решить по переносу срока (включая задачи замещаемых)',
  request: {
    query: Page.extend({
      roadmap: z.string().max(200).optional(),
      kind: z.enum(['complete', 'accept', 'decide_extension']).optional(),
      status: z.enum(['assigned', 'in_progress', 'submitted']).optional(),
      overdue: z.enum(['true', 'false']).optional(),
    }).strict(),
  },
  responses: { 200: json(z.object({ total: z.number().int(), tasks: z.array(Task) }), 'Задачи, ближайший срок первым'), ...errors },
});

export function taskRoutes(deps: ApiDeps) {
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
  app.openapi(route, async (c) => {
    return c.json(await myTasks(deps.sql, c.get('actor').personId, c.req.valid('query')), 200);
  });
  return app;
}
