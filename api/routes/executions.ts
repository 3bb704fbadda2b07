import { createRoute, OpenAPIHono } from '@hono/zod-openapi';
import { CompletionReport } from '../../domain/completion-report.js';
import { Deadline } from '../../domain/deadline.js';
import type { ApiDeps, AppEnv } from '../app-env.js';
import { acceptExecution, completeExecution, decideExtensionRequest, requestExtension, returnExecution } from '../../services/executions/execution-commands.js';
import { validationHook } from '../errors.js';
import { DecisionBody, ExtensionRequestBody, ReturnExecutionBody } from '../../services/executions/execution-inputs.js';
import { executionView, readableExecution } from '../../services/executions/execution-read-model.js';
import { errors, ExecutionCommandResult, IdParam, ItemExecution, json, named } from '../schemas.js';

const tags = ['executions'];
const security = [{ Bearer: [] }];
const body = <T>(schema: T) => ({ body: { content: { 'application/json': { schema } }, required: true } });

// The inputs live with the services (the web forms parse them too); here they are named in the OpenAPI document.
named(Deadline, 'Deadline');
export { DecisionBody, ExtensionRequestBody, ReturnExecutionBody };

const routes = {
  get: createRoute({ method: 'get', path: '/api/executions/{id}', tags, security, summary: 'Исполнение мероприятия',
    request: { params: IdParam }, responses: { 200: json(ItemExecution, 'Исполнение'), ...errors } }),
  complete: createRoute({ method: 'post', path: '/api/executions/{id}/complete', tags, security, summary: 'Отчитаться о выполнении (исполнитель)',
    request: { params: IdParam, ...body(named(CompletionReport, 'CompletionReport')) }, responses: { 200: json(ExecutionCommandResult, 'На приёмке'), ...errors } }),
  accept: createRoute({ method: 'post', path: '/api/executions/{id}/accept', tags, security, summary: 'Принять исполнение (контролирующее лицо; не автор отчёта)',
    request: { params: IdParam }, responses: { 200: json(ExecutionCommandResult, 'Принято'), ...errors } }),
  return: createRoute({ method: 'post', path: '/api/executions/{id}/return', tags, security, summary: 'Вернуть на доработку (контролирующее лицо)',
    request: { params: IdParam, ...body(ReturnExecutionBody) },
    responses: { 200: json(ExecutionCommandResult, 'Возвращено'), ...errors } }),
  extension: createRoute({ method: 'post', path: '/api/executions/{id}/extension-requests', tags, security,
    summary: 'Запросить перенос срока (исполнитель; до или после истечения срока)',
    request: { params: IdParam, ...body(ExtensionRequestBody) }, responses: { 201: json(ExecutionCommandResult, 'Запрос создан'), ...errors } }),
  decide: createRoute({ method: 'post', path: '/api/extension-requests/{id}/decision', tags, security,
    summary: 'Решение по запросу на перенос срока (контролирующее лицо)',
    request: { params: IdParam, ...body(DecisionBody) }, responses: { 200: json(ExecutionCommandResult, 'Решение принято'), ...errors } }),
};

export function executionRoutes(deps: ApiDeps) {
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });

  app.openapi(routes.get, async (c) => {
    const row = await readableExecution(deps.sql, c.get('actor'), c.req.valid('param').id);
    return c.json(executionView(row, new Date()), 200);
  });

  app.openapi(routes.complete, async (c) => {
    const report = CompletionReport.parse(c.req.valid('json'));
    return c.json(await completeExecution(deps, c.get('actor'), c.req.valid('param').id, report, c.get('commandId')), 200);
  });

  app.openapi(routes.accept, async (c) => {
    return c.json(await acceptExecution(deps, c.get('actor'), c.req.valid('param').id, c.get('commandId')), 200);
  });

  app.openapi(routes.return, async (c) => {
    const { comment } = c.req.valid('json');
    return c.json(await returnExecution(deps, c.get('actor'), c.req.valid('param').id, comment, c.get('commandId')), 200);
  });

  app.openapi(routes.extension, async (c) => {
    return c.json(await requestExtension(deps, c.get('actor'), c.req.valid('param').id, c.req.valid('json'), c.get('commandId')), 201);
  });

  app.openapi(routes.decide, async (c) => {
    return c.json(await decideExtensionRequest(deps, c.get('actor'), c.req.valid('param').id, c.req.valid('json'), c.get('commandId')), 200);
  });

  return app;
}
