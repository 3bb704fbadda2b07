import { log } from '@temporalio/activity';
import nodemailer, { type Transporter } from 'nodemailer';
import type postgres from 'postgres';

export interface Mailer {
  send(message: { messageId: string; to: string; subject: string; text: string }): Promise<void>;
}

/**
 * SMTP_TIMEOUT_SECONDS, default 10: how long the SMTP server may take to accept the connection, to greet, and
 * to answer each step. nodemailer's own defaults are 2 min, 30 s and 10 min: a server that accepts the
 * connection and hangs would hold an administrator's «create person» (its invitation is sent in the request)
 * for minutes. A mail past it is `failed` and retried (notifications) or resent (account mails).
 */
export const smtpTimeoutMsFromEnv = (value = process.env.SMTP_TIMEOUT_SECONDS): number => {
  const n = Number(value);
  return value !== undefined && value.trim() !== '' && Number.isFinite(n) && n > 0 ? n * 1000 : 10_000;
};

/** SMTP when SMTP_URL is set (smtp://user:pass@host:port), else null: e-mail is then logged, never lost. */
export function mailerFromEnv(
  url = process.env.SMTP_URL,
  from = process.env.SMTP_FROM ?? 'Дорожные карты <noreply@roadmaps.local>',
  timeoutMs = smtpTimeoutMsFromEnv(),
): Mailer | null {
  if (!url) return null;
  const transport: Transporter = nodemailer.createTransport({ url, connectionTimeout: timeoutMs, greetingTimeout: timeoutMs, socketTimeout: timeoutMs });
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
 * Sends each pending notification once. The rows are claimed (attempt
 * counted) in one statement before sending and each is marked after its own
 * send; the Message-ID is the notification id, so even the one unavoidable
 * window (sent, then crashed before marking) is recognisable downstream as
 * the same message. Rows without an address, and all rows when no SMTP is
 * configured, are settled in bulk: without SMTP a rung's e-mail step costs two
 * statements, not three per notification.
 */
export async function deliverNotifications(
  sql: postgres.Sql,
  mailer: Mailer | null,
  input: { notificationIds: string[] },
  options: DeliveryOptions = {},
): Promise<{ sent: number }> {
  if (!input.notificationIds.length) return { sent: 0 };
  const maxAttempts = options.maxAttempts ?? emailMaxAttemptsFromEnv();
  // One statement claims the lot: rows without an address are settled, the others get their attempt counted
  // (email_attempts comes back already counted).
  const claimed = await sql<{ id: string; subject: string; body: string; email: string | null; full_name: string; email_attempts: number }[]>`
    update notifications n
    set email_status = case when p.email is null then 'no_address' else n.email_status end,
        email_attempts = n.email_attempts + case when p.email is null then 0 else 1 end
    from people p
    where p.id = n.person_id and n.id = any(${input.notificationIds}) and n.email_status = 'pending'
    returning n.id, n.subject, n.body, p.email, p.full_name, n.email_attempts`;
  const rows = claimed.filter((n): n is typeof n & { email: string } => n.email !== null);
  if (!rows.length) return { sent: 0 };
  if (!mailer) {
    // The full text and the address stay in the notifications table; the log names only the row.
    for (const n of rows) log.info('e-mail not sent: SMTP_URL is not set', { notificationId: n.id });
    await sql`update notifications set email_status = 'logged', email_sent_at = now() where id = any(${rows.map((n) => n.id)})`;
    return { sent: 0 };
  }
  let sent = 0;
  let failure: Error | null = null;
  for (const n of rows) {
    try {
      await mailer.send({ messageId: `<${n.id.replace(/[^A-Za-z0-9.:~_-]/g, '_')}@roadmaps>`, to: n.email, subject: n.subject, text: n.body });
      await sql`update notifications set email_status = 'sent', email_sent_at = now(), email_last_error = null where id = ${n.id}`;
      sent++;
    } catch (err) {
      const message = (err as Error).message;
      // Attempts are counted per row (before sending), so even attempts cut short by a crash or a timeout count.
      if (n.email_attempts >= maxAttempts) {
        log.warn('e-mail given up', { notificationId: n.id, attempts: n.email_attempts, error: message });
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
