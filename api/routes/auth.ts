import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { MiddlewareHandler } from 'hono';
import { ErrorBody, validationHook } from '../errors.js';
import type { ApiDeps, AppEnv } from '../app-env.js';
import { named } from '../schemas.js';
import { LoginRequest as LoginInput, sessionActor, startSession } from '../../services/auth/sessions.js';

export const LoginRequest = named(LoginInput, 'LoginRequest');
const LoginResponse = z.object({ token: z.string(), expiresAt: z.string() }).openapi('LoginResponse');

const loginRoute = createRoute({
  method: 'post',
  path: '/api/auth/login',
  tags: ['auth'],
  summary: 'Вход: выдаёт токен для заголовка Authorization: Bearer',
  request: { body: { content: { 'application/json': { schema: LoginRequest } }, required: true } },
  responses: {
    200: { description: 'Токен', content: { 'application/json': { schema: LoginResponse } } },
    400: { description: 'Ошибка в данных', content: { 'application/json': { schema: ErrorBody } } },
    401: { description: 'Неверный логин или пароль', content: { 'application/json': { schema: ErrorBody } } },
  },
});

export function authRoutes(deps: ApiDeps) {
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
  app.openapi(loginRoute, async (c) => {
    const { login, password } = c.req.valid('json');
    const session = await startSession(deps, login, password);
    if (!session) return c.json({ error: { code: 'unauthorized', message: 'неверный логин или пароль', details: [] } }, 401);
    return c.json({ token: session.token, expiresAt: session.expiresAt.toISOString() }, 200);
  });
  return app;
}

/** Every /api route but login: a live session, resolved to the acting person. */
export function requireActor(deps: ApiDeps): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const header = c.req.header('authorization') ?? '';
    const m = /^Bearer\s+(\S+)$/i.exec(header);
    if (!m) return c.json({ error: { code: 'unauthorized', message: 'нужен заголовок Authorization: Bearer <токен>', details: [] } }, 401);
    const actor = await sessionActor(deps, m[1]);
    if (!actor) return c.json({ error: { code: 'unauthorized', message: 'сессия не найдена или истекла', details: [] } }, 401);
    c.set('actor', actor);
    await next();
  };
}

