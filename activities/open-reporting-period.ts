import type postgres from 'postgres';
import type { DomainEvent } from '../domain/events.js';
import type { ScheduledRung } from '../domain/escalation-policy.js';
import { periodTimes, reportLadder } from '../domain/monitoring-policy.js';
import type { OrganisationKind } from '../domain/organisation.js';
import { reportingDuties, type DutyPerson } from '../domain/reporting-duty.js';
import { reportingPeriodId, reportingPeriodWorkflowId, type ReportingPeriodPlan } from '../domain/reporting-period.js';
import { itemsOf } from '../domain/roadmap-structure.js';
import { workingCalendarFor } from '../domain/calendar/working-calendar.js';
import { appendEvents } from './event-store.js';
import type { EmailMode } from './notification-outbox.js';
import type { PeriodOpening } from './monitoring-activity-types.js';
import { monitoredRoadMap } from './monitored-road-map.js';

/**
 * Opens a period: its times by the policy and the production calendar, and
 * every reporter's duty from the appointments and item executors, recorded
 * with the opening event. A retry (or a second cycle) finds the period
 * recorded and returns it as it was first opened.
 */
export async function openReportingPeriod(sql: postgres.Sql, input: { roadMapId: string } & PeriodOpening, email: EmailMode): Promise<ReportingPeriodPlan | null> {
  const periodId = reportingPeriodId(input.roadMapId, input.number);
  const recorded = await storedPlan(sql, periodId);
  if (recorded) return recorded;

  const rm = await monitoredRoadMap(sql, input.roadMapId);
  if (!rm || !rm.active || !rm.policy.enabled) return null;
  // The region's own non-working days move its due day and working-day rungs too.
  const calendar = workingCalendarFor(rm.regionCode);
  const times = periodTimes(rm.policy, input.opensAt, rm.timeZone, calendar);
  const ladder = reportLadder(rm.policy, times, rm.timeZone, calendar);

  const named = new Set<string>(rm.document.appointments.map((a) => a.personId));
  for (const { item } of itemsOf(rm.document)) named.add(item.executorId);
  const rows = await sql<{ id: string; organisation_id: string; kind: OrganisationKind }[]>`
    select p.id, p.organisation_id, o.kind from people p join organisations o on o.id = p.organisation_id where p.id = any(${[...named]})`;
  const people = new Map<string, DutyPerson>(rows.map((r) => [r.id, { organisationId: r.organisation_id, organisationKind: r.kind }]));
  const duties = reportingDuties(rm.document, people);

  const event: DomainEvent = {
    id: `${periodId}:opened`,
    type: 'monitoring.period_opened',
    roadMapId: input.roadMapId,
    subject: periodId,
    version: rm.version,
    occurredAt: new Date().toISOString(),
    actorId: null,
    actingForId: null,
    payload: {
      number: input.number,
      ...times,
      timeZone: rm.timeZone,
      coordinatorId: rm.document.coordinatorId,
      workflowId: reportingPeriodWorkflowId(periodId),
      ladder,
      duties,
    },
  };
  await appendEvents(sql, [event], email);
  return (await storedPlan(sql, periodId))!;
}

async function storedPlan(sql: postgres.Sql, periodId: string): Promise<ReportingPeriodPlan | null> {
  const [p] = await sql<{
    id: string; roadmap_id: string; version: number; number: number; region_code: string; time_zone: string; coordinator_id: string;
    opens_at: Date; due_at: Date; cutoff_at: Date; ladder: ScheduledRung[];
  }[]>`
    select p.*, r.region_code from reporting_periods p join roadmaps r on r.id = p.roadmap_id where p.id = ${periodId}`;
  if (!p) return null;
  const duties = await sql<{ person_id: string; controller_ids: string[] }[]>`
    select person_id, controller_ids from reporting_duties where period_id = ${periodId} order by person_id`;
  return {
    periodId: p.id,
    roadMapId: p.roadmap_id,
    version: p.version,
    number: p.number,
    regionCode: p.region_code,
    timeZone: p.time_zone,
    coordinatorId: p.coordinator_id,
    opensAt: p.opens_at.toISOString(),
    dueAt: p.due_at.toISOString(),
    cutoffAt: p.cutoff_at.toISOString(),
    ladder: p.ladder,
    reporters: duties.map((d) => ({ personId: d.person_id, controllerIds: d.controller_ids })),
  };
}
