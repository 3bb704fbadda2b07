import { log } from '@temporalio/activity';
import nodemailer, { type Transporter } from 'nodemailer';
import type postgres from 'postgres';

export interface Mailer {
  send(message: { messageId: string; to: string; subject: string; text: string }): Promise<void>;
}

/** SMTP when SMTP_URL is set (smtp://user:pass@host:port), else null: e-mail is then logged, never lost. */
export function mailerFromEnv(url = process.env.SMTP_URL, from = process.env.SMTP_FROM ?? 'Дорожные карты <noreply@roadmaps.local>'): Mailer | null {
  if (!url) return null;
  const transport: Transporter = nodemailer.createTransport(url);
  return {
    async send(m) {
      await transport.sendMail({ from, to: m.to, subject: m.subject, text: m.text, messageId: m.messageId });
    },
  };
}

export interface DeliveryOptions {
  /**
   * Attempts per notification before it is marked `failed` (default EMAIL_MAX_ATTEMPTS, else 12:
   * with the workflows' backoff of 5 s doubling to 30 min, about two hours of trying).
   */
  maxAttempts?: number;
}

export const emailMaxAttemptsFromEnv = (value = process.env.EMAIL_MAX_ATTEMPTS): number => {
  const n = Number(value);
  return Number.isInteger(n) && n > 0 ? n : 12;
};

/**
 * Sends each pending notification once. The row is claimed before sending
 * and marked after; the Message-ID is the notification id, so even the one
 * unavoidable window (sent, then crashed before marking) is recognisable
 * downstream as the same message.
 */
export async function deliverNotifications(
  sql: postgres.Sql,
  mailer: Mailer | null,
  input: { notificationIds: string[] },
  options: DeliveryOptions = {},
): Promise<{ sent: number }> {
  const maxAttempts = options.maxAttempts ?? emailMaxAttemptsFromEnv();
  const rows = await sql<{ id: string; subject: string; body: string; email: string | null; full_name: string; email_attempts: number }[]>`
    select n.id, n.subject, n.body, p.email, p.full_name, n.email_attempts from notifications n join people p on p.id = n.person_id
    where n.id = any(${input.notificationIds}) and n.email_status = 'pending'`;
  let sent = 0;
  let failure: Error | null = null;
  for (const n of rows) {
    if (!n.email) {
      await sql`update notifications set email_status = 'no_address' where id = ${n.id}`;
      continue;
    }
    await sql`update notifications set email_attempts = email_attempts + 1 where id = ${n.id}`;
    if (!mailer) {
      // The full text and the address stay in the notifications table; the log names only the row.
      log.info('e-mail not sent: SMTP_URL is not set', { notificationId: n.id });
      await sql`update notifications set email_status = 'logged', email_sent_at = now() where id = ${n.id}`;
      continue;
    }
    try {
      await mailer.send({ messageId: `<${n.id.replace(/[^A-Za-z0-9.:~_-]/g, '_')}@roadmaps>`, to: n.email, subject: n.subject, text: n.body });
      await sql`update notifications set email_status = 'sent', email_sent_at = now(), email_last_error = null where id = ${n.id}`;
      sent++;
    } catch (err) {
      const message = (err as Error).message;
      // Attempts are counted per row (before sending), so even attempts cut short by a crash or a timeout count.
      if (n.email_attempts + 1 >= maxAttempts) {
        log.warn('e-mail given up', { notificationId: n.id, attempts: n.email_attempts + 1, error: message });
        await sql`update notifications set email_status = 'failed', email_last_error = ${message} where id = ${n.id}`;
      } else {
        failure = err as Error;
        await sql`update notifications set email_last_error = ${message} where id = ${n.id}`;
      }
    }
  }
  // Thrown after trying them all, so Temporal retries with backoff only what is still pending;
  // a row whose attempts are used up is `failed` and no longer holds the retry up.
  if (failure) throw failure;
  return { sent };
}
