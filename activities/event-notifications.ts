import type postgres from 'postgres';
import { deliverNotifications, type DeliveryOptions, type Mailer } from './email-delivery.js';
import type { EmailMode } from './notification-outbox.js';

/** The notifications the given events wrote and that still wait for their e-mail. */
export async function pendingNotificationsOf(sql: postgres.Sql, eventIds: string[]): Promise<string[]> {
  if (!eventIds.length) return [];
  const rows = await sql<{ id: string }[]>`select id from notifications where event_id = any(${eventIds}) and email_status = 'pending' order by id`;
  return rows.map((r) => r.id);
}

/**
 * What the workflow's e-mail step is to send for these events: their pending
 * notifications, read back (a retry after a commit appends nothing, so the
 * first attempt's rows stand); none when they were written settled (no SMTP).
 */
export async function notificationsToEmail(sql: postgres.Sql, eventIds: string[], email: EmailMode): Promise<string[]> {
  return email === 'settle' ? [] : pendingNotificationsOf(sql, eventIds);
}

/** E-mails whatever notifications the given events wrote: the workflow knows its events, not their recipients. */
export async function deliverEventNotifications(
  sql: postgres.Sql,
  mailer: Mailer | null,
  input: { eventIds: string[] },
  options: DeliveryOptions = {},
): Promise<{ sent: number }> {
  const notificationIds = await pendingNotificationsOf(sql, input.eventIds);
  if (!notificationIds.length) return { sent: 0 };
  return deliverNotifications(sql, mailer, { notificationIds }, options);
}
