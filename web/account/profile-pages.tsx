import { Hono, type Context } from 'hono';
import { formatRuDateTime } from '../../domain/zoned-time.js';
import type { ServiceDeps } from '../../services/deps.js';
import { ApiTokenRequest, ChangePasswordBody, changePassword, createApiToken, listApiTokens, revokeApiToken, type ApiTokenInfo } from '../../services/accounts/index.js';
import { accountSettingsFromEnv } from '../../services/accounts/account-settings.js';
import { ErrorSummary, Field, formValues, Hidden, parseWith, refusalStatus, refusalToForm, type FormState } from '../components/forms.js';
import { frameFor, Layout, type Frame } from '../components/layout.js';
import { PASSWORD_CHANGE_PATH, type WebEnv } from '../session/web-session.js';
import { POLICY_HINT } from './password-link-pages.js';

const passwordLabels = { currentPassword: 'Текущий пароль', newPassword: 'Новый пароль', confirm: 'Новый пароль ещё раз' };
const tokenLabels = { name: 'Название (для какой интеграции)', expiresInDays: 'Срок действия, дней' };
const flashes: Record<string, string> = {
  password: 'Пароль изменён. Другие сеансы завершены, API-токены отозваны.',
  revoked: 'Токен отозван.',
};
const when = (iso: string | null) => (iso ? formatRuDateTime(new Date(iso), 'Europe/Moscow') : '—');

const PasswordForm = (p: { form: FormState; csrf: string; forced: boolean }) => (
  <form method="post" action={PASSWORD_CHANGE_PATH} novalidate>
    <Hidden csrf={p.csrf} />
    <Field form={p.form} name="currentPassword" label={p.forced ? 'Начальный пароль' : passwordLabels.currentPassword} type="password" required autocomplete="current-password" />
    <Field form={p.form} name="newPassword" label={passwordLabels.newPassword} type="password" required autocomplete="new-password" hint={POLICY_HINT} />
    <Field form={p.form} name="confirm" label={passwordLabels.confirm} type="password" required autocomplete="new-password" />
    <div class="actions">
      <button type="submit">Сменить пароль</button>
    </div>
  </form>
);

