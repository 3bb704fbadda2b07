import { Hono } from 'hono';
import { landingPath } from './landing.js';
import { getCookie } from 'hono/cookie';
import type { ServiceDeps } from '../services/deps.js';
import { LoginRequest } from '../services/auth/sessions.js';
import { ErrorSummary, Field, parseWith, type FormState } from './components/forms.js';
import { Layout } from './components/layout.js';
import { loginCsrf, loginCsrfValid, SESSION_COOKIE, signIn, signOut, type WebEnv } from './session/web-session.js';

const labels = { login: 'Логин', password: 'Пароль' };

/** Only a path of this site: an open redirect would let a link send people elsewhere after login. */
export const safeNext = (next: unknown) => (typeof next === 'string' && /^\/(?!\/)[^\\\s]*$/.test(next) && !next.startsWith('/login') ? next : '/tasks');

const LoginPage = (p: { form: FormState; csrf: string; next: string }) => (
  <Layout title="Вход">
    <div class="card" style="max-width:28rem">
      <h1>Вход</h1>
      <p class="muted">Дорожные карты проекта «Поликлиника-образец»: задачи, приёмка, утверждение.</p>
      <ErrorSummary form={p.form} labels={labels} />
      <form method="post" action="/login" novalidate>
        <input type="hidden" name="_csrf" value={p.csrf} />
        <input type="hidden" name="next" value={p.next} />
        <Field form={p.form} name="login" label={labels.login} required autocomplete="username" autofocus={!p.form.values.login} />
        <Field form={p.form} name="password" label={labels.password} type="password" required autocomplete="current-password" />
        <div class="actions">
          <button type="submit">Войти</button>
        </div>
      </form>
    </div>
  </Layout>
);

export function loginPages(deps: ServiceDeps) {
  const app = new Hono<WebEnv>();

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
    // Without a page to return to, each lands where their work is (the pilot's cockpit for ФОМС and curators).
    const actor = next ? null : await deps.sessions.actor(outcome.token);
    return c.redirect(next || (actor ? landingPath(actor) : '/tasks'), 303);
  });

  app.post('/logout', async (c) => {
    await signOut(c, deps, c.get('sessionToken'));
    return c.redirect('/login', 303);
  });

  return app;
}
