import { randomUUID } from 'node:crypto';
import { mailerFromEnv, type Mailer } from '../../activities/email-delivery.js';
import { logger } from '../../infra/observability/logger.js';
import type { ServiceDeps } from '../deps.js';

const log = logger.child({ component: 'accounts' });

/** What became of an account e-mail: the same words as the notifications' email_status. */
export type Delivery = 'sent' | 'logged' | 'no_address' | 'failed';

let fromEnv: Mailer | null | undefined;
/** The composition root's mailer; when it gave none, SMTP_URL's (null without it). */
export const mailerOf = (deps: Pick<ServiceDeps, 'mailer'>): Mailer | null => (deps.mailer !== undefined ? deps.mailer : (fromEnv ??= mailerFromEnv()));

/**
 * Sends an account e-mail (invitation, password reset) straight away. Unlike notifications it
 * is not kept in the database, because its link is a secret stored only as a hash there. Without
 * SMTP_URL (a test installation) the link goes to the log under `link` — the one way to hand it
 * on there; the text and the address do not (the logger censors `text`, and addresses are never
 * logged). An SMTP failure is logged and told to the caller (an administrator can resend).
 */
export async function sendAccountMail(
  deps: Pick<ServiceDeps, 'mailer'>,
  m: { to: string | null; subject: string; text: string; link: string; personId: string },
): Promise<Delivery> {
  if (!m.to) return 'no_address';
  const mailer = mailerOf(deps);
  if (!mailer) {
    log.info({ personId: m.personId, subject: m.subject, link: m.link }, 'account e-mail not sent: SMTP_URL is not set; its link is here');
    return 'logged';
  }
  try {
    await mailer.send({ messageId: `<account-${randomUUID()}@roadmaps>`, to: m.to, subject: m.subject, text: m.text });
    return 'sent';
  } catch (err) {
    log.warn({ personId: m.personId, err: (err as Error).message }, 'account e-mail failed');
    return 'failed';
  }
}

const dateTime = (d: Date) =>
  d.toLocaleString('ru-RU', { timeZone: 'Europe/Moscow', day: '2-digit', month: '2-digit', year: 'numeric', hour: '2-digit', minute: '2-digit' }) + ' (МСК)';

export function invitationText(p: { fullName: string; login: string; link: string; expiresAt: Date }) {
  return {
    subject: 'Приглашение: дорожные карты ТФОМС и СМО',
    text:
      `Здравствуйте, ${p.fullName}!\n\n` +
      `Для вас создана учётная запись на платформе «Дорожные карты ТФОМС и СМО». Ваш логин: ${p.login}\n\n` +
      `Чтобы задать пароль, откройте ссылку (она действует до ${dateTime(p.expiresAt)} и только один раз):\n${p.link}\n\n` +
      'Если вы не ждали этого письма, просто не открывайте ссылку.',
  };
}

export function resetText(p: { fullName: string; login: string; link: string; expiresAt: Date }) {
  return {
    subject: 'Восстановление пароля: дорожные карты ТФОМС и СМО',
    text:
      `Здравствуйте, ${p.fullName}!\n\n` +
      `Кто-то (возможно, вы) запросил восстановление пароля для логина ${p.login}.\n\n` +
      `Чтобы задать новый пароль, откройте ссылку (она действует до ${dateTime(p.expiresAt)} и только один раз):\n${p.link}\n\n` +
      'Если вы не запрашивали восстановление, ничего не делайте: ваш пароль останется прежним.',
  };
}
