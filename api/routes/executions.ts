import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { CompletionReport } from '../../domain/completion-report.js';
import { acceptExecutionUpdate, completeExecutionUpdate, returnExecutionUpdate } from '../../workflows/messages.js';
import type { ApiDeps, AppEnv } from '../app-env.js';
import { validationHook } from '../errors.js';
import { executionView, readableExecution } from '../execution-read-model.js';
import { errors, ExecutionCommandResult, IdParam, ItemExecution, json } from '../schemas.js';
import { sendCommand } from '../workflow-commands.js';
import { refusal } from '../../domain/refusal.js';

const tags = ['executions'];
const security = [{ Bearer: [] }];
const body = <T>(schema: T) => ({ body: { content: { 'application/json': { schema } }, required: true } });

const routes = {
  get: createRoute({ method: 'get', path: '/api/executions/{id}', tags, security, summary: 'Исполнение мероприятия',
    request: { params: IdParam }, responses: { 200: json(ItemExecution, 'Исполнение'), ...errors } }),
  complete: createRoute({ method: 'post', path: '/api/executions/{id}/complete', tags, security, summary: 'Отчитаться о выполнении (исполнитель)',
    request: { params: IdParam, ...body(CompletionReport.openapi('CompletionReport')) }, responses: { 200: json(ExecutionCommandResult, 'На приёмке'), ...errors } }),
  accept: createRoute({ method: 'post', path: '/api/executions/{id}/accept', tags, security, summary: 'Принять исполнение (контролирующее лицо)',
    request: { params: IdParam }, responses: { 200: json(ExecutionCommandResult, 'Принято'), ...errors } }),
  return: createRoute({ method: 'post', path: '/api/executions/{id}/return', tags, security, summary: 'Вернуть на доработку (контролирующее лицо)',
    request: { params: IdParam, ...body(z.object({ comment: z.string().trim().min(1, 'укажите, что доработать').max(5000) }).strict()) },
    responses: { 200: json(ExecutionCommandResult, 'Возвращено'), ...errors } }),
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
    const actor = c.get('actor');
    const row = await readableExecution(deps.sql, actor, c.req.valid('param').id);
    const report = CompletionReport.parse(c.req.valid('json'));
    return c.json(await sendCommand(handle(row.workflow_id), completeExecutionUpdate, [{ actor, report }], c.get('commandId'), closed), 200);
  });

  app.openapi(routes.accept, async (c) => {
    const actor = c.get('actor');
    const row = await readableExecution(deps.sql, actor, c.req.valid('param').id);
    return c.json(await sendCommand(handle(row.workflow_id), acceptExecutionUpdate, [{ actor }], c.get('commandId'), closed), 200);
  });

  app.openapi(routes.return, async (c) => {
    const actor = c.get('actor');
    const row = await readableExecution(deps.sql, actor, c.req.valid('param').id);
    const { comment } = c.req.valid('json');
    return c.json(await sendCommand(handle(row.workflow_id), returnExecutionUpdate, [{ actor, comment }], c.get('commandId'), closed), 200);
  });

  return app;
}
