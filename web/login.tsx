import { Hono } from 'hono';
import { landingPath } from './landing.js';
import { getCookie } from 'hono/cookie';
import type { ServiceDeps } from '../services/deps.js';
import { LoginRequest } from '../services/auth/sessions.js';
import { passwordLoginOffMessage } from '../services/auth/password-login-switch.js';
import { ErrorSummary, Field, parseWith, type FormState } from './components/forms.js';
import { Layout } from './components/layout.js';
import { loginCsrf, loginCsrfValid, PASSWORD_CHANGE_PATH, SESSION_COOKIE, signIn, signOut, type WebEnv } from './session/web-session.js';

const labels = { login: 'Логин', password: 'Пароль' };

/** Only a path of this site: an open redirect would let a link send people elsewhere after login. */
export const safeNext = (next: unknown) => (typeof next === 'string' && /^\/(?!\/)[^\\\s]*$/.test(next) && !next.startsWith('/login') ? next : '/tasks');

/** How people may sign in here: the provider's button (single sign-on), the password form, or both. */
interface Methods {
  sso: string | null;
  password: boolean;
}

const LoginView = (p: { form: FormState; csrf: string; next: string; methods: Methods }) => (
  <Layout title="Вход">
    <div class="card" style="max-width:28rem">
      <h1>Вход</h1>
      <p class="muted">Дорожные карты проекта «Поликлиника-образец»: задачи, приёмка, утверждение.</p>
      <ErrorSummary form={p.form} labels={labels} />
      {!p.methods.sso && !p.methods.password ? (
        <div class="alert" role="alert">
          <p>{passwordLoginOffMessage(null)} Единый вход не настроен: обратитесь к администратору.</p>
        </div>
      ) : null}
      {p.methods.sso ? (
        <p class="actions">
          <a class="button" href={`/auth/oidc/login?next=${encodeURIComponent(p.next)}`}>
            Войти через {p.methods.sso}
          </a>
        </p>
      ) : null}
      {p.methods.password ? (
        <form method="post" action="/login" novalidate>
          {p.methods.sso ? <h2>Или по логину и паролю</h2> : null}
          <input type="hidden" name="_csrf" value={p.csrf} />
          <input type="hidden" name="next" value={p.next} />
          <Field form={p.form} name="login" label={labels.login} required autocomplete="username" autofocus={!p.form.values.login && !p.methods.sso} />
          <Field form={p.form} name="password" label={labels.password} type="password" required autocomplete="current-password" />
          <div class="actions">
            <button type="submit" class={p.methods.sso ? 'secondary' : undefined}>
              Войти
            </button>
            <a href="/login/forgot">Забыли пароль?</a>
          </div>
        </form>
      ) : null}
    </div>
  </Layout>
);

export function loginPages(deps: ServiceDeps) {
  const app = new Hono<WebEnv>();
  const methods: Methods = { sso: deps.sso?.config.displayName ?? null, password: deps.passwordLogin !== false };
  const LoginPage = (p: { form: FormState; csrf: string; next: string }) => <LoginView {...p} methods={methods} />;

  app.get('/login', async (c) => {
    const token = getCookie(c, SESSION_COOKIE);
    // Empty: no page to return to, so each lands where their work is.
    const next = c.req.query('next') ? safeNext(c.req.query('next')) : '';
    const actor = token ? await deps.sessions.actor(token) : null;
    if (actor) return c.redirect(next || landingPath(actor), 303);
    return c.html(<LoginPage form={{ values: {}, errors: {} }} csrf={loginCsrf(c)} next={next} />);
  });

  app.post('/login', async (c) => {
    // A malformed body is refused like a stale form, never a 500.
    const body = (await c.req.parseBody().catch(() => null)) ?? {};
    const next = typeof body.next === 'string' && body.next ? safeNext(body.next) : '';
    const values = { login: typeof body.login === 'string' ? body.login : '' };
    if (!methods.password) {
      return c.html(<LoginPage form={{ values: {}, errors: {}, message: passwordLoginOffMessage(methods.sso) }} csrf={loginCsrf(c)} next={next} />, 403);
    }
    if (!loginCsrfValid(c, body._csrf)) {
      const form = { values, errors: {}, message: 'Форма устарела: войдите ещё раз.' };
      return c.html(<LoginPage form={form} csrf={loginCsrf(c)} next={next} />, 403);
    }
    const parsed = parseWith(LoginRequest, { login: values.login.trim(), password: typeof body.password === 'string' ? body.password : '' });
    if (!parsed.ok) return c.html(<LoginPage form={{ values, errors: parsed.errors }} csrf={loginCsrf(c)} next={next} />, 400);
    const outcome = await signIn(c, deps, parsed.data.login, parsed.data.password);
    if (outcome.kind === 'throttled') {
      c.header('Retry-After', String(outcome.retryAfterSeconds));
      const minutes = Math.ceil(outcome.retryAfterSeconds / 60);
      const form = { values, errors: {}, message: `Слишком много неудачных попыток входа. Повторите через ${minutes} мин.` };
      return c.html(<LoginPage form={form} csrf={loginCsrf(c)} next={next} />, 429);
    }
    if (outcome.kind === 'invalid') {
      const form = { values, errors: {}, message: 'Неверный логин или пароль.' };
      return c.html(<LoginPage form={form} csrf={loginCsrf(c)} next={next} />, 401);
    }
    // An initial password is replaced first (every other page answers 403 until then).
    if (outcome.mustChangePassword) return c.redirect(PASSWORD_CHANGE_PATH, 303);
    // Without a page to return to, each lands where their work is (the pilot's cockpit for ФОМС and curators).
    const actor = next ? null : await deps.sessions.actor(outcome.token);
    return c.redirect(next || (actor ? landingPath(actor) : '/tasks'), 303);
  });

  app.post('/logout', async (c) => {
    const idToken = await signOut(c, deps, c.get('sessionToken'));
    // A session the provider opened ends there too (RP-initiated logout), which sends the browser back to /login.
    const atProvider = idToken && deps.sso ? await deps.sso.logoutUrl(idToken) : null;
    return c.redirect(atProvider?.href ?? '/login', 303);
  });

  return app;
}
