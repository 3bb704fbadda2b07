import { createHash, randomBytes } from 'node:crypto';
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { WithStartWorkflowOperation } from '@temporalio/client';
import { canDraftRoadMap } from '../../domain/actor.js';
import { eventLabel, type EventType } from '../../domain/events.js';
import { diffRoadMaps } from '../../domain/roadmap-diff.js';
import { RoadMapDocument } from '../../domain/roadmap.js';
import { RefusedError, refusal } from '../../domain/refusal.js';
import type { roadMapWorkflow } from '../../workflows/roadmap-workflow.js';
import { draftRecordedUpdate, editDraftUpdate, startAmendmentUpdate } from '../../workflows/messages.js';
import type { ApiDeps, AppEnv } from '../app-env.js';
import { validationHook } from '../errors.js';
import { readableRoadMap, roadMapSummary, versionDocument, type RoadMapRow } from '../../services/roadmaps/roadmap-read-model.js';
import {
  AuditEvent,
  CommandResult,
  errors,
  IdParam,
  ItemExecution,
  json,
  Page,
  RoadMapDetail,
  RoadMapDocumentSchema,
  RoadMapSummary,
} from '../schemas.js';
import { sendCommand } from '../../services/commands/workflow-commands.js';
import { approveRoadMap, assertRoadMapDocument, returnRoadMap, roadMapWorkflowId, submitRoadMap } from '../../services/roadmaps/roadmap-commands.js';
import { executionView, type ExecutionRow } from '../../services/executions/execution-read-model.js';

export { roadMapWorkflowId };
export const ReturnRoadMapBody = z.object({ comment: z.string().trim().min(1, 'укажите причину возврата').max(5000) }).strict();

const body = <T>(schema: T) => ({ body: { content: { 'application/json': { schema } }, required: true } });
const tags = ['roadmaps'];
const security = [{ Bearer: [] }];

const routes = {
  list: createRoute({ method: 'get', path: '/api/roadmaps', tags, security, summary: 'Дорожные карты, видимые мне',
    responses: { 200: json(z.object({ roadmaps: z.array(RoadMapSummary) }), 'Список'), ...errors } }),
  create: createRoute({ method: 'post', path: '/api/roadmaps', tags, security, summary: 'Создать проект дорожной карты',
    request: body(RoadMapDocumentSchema), responses: { 201: json(CommandResult, 'Проект создан'), ...errors } }),
  get: createRoute({ method: 'get', path: '/api/roadmaps/{id}', tags, security, summary: 'Дорожная карта со всеми редакциями',
    request: { params: IdParam }, responses: { 200: json(RoadMapDetail, 'Дорожная карта'), ...errors } }),
  edit: createRoute({ method: 'put', path: '/api/roadmaps/{id}', tags, security, summary: 'Изменить проект (редакцию в статусе «проект»)',
    request: { params: IdParam, ...body(RoadMapDocumentSchema) }, responses: { 200: json(CommandResult, 'Сохранено'), ...errors } }),
  submit: createRoute({ method: 'post', path: '/api/roadmaps/{id}/submit', tags, security, summary: 'Направить на утверждение директору',
    request: { params: IdParam }, responses: { 200: json(CommandResult, 'Направлено'), ...errors } }),
  approve: createRoute({ method: 'post', path: '/api/roadmaps/{id}/approve', tags, security, summary: 'Утвердить (директор ТФОМС); запускает исполнение',
    request: { params: IdParam }, responses: { 200: json(CommandResult, 'Утверждено'), ...errors } }),
  return: createRoute({ method: 'post', path: '/api/roadmaps/{id}/return', tags, security, summary: 'Вернуть на доработку с комментарием (директор ТФОМС)',
    request: { params: IdParam, ...body(ReturnRoadMapBody) },
    responses: { 200: json(CommandResult, 'Возвращено'), ...errors } }),
  amend: createRoute({ method: 'post', path: '/api/roadmaps/{id}/versions', tags, security, summary: 'Начать новую редакцию утверждённой дорожной карты',
    request: { params: IdParam, body: { content: { 'application/json': { schema: z.object({ document: RoadMapDocumentSchema.optional() }).strict() } }, required: false } },
    responses: { 201: json(CommandResult, 'Редакция начата'), ...errors } }),
  diff: createRoute({ method: 'get', path: '/api/roadmaps/{id}/diff', tags, security, summary: 'Отличия между редакциями',
    request: { params: IdParam, query: z.object({ from: z.coerce.number().int().min(1), to: z.coerce.number().int().min(1) }) },
    responses: { 200: json(z.object({ from: z.number(), to: z.number(), diff: z.any() }), 'Отличия'), ...errors } }),
  items: createRoute({ method: 'get', path: '/api/roadmaps/{id}/items', tags, security, summary: 'Исполнение мероприятий (мероприятие × МО)',
    request: { params: IdParam, query: Page.extend({
      status: z.enum(['assigned', 'in_progress', 'submitted', 'accepted', 'cancelled']).optional(),
      itemId: z.string().max(64).optional(), moId: z.string().max(64).optional() }).strict() },
    responses: { 200: json(z.object({ total: z.number().int(), items: z.array(ItemExecution) }), 'Исполнения'), ...errors } }),
  events: createRoute({ method: 'get', path: '/api/roadmaps/{id}/events', tags, security, summary: 'Журнал событий (кто, что, когда, какая редакция)',
    request: { params: IdParam, query: Page.extend({ subject: z.string().max(200).optional() }).strict() },
    responses: { 200: json(z.object({ events: z.array(AuditEvent) }), 'События по порядку'), ...errors } }),
};

