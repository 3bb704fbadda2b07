import { createHash, randomBytes } from 'node:crypto';
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { MiddlewareHandler } from 'hono';
import { ErrorBody, validationHook } from '../errors.js';
import type { ApiDeps, AppEnv } from '../app-env.js';
import { verifyPassword } from '../../services/auth/password.js';
import { actorFrom, type ActorRow } from '../../services/people/people-directory.js';

export const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

/** Checks the password and opens a session; null when the login or password is wrong. Shared with the web login form. */
export async function startSession(deps: ApiDeps, login: string, password: string): Promise<{ token: string; expiresAt: Date } | null> {
  const [person] = await deps.sql<{ id: string; password_hash: string }[]>`select id, password_hash from people where login = ${login}`;
  if (!person || !(await verifyPassword(password, person.password_hash))) return null;
  const token = randomBytes(32).toString('base64url');
  const expiresAt = new Date(Date.now() + (deps.tokenTtlMs ?? 12 * 3600_000));
  await deps.sql`insert into sessions (token_hash, person_id, expires_at) values (${hashToken(token)}, ${person.id}, ${expiresAt})`;
  return { token, expiresAt };
}

/** The person behind a live session token, or null when it is unknown or expired. */
export async function sessionActor(deps: ApiDeps, token: string) {
  const [row] = await deps.sql<ActorRow[]>`
    select p.id, p.full_name, p.organisation_id, o.kind, o.region_code, p.position, p.roles
    from sessions s join people p on p.id = s.person_id join organisations o on o.id = p.organisation_id
    where s.token_hash = ${hashToken(token)} and s.expires_at > now()`;
  return row ? actorFrom(row) : null;
}

export const LoginRequest = z
  .object({ login: z.string().min(1).max(100), password: z.string().min(1).max(200) })
  .strict()
  .openapi('LoginRequest');
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

