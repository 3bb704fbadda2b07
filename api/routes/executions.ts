import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { CompletionReport } from '../../domain/completion-report.js';
import { Deadline, resolveDeadline } from '../../domain/deadline.js';
import { refusal, RefusedError } from '../../domain/refusal.js';
import {
  acceptExecutionUpdate,
  completeExecutionUpdate,
  decideExtensionUpdate,
  requestExtensionUpdate,
  returnExecutionUpdate,
} from '../../workflows/messages.js';
import { actingActor } from '../acting.js';
import type { ApiDeps, AppEnv } from '../app-env.js';
import { validationHook } from '../errors.js';
import { executionView, readableExecution } from '../execution-read-model.js';
import { errors, ExecutionCommandResult, IdParam, ItemExecution, json } from '../schemas.js';
import { sendCommand } from '../workflow-commands.js';

const tags = ['executions'];
const security = [{ Bearer: [] }];
const body = <T>(schema: T) => ({ body: { content: { 'application/json': { schema } }, required: true } });

const ExtensionRequestBody = z
  .object({
    newDeadline: Deadline.openapi('Deadline'),
    reason: z.string().trim().min(1, 'укажите причину переноса').max(5000),
  })
  .strict();
const DecisionBody = z
  .object({ granted: z.boolean(), comment: z.string().trim().max(5000).default('') })
  .strict()
  .refine((d) => d.granted || d.comment.length > 0, { path: ['comment'], message: 'при отказе укажите причину' });

const routes = {
  get: createRoute({ method: 'get', path: '/api/executions/{id}', tags, security, summary: 'Исполнение мероприятия',
    request: { params: IdParam }, responses: { 200: json(ItemExecution, 'Исполнение'), ...errors } }),
  complete: createRoute({ method: 'post', path: '/api/executions/{id}/complete', tags, security, summary: 'Отчитаться о выполнении (исполнитель)',
    request: { params: IdParam, ...body(CompletionReport.openapi('CompletionReport')) }, responses: { 200: json(ExecutionCommandResult, 'На приёмке'), ...errors } }),
  accept: createRoute({ method: 'post', path: '/api/executions/{id}/accept', tags, security, summary: 'Принять исполнение (контролирующее лицо; не автор отчёта)',
    request: { params: IdParam }, responses: { 200: json(ExecutionCommandResult, 'Принято'), ...errors } }),
  return: createRoute({ method: 'post', path: '/api/executions/{id}/return', tags, security, summary: 'Вернуть на доработку (контролирующее лицо)',
    request: { params: IdParam, ...body(z.object({ comment: z.string().trim().min(1, 'укажите, что доработать').max(5000) }).strict()) },
    responses: { 200: json(ExecutionCommandResult, 'Возвращено'), ...errors } }),
  extension: createRoute({ method: 'post', path: '/api/executions/{id}/extension-requests', tags, security,
    summary: 'Запросить перенос срока (исполнитель; до или после истечения срока)',
    request: { params: IdParam, ...body(ExtensionRequestBody) }, responses: { 201: json(ExecutionCommandResult, 'Запрос создан'), ...errors } }),
  decide: createRoute({ method: 'post', path: '/api/extension-requests/{id}/decision', tags, security,
    summary: 'Решение по запросу на перенос срока (контролирующее лицо)',
    request: { params: IdParam, ...body(DecisionBody) }, responses: { 200: json(ExecutionCommandResult, 'Решение принято'), ...errors } }),
};

const closed = refusal('conflict', 'исполнение мероприятия уже завершено');

export function executionRoutes(deps: ApiDeps) {
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
  const handle = (workflowId: string) => deps.temporal.workflow.getHandle(workflowId);

  app.openapi(routes.get, async (c) => {
    const row = await readableExecution(deps.sql, c.get('actor'), c.req.valid('param').id);
    return c.json(executionView(row, new Date()), 200);
  });

  app.openapi(routes.complete, async (c) => {
    const row = await readableExecution(deps.sql, c.get('actor'), c.req.valid('param').id);
    const actor = await actingActor(deps.sql, c.get('actor'), [row.executor_id]);
    const report = CompletionReport.parse(c.req.valid('json'));
    return c.json(await sendCommand(handle(row.workflow_id), completeExecutionUpdate, [{ actor, report }], c.get('commandId'), closed), 200);
  });

  app.openapi(routes.accept, async (c) => {
    const row = await readableExecution(deps.sql, c.get('actor'), c.req.valid('param').id);
    const actor = await actingActor(deps.sql, c.get('actor'), [row.controller_id]);
    return c.json(await sendCommand(handle(row.workflow_id), acceptExecutionUpdate, [{ actor }], c.get('commandId'), closed), 200);
  });

  app.openapi(routes.return, async (c) => {
    const row = await readableExecution(deps.sql, c.get('actor'), c.req.valid('param').id);
    const actor = await actingActor(deps.sql, c.get('actor'), [row.controller_id]);
    const { comment } = c.req.valid('json');
    return c.json(await sendCommand(handle(row.workflow_id), returnExecutionUpdate, [{ actor, comment }], c.get('commandId'), closed), 200);
  });

  app.openapi(routes.extension, async (c) => {
    const row = await readableExecution(deps.sql, c.get('actor'), c.req.valid('param').id);
    const actor = await actingActor(deps.sql, c.get('actor'), [row.executor_id]);
    const { newDeadline, reason } = c.req.valid('json');
    const [region] = await deps.sql<{ time_zone: string; workday_end: string | null }[]>`
      select g.time_zone, v.document->>'workdayEnd' as workday_end from roadmaps r join regions g on g.code = r.region_code
      join roadmap_versions v on v.roadmap_id = r.id and v.version = ${row.version} where r.id = ${row.roadmap_id}`;
    let newDeadlineAt: string;
    try {
      newDeadlineAt = resolveDeadline(newDeadline, region.time_zone, region.workday_end ?? undefined).toISOString();
    } catch (err) {
      throw new RefusedError(refusal('validation', 'срок вне производственного календаря', [{ field: 'newDeadline', message: (err as Error).message }]));
    }
    const result = await sendCommand(handle(row.workflow_id), requestExtensionUpdate, [{ actor, newDeadlineAt, newDeadline, reason }], c.get('commandId'), closed);
    return c.json(result, 201);
  });

  app.openapi(routes.decide, async (c) => {
    const requestId = c.req.valid('param').id;
    const [request] = await deps.sql<{ execution_id: string }[]>`select execution_id from extension_requests where id = ${requestId}`;
    if (!request) throw new RefusedError(refusal('not_found', `запрос на перенос срока «${requestId}» не найден`));
    const row = await readableExecution(deps.sql, c.get('actor'), request.execution_id);
    const actor = await actingActor(deps.sql, c.get('actor'), [row.controller_id]);
    const { granted, comment } = c.req.valid('json');
    return c.json(
      await sendCommand(handle(row.workflow_id), decideExtensionUpdate, [{ actor, requestId, granted, comment }], c.get('commandId'), closed),
      200,
    );
  });

  return app;
}
