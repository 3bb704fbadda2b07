import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { ApiDeps, AppEnv } from '../app-env.js';
import { validationHook } from '../errors.js';
import { errors, IdParam, json } from '../schemas.js';
import { refusal, RefusedError } from '../../domain/refusal.js';
import {
  accountOf,
  ApiTokenRequest,
  ChangePasswordBody,
  changePassword,
  createApiToken,
  listApiTokens,
  lockAccount,
  PasswordResetRequest,
  requestPasswordReset,
  resendInvitation,
  revokeApiToken,
  SetPasswordBody,
  setPasswordWithLink,
  unlockAccount,
} from '../../services/accounts/index.js';

const tags = ['accounts'];
const security = [{ Bearer: [] }];
const body = <T>(schema: T) => ({ body: { content: { 'application/json': { schema } }, required: true } });

const ApiToken = z
  .object({ id: z.string(), name: z.string(), createdAt: z.string(), expiresAt: z.string(), lastUsedAt: z.string().nullable(), revokedAt: z.string().nullable(), active: z.boolean() })
  .openapi('ApiToken');
const NewApiToken = ApiToken.extend({ token: z.string().openapi({ description: 'Показывается один раз: сохраните его сразу' }) }).openapi('NewApiToken');
const AccountState = z
  .object({
    personId: z.string(), login: z.string(), locked: z.boolean(), lockedAt: z.string().nullable(), deactivated: z.boolean(), hasPassword: z.boolean(), mustChangePassword: z.boolean(),
    queuedInvitation: z
      .object({ state: z.enum(['queued', 'given_up']), attempts: z.number().int() })
      .nullable()
      .optional()
      .openapi({ description: 'приглашение, которое ещё должна отправить загрузка справочника: в очереди (attempts — сколько раз уже пробовали), или отправка прекращена после EMAIL_MAX_ATTEMPTS отказов почтового сервера (отправьте его ещё раз)' }),
  })
  .openapi('AccountState');
const Invitation = z
  .object({ personId: z.string(), delivery: z.enum(['sent', 'logged', 'no_address', 'failed']), expiresAt: z.string().nullable() })
  .openapi('Invitation');
const Accepted = z.object({ message: z.string() }).openapi('PasswordResetAccepted');

/** Said for every address, known or not. */
export const RESET_ANSWER = 'Если этот адрес принадлежит сотруднику, на него отправлено письмо со ссылкой для восстановления пароля. Ссылка действует ограниченное время и один раз.';

