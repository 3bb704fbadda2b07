import type postgres from 'postgres';
import type { DomainEvent } from '../domain/events.js';
import { rungText, type NotificationContext, type NotificationKind, type NotificationText } from '../domain/notification-text.js';
import type { Rung } from '../domain/escalation-policy.js';
import { logger } from '../infra/observability/logger.js';
import { appUrlOf } from '../domain/app-url.js';

type Tx = postgres.TransactionSql;

export interface Recipient {
  personId: string;
  actingForId: string | null;
}

export const appUrl = () => appUrlOf(process.env);
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

/**
 * What becomes of a new notification's e-mail. `queue`: pending, for the
 * e-mail step to send (SMTP configured). `settle`: there is nothing to send
 * (no SMTP_URL), so the row is written already settled — `logged`, or
 * `no_address` for a person without one — and no e-mail step follows: a
 * command or a rung costs no statements after its transaction.
 */
export type EmailMode = 'queue' | 'settle';

const log = logger.child({ component: 'e-mail' });

/** A recipient as the notification rows need them: whom they act for, by name, and whether mail can reach them. */
interface Addressee extends Recipient {
  actingForName: string | null;
  hasEmail: boolean;
}

/**
 * The one writer of notification rows: in the event's transaction, keyed by
 * event and person. `addressees` come with names and e-mail presence when the
 * caller's own query fetched them; otherwise one query here fetches them.
 */
async function writeNotifications(
  tx: Tx,
  event: DomainEvent,
  recipients: Recipient[] | Addressee[],
  kind: string,
  link: (recipient: Recipient) => string,
  executionId: string | null,
  text: (recipient: Recipient, actingForName: string | null) => NotificationText,
  email: EmailMode,
): Promise<void> {
  if (!recipients.length) return;
  const addressees = isAddressed(recipients) ? recipients : await addressed(tx, recipients, email);
  const rows = addressees.map((r) => {
    const t = text(r, r.actingForName);
    const logged = email === 'settle' && r.hasEmail;
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
      email_status: email === 'queue' ? 'pending' : logged ? 'logged' : 'no_address',
      email_attempts: logged ? 1 : 0,
      email_sent_at: logged ? event.occurredAt : null,
    };
  });
  const written = new Set((await tx<{ id: string }[]>`insert into notifications ${tx(rows)} on conflict (id) do nothing returning id`).map((w) => w.id));
  const unsent = rows.filter((r) => r.email_status === 'logged' && written.has(r.id)).map((r) => r.id);
  // The full text and the address stay in the notifications table; the log names only the rows.
  if (unsent.length) log.info({ notificationIds: unsent }, 'e-mail not sent: SMTP_URL is not set');
}

const isAddressed = (rs: Recipient[] | Addressee[]): rs is Addressee[] => 'hasEmail' in rs[0];

async function addressed(tx: Tx, recipients: Recipient[], email: EmailMode): Promise<Addressee[]> {
  const absent = recipients.flatMap((r) => (r.actingForId ? [r.actingForId] : []));
  // Queued mail needs no address yet (the e-mail step reads it): only the names of the absent, if any.
  const ids = email === 'settle' ? [...recipients.map((r) => r.personId), ...absent] : absent;
  const people = new Map(
    ids.length
      ? (await tx<{ id: string; full_name: string; has_email: boolean }[]>`select id, full_name, email is not null as has_email from people where id = any(${ids})`).map((p) => [p.id, p])
      : [],
  );
  return recipients.map((r) => ({
    ...r,
    actingForName: r.actingForId ? (people.get(r.actingForId)?.full_name ?? r.actingForId) : null,
    hasEmail: people.get(r.personId)?.has_email ?? false,
  }));
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
  email: EmailMode,
): Promise<void> {
  await writeNotifications(tx, event, recipients, kind, link, null, text, email);
}

/** Who is to be told of a change to an item execution. */
export type ExecutionAudience =
  /** People responsible for it (columns of the changed row, or named), routed to whoever acts for them at the event's time. */
  | { columns: ('executor_id' | 'controller_id')[] }
  | { personIds: string[] }
  /** People already routed (a rung's recipients, recorded in its event). */
  | { routed: Recipient[] };

