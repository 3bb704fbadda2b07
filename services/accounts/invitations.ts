import type { Actor } from '../../domain/actor.js';
import { refusal, RefusedError } from '../../domain/refusal.js';
import type { ServiceDeps } from '../deps.js';
import { recordAccountChange, type AccountChangeSource } from './account-audit.js';
import { issueLink, linkPath } from './account-links.js';
import { invitationText, sendAccountMail, type Delivery } from './account-mail.js';
import { accountSettingsFromEnv } from './account-settings.js';
import { accountHolder, administeredPerson } from './administered-person.js';

export interface InvitationOutcome {
  personId: string;
  /** sent / logged (no SMTP_URL) / no_address (nothing issued: the person has no e-mail) / failed (SMTP refused; resend). */
  delivery: Delivery;
  /** When the link stops working; null when none was issued. */
  expiresAt: Date | null;
}

/**
 * Invites a person who has no password yet: a single-use link to set it, e-mailed to them.
 * A new invitation replaces the previous link. The caller has checked the actor's rights
 * (the directory when it creates a person, the import); `resendInvitation` checks them itself.
 * Refused (409) for a deactivated person or one who already has a password. Call it after the
 * person's row is committed (it opens its own transaction, then sends the e-mail outside it).
 */
export async function invitePerson(
  deps: Pick<ServiceDeps, 'sql' | 'mailer' | 'accountSettings'>,
  input: { personId: string; actorId: string | null; source?: AccountChangeSource },
): Promise<InvitationOutcome> {
  const settings = deps.accountSettings ?? accountSettingsFromEnv();
  const issued = await deps.sql.begin(async (tx) => {
    const holder = await accountHolder(tx, input.personId, true);
    if (!holder) throw new RefusedError(refusal('not_found', `сотрудник ${input.personId} не найден`));
    if (holder.deactivatedAt) throw new RefusedError(refusal('conflict', 'сотрудник деактивирован: приглашение не отправлено'));
    if (holder.hasPassword) throw new RefusedError(refusal('conflict', 'сотрудник уже задал пароль: приглашение не нужно (для забытого пароля — «Забыли пароль?» на странице входа)'));
    if (!holder.email) return { holder, link: null };
    const link = await issueLink(tx, holder.id, 'invitation', settings.invitationTtlMs);
    await recordAccountChange(tx, { actorId: input.actorId, personId: holder.id, action: 'invited', source: input.source ?? 'api', after: { expiresAt: link.expiresAt.toISOString() } });
    return { holder, link };
  });
  const { holder, link } = issued as { holder: NonNullable<Awaited<ReturnType<typeof accountHolder>>>; link: { token: string; expiresAt: Date } | null };
  if (!link) return { personId: holder.id, delivery: 'no_address', expiresAt: null };
  const url = settings.appUrl + linkPath('invitation', link.token);
  const mail = invitationText({ fullName: holder.fullName, login: holder.login, link: url, expiresAt: link.expiresAt });
  const delivery = await sendAccountMail(deps, { to: holder.email, personId: holder.id, link: url, ...mail });
  return { personId: holder.id, delivery, expiresAt: link.expiresAt };
}

/** The administrator's «Отправить приглашение ещё раз»: the previous link stops working. */
export async function resendInvitation(deps: Pick<ServiceDeps, 'sql' | 'mailer' | 'accountSettings'>, actor: Actor, personId: string, source: 'api' | 'page' = 'api'): Promise<InvitationOutcome> {
  await administeredPerson(deps.sql, actor, personId);
  // Sent by hand now: an import's queue (invitation-queue.ts) owes this person nothing more.
  await deps.sql`delete from invitation_queue where person_id = ${personId}`;
  return invitePerson(deps, { personId, actorId: actor.personId, source });
}