const TokenTable = (p: { tokens: ApiTokenInfo[]; csrf: string }) =>
  p.tokens.length ? (
    <div class="table-wrap">
      <table class="stack-sm">
        <caption class="visually-hidden">Мои API-токены</caption>
        <thead>
          <tr>
            <th scope="col">Название</th>
            <th scope="col">Создан</th>
            <th scope="col">Действует до</th>
            <th scope="col">Последнее использование</th>
            <th scope="col">Состояние</th>
            <th scope="col"><span class="visually-hidden">Действие</span></th>
          </tr>
        </thead>
        <tbody>
          {p.tokens.map((t) => (
            <tr data-token={t.id}>
              <td data-label="Название">{t.name}</td>
              <td data-label="Создан">{when(t.createdAt)}</td>
              <td data-label="Действует до">{when(t.expiresAt)}</td>
              <td data-label="Последнее использование">{when(t.lastUsedAt)}</td>
              <td data-label="Состояние">{t.revokedAt ? <span class="tag">отозван</span> : t.active ? <span class="tag ok">действует</span> : <span class="tag">истёк</span>}</td>
              <td>
                {t.active ? (
                  <form method="post" action={`/account/tokens/${encodeURIComponent(t.id)}/revoke`}>
                    <Hidden csrf={p.csrf} />
                    <button type="submit" class="danger" aria-label={`Отозвать токен «${t.name}»`}>Отозвать</button>
                  </form>
                ) : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  ) : (
    <p class="muted">Токенов нет.</p>
  );

/** «Профиль»: one's own password and personal API tokens. */
export function profilePages(deps: ServiceDeps) {
  const app = new Hono<WebEnv>();
  const maxDays = () => (deps.accountSettings ?? accountSettingsFromEnv()).apiTokenMaxDays;

  async function profile(c: Context<WebEnv>, o: { password?: FormState; token?: FormState; created?: { name: string; token: string; expiresAt: string }; status?: 200 | 400 | 403 | 404 | 409 }) {
    const actor = c.get('actor');
    const csrf = c.get('csrfToken');
    const frame: Frame = await frameFor(c, deps, { title: 'Профиль', flash: flashes[c.req.query('ok') ?? ''] ?? null });
    const tokens = await listApiTokens(deps, actor);
    const tokenForm = o.token ?? { values: { expiresInDays: String(Math.min(90, maxDays())) }, errors: {}, scope: 'token' };
    const passwordForm = o.password ?? { values: {}, errors: {}, scope: 'password' };
    return c.html(
      <Layout {...frame}>
        <h1>Профиль</h1>
        <div class="card">
          <dl class="facts">
            <dt>ФИО</dt>
            <dd>{actor.fullName}</dd>
          </dl>
        </div>
        <section class="card" aria-labelledby="password-title">
          <h2 id="password-title">Смена пароля</h2>
          <ErrorSummary form={passwordForm} labels={passwordLabels} />
          <PasswordForm form={passwordForm} csrf={csrf} forced={false} />
        </section>
        <section class="card" aria-labelledby="tokens-title">
          <h2 id="tokens-title">Мои API-токены</h2>
          <p class="muted">
            Токен даёт программе (интеграции) те же права в API, что и вам: заголовок <code>Authorization: Bearer &lt;токен&gt;</code>. Веб-страницы по токену не открываются; создать
            новый токен или сменить пароль по токену нельзя.
          </p>
          {o.created ? (
            <div class="flash" role="status" id="new-token">
              <p style="margin-top:0">
                Токен «{o.created.name}» создан и действует до {when(o.created.expiresAt)}. Скопируйте его сейчас: больше он показан не будет.
              </p>
              <label for="new-token-value">Токен</label>
              <input type="text" id="new-token-value" readonly value={o.created.token} autocomplete="off" spellcheck={false} />
            </div>
          ) : null}
          <TokenTable tokens={tokens} csrf={csrf} />
          <h3>Новый токен</h3>
          <ErrorSummary form={tokenForm} labels={tokenLabels} />
          <form method="post" action="/account/tokens" novalidate>
            <Hidden csrf={csrf} />
            <Field form={tokenForm} name="name" label={tokenLabels.name} required />
            <Field form={tokenForm} name="expiresInDays" label={tokenLabels.expiresInDays} type="number" inputmode="numeric" required hint={`от 1 до ${maxDays()}`} />
            <div class="actions">
              <button type="submit">Создать токен</button>
            </div>
          </form>
        </section>
      </Layout>,
      o.status ?? 200,
    );
  }

  async function forcedPage(c: Context<WebEnv>, form: FormState, status: 200 | 400 = 200) {
    const actor = c.get('actor');
    // A plain frame (no unread count or monitoring facts): its links answer 403, saying why, until the change.
    const frame: Frame = { title: 'Смена начального пароля', actor, csrf: c.get('csrfToken') };
    return c.html(
      <Layout {...frame}>
        <div class="card" style="max-width:36rem">
          <h1>Смените начальный пароль</h1>
          <p>Вы вошли с начальным паролем, выданным администратором. Задайте свой пароль: до этого остальные страницы недоступны.</p>
          <ErrorSummary form={form} labels={{ ...passwordLabels, currentPassword: 'Начальный пароль' }} />
          <PasswordForm form={form} csrf={c.get('csrfToken')} forced />
        </div>
      </Layout>,
      status,
    );
  }

  app.get('/account', (c) => profile(c, {}));

  app.get(PASSWORD_CHANGE_PATH, async (c) => (c.get('mustChangePassword') ? forcedPage(c, { values: {}, errors: {} }) : c.redirect('/account#password-title', 303)));

  app.post(PASSWORD_CHANGE_PATH, async (c) => {
    const body = await c.req.parseBody();
    const forced = c.get('mustChangePassword');
    const show = (form: FormState, status: 400 | 403 | 404 | 409) => (forced ? forcedPage(c, form, 400) : profile(c, { password: form, status }));
    const parsed = parseWith(ChangePasswordBody, { currentPassword: typeof body.currentPassword === 'string' ? body.currentPassword : '', newPassword: typeof body.newPassword === 'string' ? body.newPassword : '' });
    const errors = parsed.ok ? {} : { ...parsed.errors };
    if (!errors.newPassword && body.newPassword !== body.confirm) errors.confirm = 'пароли не совпадают';
    if (!parsed.ok || Object.keys(errors).length) return show({ values: {}, errors, scope: forced ? undefined : 'password' }, 400);
    try {
      await changePassword(deps, c.get('actor'), c.get('sessionToken'), parsed.data, 'page');
    } catch (err) {
      const form = refusalToForm(err, { values: {}, scope: forced ? undefined : 'password' });
      return show(form, refusalStatus(form.code));
    }
    return c.redirect(forced ? '/tasks' : '/account?ok=password', 303);
  });

  app.post('/account/tokens', async (c) => {
    const values = formValues(await c.req.parseBody());
    const parsed = parseWith(ApiTokenRequest, { name: values.name ?? '', expiresInDays: values.expiresInDays ?? '' });
    if (!parsed.ok) return profile(c, { token: { values, errors: parsed.errors, scope: 'token' }, status: 400 });
    try {
      const created = await createApiToken(deps, c.get('actor'), parsed.data, 'page');
      return profile(c, { created: { name: created.name, token: created.token, expiresAt: created.expiresAt } });
    } catch (err) {
      const form = refusalToForm(err, { values, scope: 'token' });
      return profile(c, { token: form, status: refusalStatus(form.code) });
    }
  });

  app.post('/account/tokens/:id/revoke', async (c) => {
    await revokeApiToken(deps, c.get('actor'), c.req.param('id'), 'page');
    return c.redirect('/account?ok=revoked', 303);
  });

  return app;
}
