import { z } from 'zod';
import type { Actor } from '../../domain/actor.js';
import { refusal, RefusedError } from '../../domain/refusal.js';
import { SingleLineText } from '../../domain/text.js';
import { logger } from '../../infra/observability/logger.js';
import { hashPassword, verifyPassword } from '../auth/password.js';
import { hashToken } from '../auth/sessions.js';
import type { ServiceDeps } from '../deps.js';
import { recordAccountChange } from './account-audit.js';
import { revokeApiTokens } from './api-tokens.js';
import { issueLink, linkPath, liveLink, spendLinks } from './account-links.js';
import { resetText, sendAccountMail } from './account-mail.js';
import { accountSettingsFromEnv } from './account-settings.js';
import { NewPassword, PASSWORD_MAX_LENGTH } from './password-policy.js';
import { resetThrottle } from './reset-throttle.js';

const log = logger.child({ component: 'accounts' });

export const ChangePasswordBody = z
  .object({
    currentPassword: z.string().min(1, 'введите текущий пароль').max(PASSWORD_MAX_LENGTH * 4),
    newPassword: NewPassword,
  })
  .strict();

export const SetPasswordBody = z
  .object({
    token: SingleLineText.min(1, 'нет ссылки').max(200),
    password: NewPassword,
  })
  .strict();

export const PasswordResetRequest = z.object({ email: SingleLineText.trim().min(1).max(320).email('введите адрес электронной почты') }).strict();

const linkRefused = refusal('validation', 'ссылка недействительна: она уже использована, истекла или заменена новой. Запросите новую.', [
  { field: 'token', message: 'ссылка недействительна' },
]);

/**
 * A password change by its owner, with the current password. Every other session of the person
 * and every API token ends in the same transaction (whoever knew the old password may have
 * made one); the session that made the change (`keepSessionToken`) stays.
 */
export async function changePassword(
  deps: Pick<ServiceDeps, 'sql'>,
  actor: Actor,
  keepSessionToken: string,
  body: z.output<typeof ChangePasswordBody>,
  source: 'api' | 'page' = 'api',
): Promise<void> {
  const [row] = await deps.sql<{ password_hash: string | null }[]>`select password_hash from people where id = ${actor.personId}`;
  const ok = row?.password_hash ? await verifyPassword(body.currentPassword, row.password_hash) : false;
  if (!ok) throw new RefusedError(refusal('validation', 'текущий пароль введён неверно', [{ field: 'currentPassword', message: 'неверный пароль' }]));
  if (await verifyPassword(body.newPassword, row!.password_hash!)) {
    throw new RefusedError(refusal('validation', 'новый пароль совпадает с текущим', [{ field: 'newPassword', message: 'выберите пароль, отличный от текущего' }]));
  }
  const hash = await hashPassword(body.newPassword);
  await deps.sql.begin(async (tx) => {
    await tx`update people set password_hash = ${hash}, must_change_password = false, password_changed_at = now() where id = ${actor.personId}`;
    await tx`delete from sessions where person_id = ${actor.personId} and token_hash <> ${hashToken(keepSessionToken)}`;
    const tokensRevoked = await revokeApiTokens(tx, actor.personId);
    await spendLinks(tx, actor.personId);
    await recordAccountChange(tx, { actorId: actor.personId, personId: actor.personId, action: 'password_changed', source, after: tokensRevoked.length ? { tokensRevoked } : undefined });
  });
}

/**
 * A password set through a single-use link (an invitation or a reset). The link and every
 * other outstanding link of the person are spent and all their sessions and API tokens end,
 * in one transaction: a reset is how an account is taken back.
 */
export async function setPasswordWithLink(deps: Pick<ServiceDeps, 'sql'>, body: z.output<typeof SetPasswordBody>, source: 'api' | 'page' = 'api'): Promise<{ login: string }> {
  // Hashed before the transaction: scrypt must not hold the row lock.
  const hash = await hashPassword(body.password);
  const login = await deps.sql.begin(async (tx) => {
    const link = await liveLink(tx, body.token, true);
    if (!link) throw new RefusedError(linkRefused);
    await tx`update people set password_hash = ${hash}, must_change_password = false, password_changed_at = now() where id = ${link.personId}`;
    await tx`delete from sessions where person_id = ${link.personId}`;
    const tokensRevoked = await revokeApiTokens(tx, link.personId);
    await spendLinks(tx, link.personId);
    await recordAccountChange(tx, {
      actorId: link.personId,
      personId: link.personId,
      action: link.purpose === 'invitation' ? 'password_set' : 'password_reset',
      source,
      after: tokensRevoked.length ? { tokensRevoked } : undefined,
    });
    return link.login;
  });
  return { login: login as string };
}

/** Whether a link still works (the set-password page says so before anyone types a password). */
export async function linkIsLive(deps: Pick<ServiceDeps, 'sql'>, token: string): Promise<{ login: string; fullName: string; purpose: 'invitation' | 'reset' } | null> {
  if (!token || token.length > 200) return null;
  const link = await liveLink(deps.sql, token, false);
  return link && { login: link.login, fullName: link.fullName, purpose: link.purpose };
}

/**
 * «Забыли пароль?»: a reset link to every active, unlocked person with this address (at most
 * PASSWORD_RESET_EMAILS_PER_HOUR requests per address are acted on, see reset-throttle.ts). The caller
 * answers the same at once whatever the address — the lookup, the link and the e-mail run after
 * the answer (`settled` is for tests and the command line) — so neither the answer nor its
 * timing tells whether the address is known.
 */
export function requestPasswordReset(deps: Pick<ServiceDeps, 'sql' | 'mailer' | 'accountSettings'>, body: z.output<typeof PasswordResetRequest>): { settled: Promise<number> } {
  const settled = sendResetLinks(deps, body.email).catch((err: Error) => {
    log.warn({ err: err.message }, 'password reset failed');
    return 0;
  });
  return { settled };
}

async function sendResetLinks(deps: Pick<ServiceDeps, 'sql' | 'mailer' | 'accountSettings'>, email: string): Promise<number> {
  const settings = deps.accountSettings ?? accountSettingsFromEnv();
  if (!(await resetThrottle(deps.sql).allow(email))) {
    log.warn('password reset e-mails for one address over the hourly limit: request dropped');
    return 0;
  }
  const people = await deps.sql<{ id: string; login: string; full_name: string; email: string }[]>`
    select id, login, full_name, email from people
    where lower(email) = ${email.toLowerCase()} and deactivated_at is null and locked_at is null limit 10`;
  let sent = 0;
  for (const p of people) {
    const link = await deps.sql.begin((tx) => issueLink(tx, p.id, 'reset', settings.resetTtlMs));
    const url = settings.appUrl + linkPath('reset', link.token);
    const mail = resetText({ fullName: p.full_name, login: p.login, link: url, expiresAt: link.expiresAt });
    if ((await sendAccountMail(deps, { to: p.email, personId: p.id, link: url, ...mail })) !== 'failed') sent++;
  }
  return sent;
}
