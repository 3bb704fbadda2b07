import type postgres from 'postgres';
import { deliverNotifications, type Mailer } from './email-delivery.js';

/** E-mails whatever notifications the given events wrote: the workflow knows its events, not their recipients. */
export async function deliverEventNotifications(sql: postgres.Sql, mailer: Mailer | null, input: { eventIds: string[] }): Promise<{ sent: number }> {
  const rows = await sql<{ id: string }[]>`select id from notifications where event_id = any(${input.eventIds}) and email_status = 'pending'`;
  if (!rows.length) return { sent: 0 };
  return deliverNotifications(sql, mailer, { notificationIds: rows.map((r) => r.id) });
}