/**
 * Applies a change to one item execution and writes its notifications, worded
 * with its item, МО, deadline and link. One statement changes the row (`row`:
 * an UPDATE … RETURNING *, or a SELECT of it) and reads with it the context
 * and the addressees (substitutions in force, names, e-mail); one more writes
 * the notifications.
 */
export async function projectExecutionChange(
  tx: Tx,
  event: DomainEvent,
  row: postgres.PendingQuery<postgres.Row[]>,
  audience: ExecutionAudience,
  kind: NotificationKind,
  text: (ctx: NotificationContext) => NotificationText,
  email: EmailMode,
): Promise<void> {
  const at = event.occurredAt;
  const wanted = 'routed' in audience ? routedAlready(tx, audience.routed) : routedAt(tx, at, audience);
  const [ctx] = await tx<{ item_title: string; mo_name: string | null; deadline_at: Date; time_zone: string; addressees: Addressee[] }[]>`
    with u as (${row}), w as (${wanted})
    select u.item_title, o.name as mo_name, u.deadline_at, g.time_zone,
      coalesce((select json_agg(json_build_object('personId', w.person_id, 'actingForId', w.acting_for_id,
                                                  'actingForName', pa.full_name, 'hasEmail', p.email is not null))
                from w join people p on p.id = w.person_id left join people pa on pa.id = w.acting_for_id), '[]'::json) as addressees
    from u left join organisations o on o.id = u.mo_id join roadmaps r on r.id = u.roadmap_id join regions g on g.code = r.region_code`;
  if (!ctx) return;
  const seen = new Set<string>();
  const addressees = ctx.addressees.filter((a) => {
    const key = `${a.personId}|${a.actingForId}`;
    return !seen.has(key) && seen.add(key);
  });
  const base = { itemTitle: ctx.item_title, moName: ctx.mo_name, deadlineAt: ctx.deadline_at, timeZone: ctx.time_zone, link: executionLink(event.subject) };
  await writeNotifications(tx, event, addressees, kind, () => base.link, event.subject, (_r, actingForName) => text({ ...base, actingForName }), email);
}

const routedAlready = (tx: Tx, routed: Recipient[]) =>
  tx`select * from unnest(${routed.map((r) => r.personId)}::text[], ${routed.map((r) => r.actingForId)}::text[]) as x(person_id, acting_for_id)`;

/** The responsible people, each replaced by whoever stands in for them at `at` (as routeToActing, inside the statement). */
function routedAt(tx: Tx, at: string, audience: Exclude<ExecutionAudience, { routed: Recipient[] }>) {
  const responsible =
    'columns' in audience
      ? tx`select x.pid from u cross join lateral unnest(array[${tx(audience.columns)}]::text[]) as x(pid)`
      : tx`select x.pid from unnest(${audience.personIds}::text[]) as x(pid)`;
  return tx`select coalesce(s.substitute_id, x.pid) as person_id, case when s.substitute_id is null then null else x.pid end as acting_for_id
            from (${responsible}) x left join lateral (
              select substitute_id from substitutions where person_id = x.pid and starts_at <= ${at} and ends_at > ${at}
              order by created_at desc limit 1) s on true`;
}

export function formatLag(ms: number): string | null {
  if (ms <= 0) return null;
  const minutes = Math.round(ms / 60000);
  if (minutes < 60) return `${Math.max(1, minutes)} мин.`;
  const hours = Math.round(minutes / 60);
  if (hours < 48) return `${hours} ч.`;
  return `${Math.round(hours / 24)} дн.`;
}

/** The wording of a rung's notifications, with how late it fired after the deadline. */
export function rungNotificationText(event: DomainEvent): (c: NotificationContext) => NotificationText {
  const p = event.payload as { rung: Rung; deadlineAt: string };
  return (c) => rungText(p.rung, c, formatLag(Date.parse(event.occurredAt) - Date.parse(p.deadlineAt)));
}
