import { emptyBodyIsNoBody } from '../optional-body.js';
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { ApiDeps, AppEnv } from '../app-env.js';
import { validationHook } from '../errors.js';
import { IdText } from '../../domain/text.js';
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

/** Versions are PostgreSQL integers; a larger number is bad input, not a 500. */
const MAX_VERSION = 1_000_000;
import { approveRoadMap, returnRoadMap, roadMapWorkflowId, submitRoadMap } from '../../services/roadmaps/roadmap-commands.js';
import { createRoadMapDraft, editRoadMapDraft, roadMapVersionsDiff, startRoadMapAmendment } from '../../services/roadmaps/roadmap-drafts.js';
import { roadMapEvents, roadMapExecutions, roadMapWithVersions, visibleRoadMaps } from '../../services/roadmaps/roadmap-queries.js';
import { ApproveRoadMapBody, ReturnRoadMapBody } from '../../services/roadmaps/roadmap-inputs.js';

export { roadMapWorkflowId };
export { ReturnRoadMapBody };

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
  submit: createRoute({ method: 'post', path: '/api/roadmaps/{id}/submit', tags, security, summary: 'Направить на утверждение директору (автор проекта или координатор мониторинга дорожной карты, или исполняющий их обязанности)',
    request: { params: IdParam }, responses: { 200: json(CommandResult, 'Направлено'), ...errors } }),
  approve: createRoute({ method: 'post', path: '/api/roadmaps/{id}/approve', tags, security,
    summary: 'Утвердить (директор ТФОМС); запускает исполнение. Можно приложить подписанный утверждающий правовой акт: файлы, загруженные POST /api/attachments',
    request: { params: IdParam, body: { content: { 'application/json': { schema: ApproveRoadMapBody } }, required: false } },
    responses: { 200: json(CommandResult, 'Утверждено'), ...errors } }),
  return: createRoute({ method: 'post', path: '/api/roadmaps/{id}/return', tags, security, summary: 'Вернуть на доработку с комментарием (директор ТФОМС)',
    request: { params: IdParam, ...body(ReturnRoadMapBody) },
    responses: { 200: json(CommandResult, 'Возвращено'), ...errors } }),
  amend: createRoute({ method: 'post', path: '/api/roadmaps/{id}/versions', tags, security, summary: 'Начать новую редакцию утверждённой дорожной карты',
    request: { params: IdParam, body: { content: { 'application/json': { schema: z.object({ document: RoadMapDocumentSchema.optional() }).strict() } }, required: false } },
    responses: { 201: json(CommandResult, 'Редакция начата'), ...errors } }),
  diff: createRoute({ method: 'get', path: '/api/roadmaps/{id}/diff', tags, security, summary: 'Отличия между редакциями',
    request: { params: IdParam, query: z.object({ from: z.coerce.number().int().min(1).max(MAX_VERSION), to: z.coerce.number().int().min(1).max(MAX_VERSION) }) },
    responses: { 200: json(z.object({ from: z.number(), to: z.number(), diff: z.any() }), 'Отличия'), ...errors } }),
  items: createRoute({ method: 'get', path: '/api/roadmaps/{id}/items', tags, security, summary: 'Исполнение мероприятий (мероприятие × МО)',
    request: { params: IdParam, query: Page.extend({
      status: z.enum(['assigned', 'in_progress', 'submitted', 'accepted', 'cancelled']).optional(),
      itemId: IdText.max(64).optional(), moId: IdText.max(64).optional() }).strict() },
    responses: { 200: json(z.object({ total: z.number().int(), items: z.array(ItemExecution) }), 'Исполнения'), ...errors } }),
  events: createRoute({ method: 'get', path: '/api/roadmaps/{id}/events', tags, security, summary: 'Журнал событий (кто, что, когда, какая редакция)',
    request: { params: IdParam, query: Page.extend({ subject: z.string().max(200).optional() }).strict() },
    responses: { 200: json(z.object({ events: z.array(AuditEvent) }), 'События по порядку'), ...errors } }),
};

export function roadMapRoutes(deps: ApiDeps) {
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
  app.use('/api/roadmaps/:id/approve', emptyBodyIsNoBody);
  app.use('/api/roadmaps/:id/versions', emptyBodyIsNoBody);

  app.openapi(routes.list, async (c) => c.json({ roadmaps: await visibleRoadMaps(deps.sql, c.get('actor')) }, 200));

  app.openapi(routes.create, async (c) => {
    const result = await createRoadMapDraft(deps, c.get('actor'), c.req.valid('json'), c.get('commandId'), c.get('idempotencyKey') !== null);
    return c.json(result, 201);
  });

  app.openapi(routes.get, async (c) => c.json(await roadMapWithVersions(deps.sql, c.get('actor'), c.req.valid('param').id), 200));

  app.openapi(routes.edit, async (c) => {
    return c.json(await editRoadMapDraft(deps, c.get('actor'), c.req.valid('param').id, c.req.valid('json'), c.get('commandId')), 200);
  });

  app.openapi(routes.submit, async (c) => {
    return c.json(await submitRoadMap(deps, c.get('actor'), c.req.valid('param').id, c.get('commandId')), 200);
  });

  app.openapi(routes.approve, async (c) => {
    // No body approves without files, as before; a body is parsed (and refused naming its field) only when there is one.
    const raw = await c.req.text();
    const refs = raw.trim() ? c.req.valid('json').attachments : [];
    return c.json(await approveRoadMap(deps, c.get('actor'), c.req.valid('param').id, c.get('commandId'), refs), 200);
  });

  app.openapi(routes.return, async (c) => {
    const { comment } = c.req.valid('json');
    return c.json(await returnRoadMap(deps, c.get('actor'), c.req.valid('param').id, comment, c.get('commandId')), 200);
  });

  app.openapi(routes.amend, async (c) => {
    // An empty body copies the approved version; the body is only parsed when there is one.
    const raw = await c.req.text();
    const document = raw.trim() ? c.req.valid('json').document : undefined;
    return c.json(await startRoadMapAmendment(deps, c.get('actor'), c.req.valid('param').id, document, c.get('commandId')), 201);
  });

  app.openapi(routes.diff, async (c) => {
    const { from, to } = c.req.valid('query');
    return c.json({ from, to, diff: await roadMapVersionsDiff(deps, c.get('actor'), c.req.valid('param').id, from, to) }, 200);
  });

  app.openapi(routes.items, async (c) => {
    return c.json(await roadMapExecutions(deps.sql, c.get('actor'), c.req.valid('param').id, c.req.valid('query')), 200);
  });

  app.openapi(routes.events, async (c) => {
    return c.json({ events: await roadMapEvents(deps.sql, c.get('actor'), c.req.valid('param').id, c.req.valid('query')) }, 200);
  });

  return app;
}
