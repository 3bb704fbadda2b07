import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { ApiDeps, AppEnv } from '../app-env.js';
import { validationHook } from '../errors.js';
import { errors, IdParam, json } from '../schemas.js';
import { appointSubstitute, SubstitutionBody, TransferBody, transferWork } from '../../services/people/substitutions-and-transfers.js';

const tags = ['people'];
const security = [{ Bearer: [] }];
const body = <T>(schema: T) => ({ body: { content: { 'application/json': { schema } }, required: true } });

const Moved = z.object({ executionId: z.string(), itemTitle: z.string(), roles: z.array(z.enum(['executor', 'controller'])) });

const routes = {
  substitute: createRoute({ method: 'post', path: '/api/substitutions', tags, security,
    summary: 'Назначить исполняющего обязанности на период: он получает задачи, уведомления и эскалации замещаемого',
    request: body(SubstitutionBody), responses: { 201: json(z.object({ id: z.string() }), 'Назначено'), ...errors } }),
  transfer: createRoute({ method: 'post', path: '/api/people/{id}/transfer', tags, security,
    summary: 'Передать всю открытую работу сотрудника другому (dryRun: только показать, что будет передано)',
    request: { params: IdParam, ...body(TransferBody) },
    responses: { 200: json(z.object({ transferId: z.string().nullable(), dryRun: z.boolean(), moved: z.array(Moved), skipped: z.array(Moved) }), 'Передано'), ...errors } }),
};

export function peopleRoutes(deps: ApiDeps) {
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });

  app.openapi(routes.substitute, async (c) => {
    return c.json(await appointSubstitute(deps.sql, c.get('actor'), c.req.valid('json'), c.get('commandId'), c.get('idempotencyKey') !== null), 201);
  });

  app.openapi(routes.transfer, async (c) => {
    return c.json(await transferWork(deps, c.get('actor'), c.req.valid('param').id, c.req.valid('json'), c.get('commandId')), 200);
  });

  return app;
}