const routes = {
  reset: createRoute({ method: 'post', path: '/api/auth/password-reset', tags, summary: 'Забыли пароль: письмо со ссылкой (ответ одинаков для любого адреса)',
    request: body(PasswordResetRequest), responses: { 202: json(Accepted, 'Принято'), 400: errors[400] } }),
  setPassword: createRoute({ method: 'post', path: '/api/auth/set-password', tags, summary: 'Задать пароль по ссылке из приглашения или письма восстановления (ссылка одноразовая)',
    request: body(SetPasswordBody), responses: { 200: json(z.object({ login: z.string() }), 'Пароль задан: войдите с ним'), 400: errors[400] } }),
  change: createRoute({ method: 'post', path: '/api/account/password', tags, security, summary: 'Сменить свой пароль (нужен текущий); другие сессии завершаются. Только сессия, не API-токен',
    request: body(ChangePasswordBody), responses: { 204: { description: 'Пароль изменён' }, ...errors } }),
  tokens: createRoute({ method: 'get', path: '/api/account/tokens', tags, security, summary: 'Мои API-токены (без самих секретов)',
    responses: { 200: json(z.object({ tokens: z.array(ApiToken) }), 'Токены'), 401: errors[401], 403: errors[403] } }),
  createToken: createRoute({ method: 'post', path: '/api/account/tokens', tags, security, summary: 'Создать API-токен для интеграции: показывается один раз. Только сессия, не API-токен',
    request: body(ApiTokenRequest), responses: { 201: json(NewApiToken, 'Создан'), ...errors } }),
  revokeToken: createRoute({ method: 'delete', path: '/api/account/tokens/{id}', tags, security, summary: 'Отозвать свой API-токен',
    request: { params: IdParam }, responses: { 204: { description: 'Отозван' }, ...errors } }),
  account: createRoute({ method: 'get', path: '/api/people/{id}/account', tags, security, summary: 'Учётная запись сотрудника (для администратора его региона)',
    request: { params: IdParam }, responses: { 200: json(AccountState, 'Состояние'), ...errors } }),
  invite: createRoute({ method: 'post', path: '/api/people/{id}/invitation', tags, security, summary: 'Отправить приглашение (ещё раз): прежняя ссылка перестаёт действовать',
    request: { params: IdParam }, responses: { 200: json(Invitation, 'Приглашение выдано'), ...errors } }),
  lock: createRoute({ method: 'post', path: '/api/people/{id}/lock', tags, security, summary: 'Заблокировать учётную запись: вход запрещён, сессии завершаются, API-токены не действуют',
    request: { params: IdParam }, responses: { 200: json(AccountState, 'Заблокирована'), ...errors } }),
  unlock: createRoute({ method: 'post', path: '/api/people/{id}/unlock', tags, security, summary: 'Разблокировать учётную запись',
    request: { params: IdParam }, responses: { 200: json(AccountState, 'Разблокирована'), ...errors } }),
};

/** The session's own token (the bearer): a personal API token may not do what only its owner in person may. */
function sessionOnly(c: Context<AppEnv>, what: string): void {
  if (c.get('credential') === 'api_token') throw new RefusedError(refusal('forbidden', `${what} — только во время сеанса (вход по логину и паролю), не по API-токену`));
}

/** Before login: «Забыли пароль?» and the set-password link. */
export function publicAccountRoutes(deps: ApiDeps) {
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
  app.openapi(routes.reset, async (c) => {
    requestPasswordReset(deps, c.req.valid('json'));
    return c.json({ message: RESET_ANSWER }, 202);
  });
  app.openapi(routes.setPassword, async (c) => c.json(await setPasswordWithLink(deps, c.req.valid('json')), 200));
  return app;
}

/** Mounted after requireActor. */
export function accountRoutes(deps: ApiDeps) {
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
  app.openapi(routes.change, async (c) => {
    sessionOnly(c, 'смена пароля');
    await changePassword(deps, c.get('actor'), c.get('bearerToken'), c.req.valid('json'));
    return c.body(null, 204);
  });
  app.openapi(routes.tokens, async (c) => c.json({ tokens: await listApiTokens(deps, c.get('actor')) }, 200));
  app.openapi(routes.createToken, async (c) => {
    sessionOnly(c, 'создание API-токена');
    return c.json(await createApiToken(deps, c.get('actor'), c.req.valid('json')), 201);
  });
  app.openapi(routes.revokeToken, async (c) => {
    await revokeApiToken(deps, c.get('actor'), c.req.valid('param').id);
    return c.body(null, 204);
  });
  app.openapi(routes.account, async (c) => c.json(await accountOf(deps, c.get('actor'), c.req.valid('param').id), 200));
  app.openapi(routes.invite, async (c) => {
    const outcome = await resendInvitation(deps, c.get('actor'), c.req.valid('param').id);
    return c.json({ personId: outcome.personId, delivery: outcome.delivery, expiresAt: outcome.expiresAt?.toISOString() ?? null }, 200);
  });
  app.openapi(routes.lock, async (c) => c.json(await lockAccount(deps, c.get('actor'), c.req.valid('param').id), 200));
  app.openapi(routes.unlock, async (c) => c.json(await unlockAccount(deps, c.get('actor'), c.req.valid('param').id), 200));
  return app;
}
