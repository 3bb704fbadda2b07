import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { formatRuDateTime } from '../../domain/zoned-time.js';
import { actingFor } from '../../services/people/acting.js';
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

export interface TaskQuery {
  roadmap?: string;
  kind?: 'complete' | 'accept' | 'decide_extension';
  status?: 'assigned' | 'in_progress' | 'submitted';
  overdue?: 'true' | 'false';
  limit: number;
  offset: number;
}

/** My open work across roles (and that of those I act for), nearest deadline first; shared by the API and the «Мои задачи» page. */
export async function myTasks(sql: ApiDeps['sql'], me: string, q: TaskQuery): Promise<{ total: number; tasks: z.infer<typeof Task>[] }> {
  const people = await actingFor(sql, me);
  // One query for all three kinds of work; overdue is computed against the clock here, never stored.
  const rows = await sql`
    with work as (
      select 'complete' as kind, e.*, e.executor_id as responsible, null::text as request_id
        from item_executions e where e.executor_id = any(${people}) and e.status in ('assigned', 'in_progress')
      union all
      select 'accept', e.*, e.controller_id, null from item_executions e where e.controller_id = any(${people}) and e.status = 'submitted'
      union all
      select 'decide_extension', e.*, e.controller_id, x.id from extension_requests x join item_executions e on e.id = x.execution_id
        where x.status = 'pending' and e.controller_id = any(${people})
    )
    select w.kind, w.id, w.roadmap_id, r.title as roadmap_title, w.item_id, w.item_title, w.mo_id, o.name as mo_name, w.status,
           w.deadline_at, g.time_zone, w.responsible, w.request_id,
           (w.kind = 'complete' and w.deadline_at < now()) as overdue, count(*) over () as total
    from work w join roadmaps r on r.id = w.roadmap_id join regions g on g.code = r.region_code
    left join organisations o on o.id = w.mo_id
    where true
      ${q.roadmap ? sql`and w.roadmap_id = ${q.roadmap}` : sql``}
      ${q.kind ? sql`and w.kind = ${q.kind}` : sql``}
      ${q.status ? sql`and w.status = ${q.status}` : sql``}
      ${q.overdue ? sql`and (w.kind = 'complete' and w.deadline_at < now()) = ${q.overdue === 'true'}` : sql``}
    order by w.deadline_at, w.id limit ${q.limit} offset ${q.offset}`;
  return {
    total: rows.length ? Number(rows[0].total) : 0,
    tasks: rows.map((r) => ({
      kind: r.kind,
      executionId: r.id,
      roadMapId: r.roadmap_id,
      roadMapTitle: r.roadmap_title,
      itemId: r.item_id,
      itemTitle: r.item_title,
      moId: r.mo_id,
      moName: r.mo_name,
      status: r.status,
      deadlineAt: r.deadline_at.toISOString(),
      deadlineLocal: formatRuDateTime(r.deadline_at, r.time_zone),
      overdue: r.overdue,
      actingForId: r.responsible === me ? null : r.responsible,
      requestId: r.request_id,
    })),
  };
}

export function taskRoutes(deps: ApiDeps) {
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
  app.openapi(route, async (c) => {
    return c.json(await myTasks(deps.sql, c.get('actor').personId, c.req.valid('query')), 200);
  });
  return app;
}
