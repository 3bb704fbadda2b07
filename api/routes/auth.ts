import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { Context, MiddlewareHandler } from 'hono';
import { ErrorBody, validationHook } from '../errors.js';
import type { ApiDeps, AppEnv } from '../app-env.js';
import { named } from '../schemas.js';
import { LoginRequest as LoginInput } from '../../services/auth/sessions.js';
import { requestAddress } from '../../services/auth/client-address.js';
import { passwordLoginOffMessage } from '../../services/auth/password-login-switch.js';
import { apiTokenHolder, isApiToken } from '../../services/accounts/api-tokens.js';

declare module 'hono' {
  interface ContextVariableMap {
    /** What authenticated the request: a login session, or a personal API token (docs/accounts.md). */
    credential: 'session' | 'api_token';
    bearerToken: string;
  }
}

/** What a person who must replace an initial password may still do through the API. */
const WHILE_PASSWORD_CHANGE_REQUIRED = new Set(['/api/account/password', '/api/auth/logout']);

export const LoginRequest = named(LoginInput, 'LoginRequest');
const LoginResponse = z
  .object({ token: z.string(), expiresAt: z.string(), mustChangePassword: z.boolean().openapi({ description: 'начальный пароль: до смены (POST /api/account/password) остальное отвечает 403' }) })
  .openapi('LoginResponse');

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
    403: { description: 'Вход по паролю отключён (PASSWORD_LOGIN=off)', content: { 'application/json': { schema: ErrorBody } } },
    429: { description: 'Слишком много неудачных попыток: повторите после Retry-After секунд', content: { 'application/json': { schema: ErrorBody } } },
  },
});

const logoutRoute = createRoute({
  method: 'post',
  path: '/api/auth/logout',
  tags: ['auth'],
  summary: 'Выход: токен больше не действует',
  security: [{ Bearer: [] }],
  responses: {
    204: { description: 'Сессия закрыта' },
    401: { description: 'Нет сессии', content: { 'application/json': { schema: ErrorBody } } },
  },
});

const bearer = (c: Context) => /^Bearer\s+(\S+)$/i.exec(c.req.header('authorization') ?? '')?.[1] ?? null;

export function authRoutes(deps: ApiDeps) {
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
  app.openapi(loginRoute, async (c) => {
    const { login, password } = c.req.valid('json');
    if (deps.passwordLogin === false) {
      return c.json({ error: { code: 'forbidden', message: passwordLoginOffMessage(deps.sso?.config.displayName ?? null), details: [] } }, 403);
    }
    const outcome = await deps.sessions.login(login, password, requestAddress(c));
    if (outcome.kind === 'throttled') {
      c.header('Retry-After', String(outcome.retryAfterSeconds));
      return c.json({ error: { code: 'too_many_requests', message: `слишком много неудачных попыток входа: повторите через ${outcome.retryAfterSeconds} с`, details: [] } }, 429);
    }
    if (outcome.kind === 'invalid') return c.json({ error: { code: 'unauthorized', message: 'неверный логин или пароль', details: [] } }, 401);
    return c.json({ token: outcome.token, expiresAt: outcome.expiresAt.toISOString(), mustChangePassword: outcome.mustChangePassword }, 200);
  });
  return app;
}

/** Mounted after requireActor, so only a live token reaches it. */
export function logoutRoutes(deps: ApiDeps) {
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
  app.openapi(logoutRoute, async (c) => {
    await deps.sessions.revoke(bearer(c)!);
    return c.body(null, 204);
  });
  return app;
}

/**
 * Every /api route but the public ones: a live session or personal API token, resolved to the
 * acting person. Someone who must replace an initial password gets 403 for the rest until they have.
 */
export function requireActor(deps: ApiDeps): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const token = bearer(c);
    if (!token) return c.json({ error: { code: 'unauthorized', message: 'нужен заголовок Authorization: Bearer <токен>', details: [] } }, 401);
    const byToken = isApiToken(token);
    // A session token is random base64url, so one in ~17 million starts with the prefix too: then it is looked up as a session.
    const asApiToken = byToken ? await apiTokenHolder(deps.sql, token) : null;
    const holder = asApiToken ?? (await deps.sessions.resolve(token));
    if (!holder) return c.json({ error: { code: 'unauthorized', message: byToken ? 'API-токен не найден, отозван или истёк' : 'сессия не найдена или истекла', details: [] } }, 401);
    if (holder.mustChangePassword && !WHILE_PASSWORD_CHANGE_REQUIRED.has(c.req.path)) {
      return c.json({ error: { code: 'password_change_required', message: 'сначала смените начальный пароль: POST /api/account/password (или страница /account/password)', details: [] } }, 403);
    }
    c.set('actor', holder.actor);
    c.set('credential', asApiToken ? 'api_token' : 'session');
    c.set('bearerToken', token);
    await next();
  };
}
