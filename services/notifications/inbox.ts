import type postgres from 'postgres';
import { refusal, RefusedError } from '../../domain/refusal.js';

/** The person's in-app inbox: the notifications table, newest first. */
export async function inboxOf(sql: postgres.Sql, me: string, q: { unread?: 'true' | 'false'; limit: number; offset: number }) {
  const rows = await sql`
    select * from notifications where person_id = ${me} ${q.unread === 'true' ? sql`and read_at is null` : sql``}
    order by created_at desc, id limit ${q.limit} offset ${q.offset}`;
  const [{ unread }] = await sql<{ unread: number }[]>`select count(*)::int as unread from notifications where person_id = ${me} and read_at is null`;
  return {
    unread,
    notifications: rows.map((n) => ({
      id: n.id as string,
      kind: n.kind as string,
      subject: n.subject as string,
      body: n.body as string,
      link: n.link as string,
      executionId: n.execution_id as string | null,
      roadMapId: n.roadmap_id as string,
      actingForId: n.acting_for_id as string | null,
      createdAt: n.created_at.toISOString() as string,
      readAt: (n.read_at?.toISOString() ?? null) as string | null,
      emailStatus: n.email_status as string,
    })),
  };
}

/** 404 when it is not the person's own. */
export async function markNotificationRead(sql: postgres.Sql, me: string, id: string): Promise<Date> {
  const [row] = await sql<{ read_at: Date }[]>`
    update notifications set read_at = coalesce(read_at, now()) where id = ${id} and person_id = ${me} returning read_at`;
  if (!row) throw new RefusedError(refusal('not_found', 'уведомление не найдено'));
  return row.read_at;
}

export async function markAllNotificationsRead(sql: postgres.Sql, me: string): Promise<number> {
  const rows = await sql`update notifications set read_at = now() where person_id = ${me} and read_at is null returning id`;
  return rows.length;
}

export interface NotificationRow {
  id: string;
  kind: string;
  subject: string;
  body: string;
  execution_id: string | null;
  roadmap_id: string;
  created_at: Date;
  read_at: Date | null;
  time_zone: string | null;
}

/** The inbox page's rows, with the region's time zone for local times. */
export async function inboxPage(sql: postgres.Sql, me: string, unreadOnly: boolean): Promise<NotificationRow[]> {
  return sql<NotificationRow[]>`
    select n.id, n.kind, n.subject, n.body, n.execution_id, n.roadmap_id, n.created_at, n.read_at, g.time_zone
    from notifications n left join roadmaps r on r.id = n.roadmap_id left join regions g on g.code = r.region_code
    where n.person_id = ${me} ${unreadOnly ? sql`and n.read_at is null` : sql``}
    order by n.created_at desc, n.id limit 200`;
}
