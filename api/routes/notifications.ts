import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { inboxOf, markAllNotificationsRead, markNotificationRead } from '../../services/notifications/inbox.js';
import type { ApiDeps, AppEnv } from '../app-env.js';
import { validationHook } from '../errors.js';
import { errors, IdParam, json, Page } from '../schemas.js';

const Notification = z
  .object({
    id: z.string(),
    kind: z.string(),
    subject: z.string(),
    body: z.string(),
    link: z.string(),
    executionId: z.string().nullable(),
    roadMapId: z.string(),
    actingForId: z.string().nullable(),
    createdAt: z.string(),
    readAt: z.string().nullable(),
    emailStatus: z.string(),
  })
  .openapi('Notification');

const tags = ['notifications'];
const security = [{ Bearer: [] }];
const routes = {
  list: createRoute({ method: 'get', path: '/api/notifications', tags, security, summary: 'Мои уведомления, новые первыми',
    request: { query: Page.extend({ unread: z.enum(['true', 'false']).optional() }).strict() },
    responses: { 200: json(z.object({ unread: z.number().int(), notifications: z.array(Notification) }), 'Входящие'), ...errors } }),
  read: createRoute({ method: 'post', path: '/api/notifications/{id}/read', tags, security, summary: 'Отметить прочитанным',
    request: { params: IdParam }, responses: { 200: json(z.object({ id: z.string(), readAt: z.string() }), 'Прочитано'), ...errors } }),
  readAll: createRoute({ method: 'post', path: '/api/notifications/read-all', tags, security, summary: 'Отметить все прочитанными',
    responses: { 200: json(z.object({ marked: z.number().int() }), 'Прочитано'), ...errors } }),
};

export function notificationRoutes(deps: ApiDeps) {
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
  app.openapi(routes.list, async (c) => c.json(await inboxOf(deps.sql, c.get('actor').personId, c.req.valid('query')), 200));
  app.openapi(routes.read, async (c) => {
    const id = c.req.valid('param').id;
    const readAt = await markNotificationRead(deps.sql, c.get('actor').personId, id);
    return c.json({ id, readAt: readAt.toISOString() }, 200);
  });
  app.openapi(routes.readAll, async (c) => c.json({ marked: await markAllNotificationsRead(deps.sql, c.get('actor').personId) }, 200));
  return app;
}
