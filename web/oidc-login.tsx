import { Hono, type Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import type { ServiceDeps } from '../services/deps.js';
import { requestAddress } from '../services/auth/client-address.js';
import { ProviderUnavailableError, SsoStartThrottledError, type CallbackFailure, type OidcLogin } from '../services/auth/oidc-login.js';
import type { SsoRefusal } from '../services/auth/oidc-person.js';
import { Layout } from './components/layout.js';
import { landingPath } from './landing.js';
import { safeNext } from './login.js';
import { openSessionCookie, SESSION_COOKIE, secureRequest, type WebEnv } from './session/web-session.js';

/** The state of a login under way at the provider; the callback must echo it. SameSite=Lax: the provider's redirect back is a top-level GET from its site. */
const STATE_COOKIE = 'rm_oidc_state';
const STATE_PATH = '/auth/oidc';

const failures: Record<CallbackFailure, string> = {
  state: 'Вход устарел или уже завершён (страницу открыли повторно или из другого браузера). Начните вход заново.',
  provider_error: 'Провайдер входа отклонил запрос. Начните вход заново; если это повторяется, сообщите администратору.',
  code_refused: 'Провайдер входа не принял код входа: он уже использован или устарел. Начните вход заново.',
  token_invalid:
    'Ответ провайдера входа не прошёл проверку: срок действия подтверждения истёк или оно выдано не тем провайдером. Начните вход заново; если это повторяется, сообщите администратору.',
};

const refusals = (provider: string): Record<SsoRefusal, string> => ({
  unknown: `Учётная запись ${provider} не связана ни с одним сотрудником в системе. Сотрудников заводит администратор вашей организации: обратитесь к нему.`,
  ambiguous: `Эта учётная запись ${provider} подходит сразу нескольким сотрудникам в системе. Обратитесь к администратору вашей организации.`,
  deactivated: 'Ваша учётная запись в системе отключена. Если это ошибка, обратитесь к администратору вашей организации.',
  locked: 'Ваша учётная запись в системе заблокирована администратором. Обратитесь к администратору вашей организации.',
  email_unverified: `${provider} не подтвердил ваш адрес электронной почты. Подтвердите его у провайдера входа или обратитесь к администратору.`,
  no_claim: `${provider} не сообщил, кто вы (нет нужного атрибута учётной записи). Сообщите администратору.`,
});

const Notice = (p: { title: string; message: string; passwordLogin: boolean; retry?: boolean }) => (
  <Layout title={p.title}>
    <div class="card" style="max-width:40rem">
      <h1>{p.title}</h1>
      <div class="alert" role="alert">
        <p>{p.message}</p>
      </div>
      <p class="actions">
        <a class="button" href="/login">
          {p.retry ? 'Попробовать снова' : 'На страницу входа'}
        </a>
      </p>
      {p.passwordLogin ? <p class="muted">Вход по логину и паролю на странице входа по-прежнему работает.</p> : null}
    </div>
  </Layout>
);

/** The provider does not answer (or is misconfigured): a quick 503 that names it. */
export function providerUnavailablePage(c: Context, err: ProviderUnavailableError, passwordLogin: boolean) {
  const message =
    err.reason === 'issuer_mismatch'
      ? `Провайдер входа ${err.provider} представился не тем адресом, что указан в настройках системы (OIDC_ISSUER). Вход через него невозможен, пока администратор не исправит настройки.`
      : `Провайдер входа ${err.provider} не отвечает. Попробуйте ещё раз через несколько минут.`;
  return c.html(<Notice title="Вход временно недоступен" message={message} passwordLogin={passwordLogin} retry />, 503, { 'retry-after': '30' });
}

/**
 * Single sign-on pages: /auth/oidc/login sends the browser to the provider,
 * /auth/oidc/callback takes it back and opens the same cookie session as the
 * password form. Both are public (nobody is signed in yet).
 */
export function oidcPages(deps: ServiceDeps, sso: OidcLogin) {
  const app = new Hono<WebEnv>();
  const passwordLogin = deps.passwordLogin !== false;
  const provider = sso.config.displayName;

  app.onError((err, c) => {
    if (err instanceof ProviderUnavailableError) return providerUnavailablePage(c, err, passwordLogin);
    if (err instanceof SsoStartThrottledError) {
      const message = `Слишком много попыток входа через ${provider} с вашего адреса. Повторите через ${err.retryAfterSeconds} с.`;
      return c.html(<Notice title="Слишком много попыток входа" message={message} passwordLogin={passwordLogin} retry />, 429, { 'retry-after': String(err.retryAfterSeconds) });
    }
    throw err;
  });

  app.get('/auth/oidc/login', async (c) => {
    // No `next`: the callback sends the person where a password login would (landingPath), not to «Мои задачи» for all.
    const next = c.req.query('next') ? safeNext(c.req.query('next')) : '';
    const token = getCookie(c, SESSION_COOKIE);
    const signedIn = token ? await deps.sessions.actor(token) : null;
    if (signedIn) return c.redirect(next || landingPath(signedIn), 303);
    const { url, state } = await sso.begin(next, requestAddress(c));
    setCookie(c, STATE_COOKIE, state, { httpOnly: true, sameSite: 'Lax', secure: secureRequest(c), path: STATE_PATH, maxAge: sso.config.transactionSeconds });
    return c.redirect(url.href, 302);
  });

  app.get('/auth/oidc/callback', async (c) => {
    const query = new URL(c.req.url).searchParams;
    const outcome = await sso.complete(query, getCookie(c, STATE_COOKIE), requestAddress(c));
    deleteCookie(c, STATE_COOKIE, { path: STATE_PATH, secure: secureRequest(c) });
    if (outcome.kind === 'failed') {
      return c.html(<Notice title="Вход не выполнен" message={failures[outcome.failure]} passwordLogin={passwordLogin} retry />, 400);
    }
    if (outcome.kind === 'refused') {
      return c.html(<Notice title="Вход не выполнен" message={refusals(provider)[outcome.reason]} passwordLogin={passwordLogin} />, 403);
    }
    openSessionCookie(c, outcome);
    const actor = outcome.next ? null : await deps.sessions.actor(outcome.token);
    return c.redirect(outcome.next || (actor ? landingPath(actor) : '/tasks'), 303);
  });

  /**
   * The provider's back-channel logout (server to server, no browser, no cookie, so no CSRF token): a form post
   * with `logout_token`. 200 when it was taken (also when it named no session here), 400 with the OAuth error
   * shape when it is not a valid logout token, 503 when the provider's keys cannot be fetched (it retries).
   */
  app.post('/auth/oidc/backchannel-logout', async (c) => {
    const noStore = { 'cache-control': 'no-store' };
    const body = (await c.req.parseBody().catch(() => null)) ?? {};
    const token = typeof body.logout_token === 'string' ? body.logout_token.trim() : '';
    if (!token || token.length > 16_384) {
      return c.json({ error: 'invalid_request', error_description: 'logout_token is required' }, 400, noStore);
    }
    const outcome = await sso.endSessionsFromProvider(token, requestAddress(c));
    if (outcome.kind === 'unavailable') return c.json({ error: 'temporarily_unavailable', error_description: `identity provider ${provider} keys unavailable` }, 503, { ...noStore, 'retry-after': '30' });
    if (outcome.kind === 'refused') return c.json({ error: 'invalid_request', error_description: outcome.reason }, 400, noStore);
    return c.body(null, 200, noStore);
  });

  return app;
}
