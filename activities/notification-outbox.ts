import type postgres from 'postgres';
import type { DomainEvent } from '../domain/events.js';
import { commandText, rungText, type NotificationContext, type NotificationKind, type NotificationText } from '../domain/notification-text.js';
import type { Rung } from '../domain/escalation-policy.js';

type Tx = postgres.TransactionSql;

export interface Recipient {
  personId: string;
  actingForId: string | null;
}

export const appUrl = () => (process.env.APP_URL ?? `http://127.0.0.1:${process.env.PORT ?? 3000}`).replace(/\/$/, '');
export const executionLink = (executionId: string) => `${appUrl()}/executions/${encodeURIComponent(executionId)}`;

/**
 * Routes people to whoever acts for them at `at` (исполняющий обязанности),
 * in one query for all of them.
 */
export async function routeToActing(sql: postgres.Sql | Tx, personIds: string[], at: string): Promise<Recipient[]> {
  const unique = [...new Set(personIds)];
  const subs = await sql<{ person_id: string; substitute_id: string }[]>`
    select distinct on (person_id) person_id, substitute_id from substitutions
    where person_id = any(${unique}) and starts_at <= ${at} and ends_at > ${at}
    order by person_id, created_at desc`;
  const bySub = new Map(subs.map((s) => [s.person_id, s.substitute_id]));
  const seen = new Set<string>();
  const out: Recipient[] = [];
  for (const id of unique) {
    const sub = bySub.get(id);
    const r = sub ? { personId: sub, actingForId: id } : { personId: id, actingForId: null };
    if (seen.has(r.personId + '|' + r.actingForId)) continue;
    seen.add(r.personId + '|' + r.actingForId);
    out.push(r);
  }
  return out;
}

async function context(tx: Tx, executionId: string): Promise<Omit<NotificationContext, 'actingForName'> & { roadMapId: string }> {
  const [row] = await tx<{ item_title: string; mo_name: string | null; deadline_at: Date; time_zone: string; roadmap_id: string }[]>`
    select e.item_title, o.name as mo_name, e.deadline_at, g.time_zone, e.roadmap_id
    from item_executions e left join organisations o on o.id = e.mo_id
    join roadmaps r on r.id = e.roadmap_id join regions g on g.code = r.region_code
    where e.id = ${executionId}`;
  return { itemTitle: row.item_title, moName: row.mo_name, deadlineAt: row.deadline_at, timeZone: row.time_zone, link: executionLink(executionId), roadMapId: row.roadmap_id };
}

/** Notifications about an item execution, worded with its item, МО, deadline and link. */
export async function notify(
  tx: Tx,
  event: DomainEvent,
  recipients: Recipient[],
  kind: NotificationKind,
  text: (ctx: NotificationContext) => NotificationText,
): Promise<void> {
  if (!recipients.length) return;
  const base = await context(tx, event.subject);
  await writeNotifications(tx, event, recipients, kind, () => base.link, event.subject, (_r, actingForName) => text({ ...base, actingForName }));
}

/**
 * Notifications about something other than an item execution (a weekly
 * reporting period): the caller words each one; written in the event's
 * transaction, keyed by event and person like every other.
 */
export async function notifyAbout(
  tx: Tx,
  event: DomainEvent,
  recipients: Recipient[],
  kind: string,
  link: (recipient: Recipient) => string,
  text: (recipient: Recipient, actingForName: string | null) => NotificationText,
): Promise<void> {
  await writeNotifications(tx, event, recipients, kind, link, null, text);
}

/** The one writer of notification rows: in the event's transaction, keyed by event and person. */
async function writeNotifications(
  tx: Tx,
  event: DomainEvent,
  recipients: Recipient[],
  kind: string,
  link: (recipient: Recipient) => string,
  executionId: string | null,
  text: (recipient: Recipient, actingForName: string | null) => NotificationText,
): Promise<void> {
  if (!recipients.length) return;
  const absent = recipients.filter((r) => r.actingForId).map((r) => r.actingForId!);
  const names = new Map(
    absent.length ? (await tx<{ id: string; full_name: string }[]>`select id, full_name from people where id = any(${absent})`).map((p) => [p.id, p.full_name]) : [],
  );
  const rows = recipients.map((r) => {
    const t = text(r, r.actingForId ? names.get(r.actingForId) ?? r.actingForId : null);
    return {
      id: `${event.id}:${r.personId}`,
      event_id: event.id,
      person_id: r.personId,
      acting_for_id: r.actingForId,
      roadmap_id: event.roadMapId,
      execution_id: executionId,
      kind,
      subject: t.subject,
      body: t.body,
      link: link(r),
      created_at: event.occurredAt,
    };
  });
  await tx`insert into notifications ${tx(rows)} on conflict (id) do nothing`;
}

export async function notifyCommand(
  tx: Tx,
  event: DomainEvent,
  personIds: string[],
  kind: Exclude<NotificationKind, 'reminder' | 'escalation'>,
  detail = '',
): Promise<void> {
  await notify(tx, event, await routeToActing(tx, personIds, event.occurredAt), kind, (c) => commandText(kind, c, detail));
}

export function formatLag(ms: number): string | null {
  if (ms <= 0) return null;
  const minutes = Math.round(ms / 60000);
  if (minutes < 60) return `${Math.max(1, minutes)} мин.`;
  const hours = Math.round(minutes / 60);
  if (hours < 48) return `${hours} ч.`;
  return `${Math.round(hours / 24)} дн.`;
}

export async function notifyRung(tx: Tx, event: DomainEvent): Promise<void> {
  const p = event.payload as { rung: Rung; recipients: Recipient[]; deadlineAt: string };
  await notify(tx, event, p.recipients, p.rung.kind, (c) =>
    rungText(p.rung, c, formatLag(Date.parse(event.occurredAt) - Date.parse(p.deadlineAt))),
  );
}
