import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { refusal, RefusedError } from '../../domain/refusal.js';
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
  app.openapi(routes.list, async (c) => {
    const me = c.get('actor').personId;
    const q = c.req.valid('query');
    const rows = await deps.sql`
      select * from notifications where person_id = ${me} ${q.unread === 'true' ? deps.sql`and read_at is null` : deps.sql``}
      order by created_at desc, id limit ${q.limit} offset ${q.offset}`;
    const [{ unread }] = await deps.sql<{ unread: number }[]>`select count(*)::int as unread from notifications where person_id = ${me} and read_at is null`;
    return c.json(
      {
        unread,
        notifications: rows.map((n) => ({
          id: n.id,
          kind: n.kind,
          subject: n.subject,
          body: n.body,
          link: n.link,
          executionId: n.execution_id,
          roadMapId: n.roadmap_id,
          actingForId: n.acting_for_id,
          createdAt: n.created_at.toISOString(),
          readAt: n.read_at?.toISOString() ?? null,
          emailStatus: n.email_status,
        })),
      },
      200,
    );
  });
  app.openapi(routes.read, async (c) => {
    const me = c.get('actor').personId;
    const id = c.req.valid('param').id;
    const [row] = await deps.sql<{ read_at: Date }[]>`
      update notifications set read_at = coalesce(read_at, now()) where id = ${id} and person_id = ${me} returning read_at`;
    if (!row) throw new RefusedError(refusal('not_found', 'уведомление не найдено'));
    return c.json({ id, readAt: row.read_at.toISOString() }, 200);
  });
  app.openapi(routes.readAll, async (c) => {
    const rows = await deps.sql`update notifications set read_at = now() where person_id = ${c.get('actor').personId} and read_at is null returning id`;
    return c.json({ marked: rows.length }, 200);
  });
  return app;
}
