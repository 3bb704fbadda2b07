import { log } from '@temporalio/activity';
import type postgres from 'postgres';
import { rungsFired } from '../infra/observability/metrics.js';
import { defaultEscalationPolicy, scheduleLadder as schedule, type RecipientRole, type ScheduledRung } from '../domain/escalation-policy.js';
import type { DomainEvent } from '../domain/events.js';
import type { RoadMapDocument } from '../domain/roadmap.js';
import type { FireRung } from './activity-types.js';
import { appendEvents } from './event-store.js';
import { notificationsToEmail } from './event-notifications.js';
import { routeToActing, type EmailMode } from './notification-outbox.js';

/** The ladder of a new deadline (after an extension): the road map's policy, in its region's zone. */
export async function scheduleLadderFor(sql: postgres.Sql, input: { roadMapId: string; version: number; deadlineAt: string }): Promise<ScheduledRung[]> {
  const [row] = await sql<{ policy: RoadMapDocument['escalationPolicy'] | null; workday_end: string | null; time_zone: string }[]>`
    select v.document->'escalationPolicy' as policy, v.document->>'workdayEnd' as workday_end, g.time_zone
    from roadmap_versions v join roadmaps r on r.id = v.roadmap_id join regions g on g.code = r.region_code
    where v.roadmap_id = ${input.roadMapId} and v.version = ${input.version}`;
  return schedule(row.policy ?? defaultEscalationPolicy, new Date(input.deadlineAt), row.time_zone, row.workday_end ?? undefined);
}

/**
 * Fires one rung: resolves its roles to people (and to whoever acts for them
 * now), and records the event with its notifications in one transaction. The
 * event id is the rung key, so a retry after a crash records nothing twice.
 */
export async function escalateRung(sql: postgres.Sql, input: FireRung, email: EmailMode): Promise<{ notificationIds: string[] }> {
  const now = new Date().toISOString();
  const people: Record<RecipientRole, () => Promise<string[]>> = {
    executor: async () => [input.executorId],
    controller: async () => [input.controllerId],
    coordinator: async () => [input.coordinatorId],
    director: async () =>
      (
        await sql<{ id: string }[]>`
          select p.id from people p join organisations o on o.id = p.organisation_id join roadmaps r on r.region_code = o.region_code
          where r.id = ${input.roadMapId} and o.kind = 'TFOMS' and p.position = 'director'`
      ).map((r) => r.id),
  };
  const ids = (await Promise.all(input.rung.notify.map((role) => people[role]()))).flat();
  const recipients = await routeToActing(sql, ids, now);
  const event: DomainEvent = {
    id: input.key,
    type: 'execution.rung_fired',
    roadMapId: input.roadMapId,
    subject: input.executionId,
    version: input.version,
    occurredAt: now,
    actorId: null,
    actingForId: null,
    payload: { rung: input.rung, recipients, dueAt: input.dueAt, deadlineAt: input.deadlineAt, lagMs: Date.parse(now) - Date.parse(input.dueAt) },
  };
  const fresh = await appendEvents(sql, [event], email);
  if (fresh) {
    rungsFired.inc({ ladder: 'execution', kind: input.rung.kind });
    log.info('rung fired', { rungId: input.rung.id, rungKind: input.rung.kind, executionId: input.executionId, lagMs: event.payload.lagMs, recipients: recipients.length });
  }
  return { notificationIds: await notificationsToEmail(sql, [input.key], email) };
}
