import { OpenAPIHono } from '@hono/zod-openapi';
import type { ServiceDeps } from '../services/deps.js';
import { createSessions } from '../services/auth/sessions.js';
import { sessionPolicyFromEnv, type SessionPolicy } from '../services/auth/session-policy.js';
import { oidcConfigFromEnv, type OidcConfig } from '../services/auth/oidc-config.js';
import { createOidcLogin } from '../services/auth/oidc-login.js';
import { passwordLoginFromEnv } from '../services/auth/password-login-switch.js';
import type { AppEnv } from './app-env.js';
import { onError, validationHook } from './errors.js';
import { httpObservability } from './http-observability.js';
import { idempotency } from './idempotency.js';
import { refuseControlCharacters } from './control-characters.js';
import { securityHeaders } from './security-headers.js';
import { authRoutes, logoutRoutes, requireActor } from './routes/auth.js';
import { docsRoutes } from './docs/docs-routes.js';
import { executionRoutes } from './routes/executions.js';
import { healthRoutes } from './routes/health.js';
import { roadMapRoutes } from './routes/roadmaps.js';
import { taskRoutes } from './routes/tasks.js';
import { notificationRoutes } from './routes/notifications.js';
import { peopleRoutes } from './routes/people.js';
import { directoryRoutes } from './routes/directory.js';
import { monitoringRoutes } from './routes/monitoring.js';
import { documentRoutes } from './routes/documents.js';
import { webRoutes, webUploadRule } from '../web/index.js';
import { attachmentRoutes, uploadRule } from './routes/attachments.js';
import { bodyLimits, uploadsInFlightFromEnv, type BodyRule } from '../infra/http/body-limits.js';
import { regionRoutes } from './routes/regions.js';
import { pilotRoutes } from './routes/pilot.js';
import { accountRoutes, publicAccountRoutes } from './routes/accounts.js';
import { directoryImportRoutes } from './routes/directory-import.js';
import { pilotProgressRoutes } from './routes/pilot-progress.js';

/** /api routes that answer without a session: login, «Забыли пароль?», setting a password by a link. */
const PUBLIC_API_PATHS = new Set(['/api/auth/login', '/api/auth/password-reset', '/api/auth/set-password']);

/** Bodies above this are refused with 413 before they are parsed (a country-wide road map is well under it). */
export const MAX_BODY_BYTES = 2 * 1024 * 1024;

/**
 * What the composition root passes in; the sessions and single sign-on are built here, from env unless given
 * (`oidc: null` turns single sign-on off whatever the environment says).
 */
export type AppConfig = Omit<ServiceDeps, 'sessions' | 'sso'> & { sessionPolicy?: SessionPolicy; oidc?: OidcConfig | null; uploadsInFlight?: number };

export function createApp(config: AppConfig) {
  const { oidc: oidcGiven, sessionPolicy, ...rest } = config;
  const policy = sessionPolicy ?? sessionPolicyFromEnv();
  const sessions = createSessions(config.sql, policy);
  const oidc = oidcGiven === undefined ? oidcConfigFromEnv() : oidcGiven;
  const deps: ServiceDeps = {
    ...rest,
    sessions,
    sso: oidc ? createOidcLogin({ sql: config.sql, sessions, config: oidc, startsPerMinute: policy.ssoStartsPerMinute }) : null,
    passwordLogin: config.passwordLogin ?? passwordLoginFromEnv(),
  };
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
  app.onError(onError);
  app.notFound((c) => c.json({ error: { code: 'not_found', message: `нет такого адреса: ${c.req.method} ${c.req.path}`, details: [] } }, 404));
  // Outermost, so that every answer — error pages, 401s, 404s and 413s too — carries them.
  // The provider's origin may receive our forms' redirects (logout goes on to its end_session endpoint).
  app.use('*', securityHeaders({ formAction: oidc ? [oidc.issuer.origin] : [] }));
  // Next, so that every answer (413s and 401s included) is counted, timed and logged with its request id.
  app.use('*', ...httpObservability());
  app.use('*', refuseControlCharacters());
  // Every body's limit before anything reads it (the Idempotency-Key's hash, the CSRF check, validators, parsers):
  // uploads carry their own, larger one (api/routes/attachments.ts; the pages' forms with files: web/).
  const anyBody: BodyRule = {
    maxBytes: MAX_BODY_BYTES,
    refuse: (c, status, message) => c.json({ error: { code: status === 413 ? 'payload_too_large' : 'unavailable', message, details: [] } }, status),
  };
  const apiUpload = uploadRule(deps);
  app.use('*', bodyLimits((c) => apiUpload(c.req.method, c.req.path) ?? webUploadRule(deps, c.req.method, c.req.path) ?? anyBody, config.uploadsInFlight ?? uploadsInFlightFromEnv()));

  app.route('/', healthRoutes(deps));
  app.route('/', authRoutes(deps));
  app.route('/', publicAccountRoutes(deps));

  const authenticate = requireActor(deps);
  const replayCommands = idempotency(deps);
  app.use('/api/*', async (c, next) => (PUBLIC_API_PATHS.has(c.req.path) ? next() : authenticate(c, next)));
  // Not under /api/account/: a replayed answer would keep a new API token's secret in the idempotency store.
  app.use('/api/*', async (c, next) => (c.req.method === 'GET' || c.req.path.startsWith('/api/auth/') || c.req.path.startsWith('/api/account/') ? next() : replayCommands(c, next)));

  app.route('/', logoutRoutes(deps));

  // Before the road maps' `/{id}`: `import-template.xlsx` is not a road-map id.
  app.route('/', documentRoutes(deps));
  app.route('/', roadMapRoutes(deps));
  app.route('/', executionRoutes(deps));
  app.route('/', taskRoutes(deps));
  app.route('/', notificationRoutes(deps));
  app.route('/', peopleRoutes(deps));
  app.route('/', directoryRoutes(deps));
  app.route('/', monitoringRoutes(deps));
  app.route('/', attachmentRoutes(deps));
  app.route('/', regionRoutes(deps));
  app.route('/', pilotRoutes(deps));
  app.route('/', accountRoutes(deps));
  app.route('/', directoryImportRoutes(deps));
  app.route('/', pilotProgressRoutes(deps));
  // Participants' pages (cookie session + CSRF), outside /api.
  app.route('/', webRoutes(deps));

  app.openAPIRegistry.registerComponent('securitySchemes', 'Bearer', { type: 'http', scheme: 'bearer' });
  const info = {
    title: 'Дорожные карты ТФОМС и СМО',
    version: '0.1.0',
    description: 'Исполнение дорожных карт проекта «Поликлиника-образец»: утверждение, исполнение мероприятий, журнал событий.',
  };
  app.doc31('/openapi.json', { openapi: '3.1.0', info });
  app.route('/', docsRoutes(() => app.getOpenAPI31Document({ openapi: '3.1.0', info }) as never));
  return app;
}
