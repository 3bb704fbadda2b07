import { Hono, type Context } from 'hono';
import type { ServiceDeps } from '../../services/deps.js';
import { accountHolder } from '../../services/accounts/administered-person.js';
import { accountOf, lockAccount, resendInvitation, unlockAccount } from '../../services/accounts/index.js';
import { Hidden } from '../components/forms.js';
import { frameFor, Layout } from '../components/layout.js';
import type { WebEnv } from '../session/web-session.js';

const flashes: Record<string, string> = {
  sent: 'Приглашение отправлено; прежняя ссылка больше не действует.',
  logged: 'Приглашение выдано, но почта не настроена (SMTP_URL): письмо записано в журнал сервера.',
  no_address: 'У сотрудника не указан адрес электронной почты: приглашение не выдано.',
  failed: 'Почтовый сервер не принял письмо. Попробуйте отправить ещё раз позже.',
  locked: 'Учётная запись заблокирована; сеансы сотрудника завершены.',
  unlocked: 'Учётная запись разблокирована.',
};

/**
 * A person's account for the administrator of their region: who it is (with a link back to the
 * person's directory page, which links here as «Учётная запись»), state, «Отправить приглашение ещё
 * раз», lock and unlock.
 */
export function personAccountPages(deps: ServiceDeps) {
  const app = new Hono<WebEnv>();
  const path = (id: string) => `/account/people/${encodeURIComponent(id)}`;

  app.get('/account/people/:id', async (c) => {
    const id = c.req.param('id');
    // accountOf decides who may see the account; the holder's name comes from the same row (not part of the API's answer).
    const account = await accountOf(deps, c.get('actor'), id);
    const fullName = (await accountHolder(deps.sql, id))?.fullName ?? account.login;
    const frame = await frameFor(c, deps, { title: `Учётная запись: ${fullName}`, flash: flashes[c.req.query('ok') ?? ''] ?? null });
    const csrf = c.get('csrfToken');
    const state = account.deactivated
      ? 'деактивирована'
      : account.locked
        ? 'заблокирована'
        : !account.hasPassword
          ? account.queuedInvitation?.state === 'given_up'
            ? `пароль не задан: приглашение не отправлено — почтовый сервер не принял письмо (попыток: ${account.queuedInvitation.attempts}); отправьте его ещё раз`
            : account.queuedInvitation
              ? `пароль не задан: приглашение из загрузки справочника ждёт отправки${account.queuedInvitation.attempts ? ` (попыток: ${account.queuedInvitation.attempts})` : ''}`
              : 'приглашён, пароль ещё не задан'
          : account.mustChangePassword
            ? 'действует (начальный пароль не сменён)'
            : 'действует';
    return c.html(
      <Layout {...frame}>
        <h1>Учётная запись: {fullName}</h1>
        <p>
          <a href={`/directory/people/${encodeURIComponent(id)}`} id="person-link">Сотрудник в справочнике: {fullName}</a>
        </p>
        <div class="card">
          <dl class="facts">
            <dt>Сотрудник</dt>
            <dd>{fullName}</dd>
            <dt>Логин</dt>
            <dd>{account.login}</dd>
            <dt>Состояние</dt>
            <dd data-state>{state}</dd>
          </dl>
          <div class="actions">
            {!account.hasPassword && !account.deactivated ? (
              <form method="post" action={`${path(id)}/invitation`}>
                <Hidden csrf={csrf} />
                <button type="submit">Отправить приглашение ещё раз</button>
              </form>
            ) : null}
            {account.deactivated ? null : account.locked ? (
              <form method="post" action={`${path(id)}/unlock`}>
                <Hidden csrf={csrf} />
                <button type="submit">Разблокировать</button>
              </form>
            ) : (
              <form method="post" action={`${path(id)}/lock`}>
                <Hidden csrf={csrf} />
                <button type="submit" class="danger">Заблокировать</button>
              </form>
            )}
          </div>
        </div>
      </Layout>,
    );
  });

  const done = (c: Context<WebEnv>, ok: string) => c.redirect(`${path(c.req.param('id')!)}?ok=${ok}`, 303);
  app.post('/account/people/:id/invitation', async (c) => done(c, (await resendInvitation(deps, c.get('actor'), c.req.param('id'), 'page')).delivery));
  app.post('/account/people/:id/lock', async (c) => {
    await lockAccount(deps, c.get('actor'), c.req.param('id'), 'page');
    return done(c, 'locked');
  });
  app.post('/account/people/:id/unlock', async (c) => {
    await unlockAccount(deps, c.get('actor'), c.req.param('id'), 'page');
    return done(c, 'unlocked');
  });
  return app;
}
