import { log } from '@temporalio/activity';
import type postgres from 'postgres';
import { rungsFired } from '../infra/observability/metrics.js';
import type { RecipientRole } from '../domain/escalation-policy.js';
import type { DomainEvent } from '../domain/events.js';
import { appendEvents } from './event-store.js';
import { notificationsToEmail } from './event-notifications.js';
import type { FireReportRung } from './monitoring-activity-types.js';
import { routeToActing, type EmailMode } from './notification-outbox.js';

/**
 * Fires one rung of the late-report ladder: the outstanding reporters, their
 * controlling officials, the director or the coordinator, each told only
 * about the reports that concern them. Keyed by period and rung, so a retry
 * after a crash records nothing twice.
 */
export async function fireReportRung(sql: postgres.Sql, input: FireReportRung, email: EmailMode): Promise<{ notificationIds: string[] }> {
  // A reporter whose every item was dropped meanwhile owes nothing (released in the read model): not escalated.
  const released = new Set(
    (await sql<{ person_id: string }[]>`select person_id from reporting_duties where period_id = ${input.periodId} and status = 'released'`).map((r) => r.person_id),
  );
  const outstanding = input.outstanding.filter((r) => !released.has(r.personId));
  if (!outstanding.length) return { notificationIds: [] };
  input = { ...input, outstanding };
  const now = new Date().toISOString();
  const all = input.outstanding.map((r) => r.personId);
  const about = new Map<string, Set<string>>();
  const add = (personId: string, reporters: string[]) => {
    let s = about.get(personId);
    if (!s) about.set(personId, (s = new Set()));
    for (const r of reporters) s.add(r);
  };
  const byRole: Record<RecipientRole, () => Promise<void>> = {
    executor: async () => input.outstanding.forEach((r) => add(r.personId, [r.personId])),
    controller: async () => input.outstanding.forEach((r) => r.controllerIds.forEach((c) => add(c, [r.personId]))),
    coordinator: async () => add(input.coordinatorId, all),
    director: async () => {
      const rows = await sql<{ id: string }[]>`
        select p.id from people p join organisations o on o.id = p.organisation_id join roadmaps r on r.region_code = o.region_code
        where r.id = ${input.roadMapId} and o.kind = 'TFOMS' and p.position = 'director'`;
      rows.forEach((d) => add(d.id, all));
    },
  };
  for (const role of input.rung.notify) await byRole[role]();
  const routed = await routeToActing(sql, [...about.keys()], now);
  const event: DomainEvent = {
    id: input.key,
    type: 'monitoring.report_rung_fired',
    roadMapId: input.roadMapId,
    subject: input.periodId,
    version: input.version,
    occurredAt: now,
    actorId: null,
    actingForId: null,
    payload: {
      rung: input.rung,
      outstanding: all,
      recipients: routed.map((r) => ({ ...r, about: [...(about.get(r.actingForId ?? r.personId) ?? [])].sort() })),
      dueAt: input.dueAt,
      lagMs: Date.parse(now) - Date.parse(input.dueAt),
    },
  };
  const fresh = await appendEvents(sql, [event], email);
  if (fresh) {
    rungsFired.inc({ ladder: 'weekly_report', kind: input.rung.kind });
    log.info('rung fired', { rungId: input.rung.id, rungKind: input.rung.kind, periodId: input.periodId, outstanding: all.length, recipients: routed.length });
  }
  return { notificationIds: await notificationsToEmail(sql, [input.key], email) };
}
