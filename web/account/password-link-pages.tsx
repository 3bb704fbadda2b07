import { Hono } from 'hono';
import type { ServiceDeps } from '../../services/deps.js';
import { linkIsLive, PasswordResetRequest, requestPasswordReset, SetPasswordBody, setPasswordWithLink, PASSWORD_MIN_LENGTH, PASSWORD_MAX_LENGTH } from '../../services/accounts/index.js';
import { RefusedError } from '../../domain/refusal.js';
import { ErrorSummary, Field, parseWith, type FormState } from '../components/forms.js';
import { Layout } from '../components/layout.js';
import { loginCsrf, loginCsrfValid, type WebEnv } from '../session/web-session.js';

/** Said for every address, known or not (the API says the same). */
const RESET_SENT =
  'Если этот адрес принадлежит сотруднику, на него отправлено письмо со ссылкой для восстановления пароля. Ссылка действует ограниченное время и один раз. Не пришло письмо — проверьте папку «Спам» или обратитесь к администратору.';

export const POLICY_HINT = `Не короче ${PASSWORD_MIN_LENGTH} и не длиннее ${PASSWORD_MAX_LENGTH} символов; подойдёт фраза из нескольких слов. Распространённые пароли не принимаются.`;

const forgotLabels = { email: 'Адрес электронной почты' };
const setLabels = { password: 'Новый пароль', confirm: 'Новый пароль ещё раз', token: 'Ссылка' };

const ForgotPage = (p: { form: FormState; csrf: string; sent?: boolean }) => (
  <Layout title="Восстановление пароля">
    <div class="card" style="max-width:32rem">
      <h1>Восстановление пароля</h1>
      {p.sent ? (
        <div class="flash" role="status">
          {RESET_SENT}
        </div>
      ) : (
        <>
          <p class="muted">Укажите адрес электронной почты, который записан в вашей учётной записи: мы пришлём ссылку, чтобы задать новый пароль.</p>
          <ErrorSummary form={p.form} labels={forgotLabels} />
          <form method="post" action="/login/forgot" novalidate>
            <input type="hidden" name="_csrf" value={p.csrf} />
            <Field form={p.form} name="email" label={forgotLabels.email} required autocomplete="email" autofocus={!p.form.values.email} />
            <div class="actions">
              <button type="submit">Отправить ссылку</button>
            </div>
          </form>
        </>
      )}
      <p>
        <a href="/login">Вернуться ко входу</a>
      </p>
    </div>
  </Layout>
);

const SetPasswordPage = (p: { form: FormState; csrf: string; token: string; who: { login: string; fullName: string; purpose: 'invitation' | 'reset' } }) => (
  <Layout title={p.who.purpose === 'invitation' ? 'Задайте пароль' : 'Новый пароль'}>
    <div class="card" style="max-width:32rem">
      <h1>{p.who.purpose === 'invitation' ? 'Задайте пароль' : 'Новый пароль'}</h1>
      <p>
        {p.who.fullName}, ваш логин: <strong>{p.who.login}</strong>
      </p>
      <ErrorSummary form={p.form} labels={setLabels} />
      <form method="post" action="/login/set-password" novalidate>
        <input type="hidden" name="_csrf" value={p.csrf} />
        <input type="hidden" name="token" value={p.token} />
        {/* For password managers: the account the new password belongs to. */}
        <input type="hidden" name="username" value={p.who.login} autocomplete="username" />
        <Field form={p.form} name="password" label={setLabels.password} type="password" required autocomplete="new-password" hint={POLICY_HINT} />
        <Field form={p.form} name="confirm" label={setLabels.confirm} type="password" required autocomplete="new-password" />
        <div class="actions">
          <button type="submit">Сохранить пароль</button>
        </div>
      </form>
    </div>
  </Layout>
);

const DeadLinkPage = () => (
  <Layout title="Ссылка недействительна">
    <div class="card" style="max-width:32rem">
      <h1>Ссылка недействительна</h1>
      <div class="alert" role="alert">
        <p>Ссылка уже использована, истекла или заменена новой.</p>
      </div>
      <p>
        Запросите новую: <a href="/login/forgot">восстановление пароля</a>, или попросите администратора отправить приглашение ещё раз.
      </p>
      <p>
        <a href="/login">Вернуться ко входу</a>
      </p>
    </div>
  </Layout>
);

const DonePage = (p: { login: string }) => (
  <Layout title="Пароль сохранён">
    <div class="card" style="max-width:32rem">
      <h1>Пароль сохранён</h1>
      <div class="flash" role="status">
        Теперь войдите с логином <strong>{p.login}</strong> и новым паролем.
      </div>
      <p>
        <a class="button" href="/login">Войти</a>
      </p>
    </div>
  </Layout>
);

const text = (v: unknown) => (typeof v === 'string' ? v : '');

/**
 * Before login, under /login/ so that the login form's CSRF cookie (path /login) covers them:
 * «Забыли пароль?» and the page an invitation or reset link opens.
 */
export function passwordLinkPages(deps: ServiceDeps) {
  const app = new Hono<WebEnv>();

  app.get('/login/forgot', (c) => c.html(<ForgotPage form={{ values: {}, errors: {} }} csrf={loginCsrf(c)} />));

  app.post('/login/forgot', async (c) => {
    const body = (await c.req.parseBody().catch(() => null)) ?? {};
    const values = { email: text(body.email) };
    if (!loginCsrfValid(c, body._csrf)) {
      return c.html(<ForgotPage form={{ values, errors: {}, message: 'Форма устарела: отправьте её ещё раз.' }} csrf={loginCsrf(c)} />, 403);
    }
    const parsed = parseWith(PasswordResetRequest, values);
    if (!parsed.ok) return c.html(<ForgotPage form={{ values, errors: parsed.errors }} csrf={loginCsrf(c)} />, 400);
    requestPasswordReset(deps, parsed.data);
    return c.html(<ForgotPage form={{ values: {}, errors: {} }} csrf={loginCsrf(c)} sent />);
  });

  app.get('/login/set-password', async (c) => {
    const token = c.req.query('token') ?? '';
    const who = await linkIsLive(deps, token);
    if (!who) return c.html(<DeadLinkPage />, 400);
    return c.html(<SetPasswordPage form={{ values: {}, errors: {} }} csrf={loginCsrf(c)} token={token} who={who} />);
  });

  app.post('/login/set-password', async (c) => {
    const body = (await c.req.parseBody().catch(() => null)) ?? {};
    const token = text(body.token);
    const who = await linkIsLive(deps, token);
    if (!who) return c.html(<DeadLinkPage />, 400);
    const page = (form: FormState, status: 400 | 403) => c.html(<SetPasswordPage form={form} csrf={loginCsrf(c)} token={token} who={who} />, status);
    if (!loginCsrfValid(c, body._csrf)) return page({ values: {}, errors: {}, message: 'Форма устарела: введите пароль ещё раз.' }, 403);
    const parsed = parseWith(SetPasswordBody, { token, password: text(body.password) });
    const errors = parsed.ok ? {} : { ...parsed.errors };
    if (!errors.password && text(body.password) !== text(body.confirm)) errors.confirm = 'пароли не совпадают';
    if (!parsed.ok || Object.keys(errors).length) return page({ values: {}, errors }, 400);
    try {
      const { login } = await setPasswordWithLink(deps, parsed.data, 'page');
      return c.html(<DonePage login={login} />);
    } catch (err) {
      if (err instanceof RefusedError) return c.html(<DeadLinkPage />, 400);
      throw err;
    }
  });

  return app;
}