export function roadMapRoutes(deps: ApiDeps) {
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
  const handle = (id: string) => deps.temporal.workflow.getHandle(roadMapWorkflowId(id));

  /** The document rules of seed 000 against the people and МО it names: 400 naming each field. */
  const assertDocument = (document: RoadMapDocument, prefix = '') => assertRoadMapDocument(deps.sql, document, prefix);

  app.openapi(routes.list, async (c) => {
    const actor = c.get('actor');
    const everyRegion = actor.organisationKind === 'FOMS' || actor.roles.includes('admin');
    const rows = await deps.sql<RoadMapRow[]>`
      select id, region_code, title, status, approved_version, working_version, updated_at from roadmaps
      where ${everyRegion} or region_code = ${actor.regionCode ?? ''} order by updated_at desc limit 500`;
    return c.json({ roadmaps: rows.map(roadMapSummary) }, 200);
  });

  app.openapi(routes.create, async (c) => {
    const actor = c.get('actor');
    const document = RoadMapDocument.parse(c.req.valid('json'));
    if (!canDraftRoadMap(actor, document.regionCode)) {
      throw new RefusedError(refusal('forbidden', `готовить дорожную карту региона ${document.regionCode} может сотрудник его ТФОМС не ниже начальника отдела`));
    }
    const [region] = await deps.sql`select code from regions where code = ${document.regionCode}`;
    if (!region) throw new RefusedError(refusal('validation', 'неизвестный регион', [{ field: 'regionCode', message: 'регион не найден' }]));
    await assertDocument(document);
    // With an Idempotency-Key the id is derived from it: a retried create finds the same workflow.
    const key = c.get('idempotencyKey');
    const id = `rm-${key ? createHash('sha256').update(c.get('commandId')).digest('hex').slice(0, 12) : randomBytes(6).toString('hex')}`;
    const start = new WithStartWorkflowOperation<typeof roadMapWorkflow>('roadMapWorkflow', {
      workflowId: roadMapWorkflowId(id),
      taskQueue: deps.taskQueue,
      args: [{ roadMapId: id, regionCode: document.regionCode, launchBatchSize: deps.launchBatchSize, draft: { actor, document } }],
      workflowIdConflictPolicy: 'USE_EXISTING',
    });
    const result = await deps.temporal.workflow.executeUpdateWithStart(draftRecordedUpdate, { startWorkflowOperation: start, updateId: c.get('commandId') });
    return c.json(result, 201);
  });

  app.openapi(routes.get, async (c) => {
    const row = await readableRoadMap(deps.sql, c.get('actor'), c.req.valid('param').id);
    const versions = await deps.sql`select * from roadmap_versions where roadmap_id = ${row.id} order by version`;
    return c.json(
      {
        ...roadMapSummary(row),
        versions: versions.map((v) => ({
          version: v.version,
          status: v.status,
          createdBy: v.created_by,
          createdAt: v.created_at.toISOString(),
          submittedAt: v.submitted_at?.toISOString() ?? null,
          approvedBy: v.approved_by,
          approvedAt: v.approved_at?.toISOString() ?? null,
          lastReturnComment: v.last_return_comment,
          document: v.document,
        })),
      },
      200,
    );
  });

  app.openapi(routes.edit, async (c) => {
    const actor = c.get('actor');
    const row = await readableRoadMap(deps.sql, actor, c.req.valid('param').id);
    const document = RoadMapDocument.parse(c.req.valid('json'));
    if (document.regionCode !== row.region_code) {
      throw new RefusedError(refusal('validation', 'регион дорожной карты изменить нельзя', [{ field: 'regionCode', message: `должен быть ${row.region_code}` }]));
    }
    await assertDocument(document);
    return c.json(await sendCommand(handle(row.id), editDraftUpdate, [{ actor, document }], c.get('commandId')), 200);
  });

  app.openapi(routes.submit, async (c) => {
    return c.json(await submitRoadMap(deps, c.get('actor'), c.req.valid('param').id, c.get('commandId')), 200);
  });

  app.openapi(routes.approve, async (c) => {
    return c.json(await approveRoadMap(deps, c.get('actor'), c.req.valid('param').id, c.get('commandId')), 200);
  });

  app.openapi(routes.return, async (c) => {
    const { comment } = c.req.valid('json');
    return c.json(await returnRoadMap(deps, c.get('actor'), c.req.valid('param').id, comment, c.get('commandId')), 200);
  });

  app.openapi(routes.amend, async (c) => {
    const actor = c.get('actor');
    const row = await readableRoadMap(deps.sql, actor, c.req.valid('param').id);
    const raw = await c.req.text();
    let document: RoadMapDocument | null = null;
    if (raw.trim()) {
      const parsed = c.req.valid('json');
      if (parsed.document) {
        document = RoadMapDocument.parse(parsed.document);
        if (document.regionCode !== row.region_code) {
          throw new RefusedError(refusal('validation', 'регион дорожной карты изменить нельзя', [{ field: 'document.regionCode', message: `должен быть ${row.region_code}` }]));
        }
        await assertDocument(document, 'document.');
      }
    }
    return c.json(await sendCommand(handle(row.id), startAmendmentUpdate, [{ actor, document }], c.get('commandId')), 201);
  });

  app.openapi(routes.diff, async (c) => {
    const row = await readableRoadMap(deps.sql, c.get('actor'), c.req.valid('param').id);
    const { from, to } = c.req.valid('query');
    const [a, b] = await Promise.all([versionDocument(deps.sql, row.id, from), versionDocument(deps.sql, row.id, to)]);
    if (!a) throw new RefusedError(refusal('not_found', `редакция ${from} не найдена`, [{ field: 'from', message: 'нет такой редакции' }]));
    if (!b) throw new RefusedError(refusal('not_found', `редакция ${to} не найдена`, [{ field: 'to', message: 'нет такой редакции' }]));
    return c.json({ from, to, diff: diffRoadMaps(a, b) }, 200);
  });

  app.openapi(routes.items, async (c) => {
    const row = await readableRoadMap(deps.sql, c.get('actor'), c.req.valid('param').id);
    const q = c.req.valid('query');
    const where = deps.sql`roadmap_id = ${row.id}
      ${q.status ? deps.sql`and status = ${q.status}` : deps.sql``}
      ${q.itemId ? deps.sql`and item_id = ${q.itemId}` : deps.sql``}
      ${q.moId ? deps.sql`and mo_id = ${q.moId}` : deps.sql``}`;
    const [{ count }] = await deps.sql<{ count: number }[]>`select count(*)::int as count from item_executions where ${where}`;
    const rows = await deps.sql<ExecutionRow[]>`select * from item_executions where ${where}
      order by item_id, mo_id nulls first limit ${q.limit} offset ${q.offset}`;
    const now = new Date();
    return c.json({ total: count, items: rows.map((r) => executionView(r, now)) }, 200);
  });

  app.openapi(routes.events, async (c) => {
    const row = await readableRoadMap(deps.sql, c.get('actor'), c.req.valid('param').id);
    const q = c.req.valid('query');
    const rows = await deps.sql`
      select e.*, p.full_name as actor_name from events e left join people p on p.id = e.actor_id
      where e.roadmap_id = ${row.id} ${q.subject ? deps.sql`and e.subject = ${q.subject}` : deps.sql``}
      order by e.occurred_at, e.seq limit ${q.limit} offset ${q.offset}`;
    return c.json(
      {
        events: rows.map((e) => ({
          id: e.id,
          seq: Number(e.seq),
          type: e.type,
          label: eventLabel[e.type as EventType] ?? e.type,
          subject: e.subject,
          version: e.version,
          occurredAt: e.occurred_at.toISOString(),
          actorId: e.actor_id,
          actorName: e.actor_name,
          actingForId: e.acting_for_id,
          payload: e.payload,
        })),
      },
      200,
    );
  });

  return app;
}

