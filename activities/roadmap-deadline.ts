import type { Client } from '@temporalio/client';
import { log } from '@temporalio/activity';
import type postgres from 'postgres';
import { applyOffset } from '../domain/calendar/duration.js';
import { workingCalendarFor } from '../domain/calendar/working-calendar.js';
import type { DomainEvent } from '../domain/events.js';
import { pilotProgramme } from '../domain/federal/pilot.js';
import { roadMapDeadlineLadder, roadMapDueAt, roadMapDueDate } from '../domain/federal/roadmap-deadline.js';
import { roadMapDeadlineRungKey, roadMapDeadlineWorkflowId, type RoadMapDeadlinePlan } from '../domain/federal/roadmap-deadline-state.js';
import { appendEvents } from './event-store.js';
import { notificationsToEmail } from './event-notifications.js';
import type { FireRoadMapDeadlineRung, RoadMapDeadlineTiming } from './roadmap-deadline-types.js';
import { routeToActing, type EmailMode } from './notification-outbox.js';
import { pilotRoadMapApprovedSignal } from '../workflows/roadmap-deadline-messages.js';

export const ROADMAP_RUNG_EVENT = 'federal.roadmap_rung_fired';

/**
 * The regions still to approve their road map, each with the rungs it has
 * not climbed: one statement for the regions, one for the rungs already
 * fired (their events, by key).
 */
export async function planRoadMapDeadlines(sql: postgres.Sql, input: { programmeId: string; timing?: RoadMapDeadlineTiming }): Promise<RoadMapDeadlinePlan> {
  const rows = await sql<{ region_code: string; time_zone: string; due_date: string | null }[]>`
    select pr.region_code, g.time_zone, pr.roadmap_due_date::text as due_date
    from pilot_regions pr join regions g on g.code = pr.region_code
    where pr.programme_id = ${input.programmeId}
      and not exists (select 1 from roadmaps r where r.region_code = pr.region_code and r.approved_version is not null)
    order by pr.region_code`;
  const regions = rows
    .filter((r) => !input.timing?.only || input.timing.only.includes(r.region_code))
    // No date for the region (nor for the programme): nothing is due, nobody is escalated.
    .filter((r) => input.timing || roadMapDueDate(pilotProgramme.roadMapDueDate, r.due_date) !== null)
    .map((r) => {
      const calendar = workingCalendarFor(r.region_code);
      const due = input.timing ? new Date(input.timing.dueAt) : roadMapDueAt(roadMapDueDate(pilotProgramme.roadMapDueDate, r.due_date)!, r.time_zone, calendar);
      const ladder = input.timing
        ? input.timing.rungs.map((g) => ({ rungId: g.id, notify: g.notify, fireAt: applyOffset(due, g.offset, calendar, r.time_zone).toISOString() }))
        : roadMapDeadlineLadder(due, r.time_zone, calendar);
      const dueAt = due.toISOString();
      return { regionCode: r.region_code, dueAt, ladder: ladder.map((g) => ({ ...g, key: roadMapDeadlineRungKey(input.programmeId, r.region_code, dueAt, g.rungId) })) };
    });
  const keys = regions.flatMap((r) => r.ladder.map((g) => g.key));
  const fired = new Set(
    keys.length ? (await sql<{ id: string }[]>`select id from events where id = any(${keys}::text[])`).map((e) => e.id) : [],
  );
  return { programmeId: input.programmeId, regions: regions.map((r) => ({ ...r, ladder: r.ladder.filter((g) => !fired.has(g.key)) })).filter((r) => r.ladder.length) };
}

async function tfomsDirectorsOf(sql: postgres.Sql, regionCode: string): Promise<string[]> {
  const rows = await sql<{ id: string }[]>`
    select p.id from people p join organisations o on o.id = p.organisation_id
    where o.region_code = ${regionCode} and o.kind = 'TFOMS' and p.position = 'director' and p.deactivated_at is null order by p.id`;
  return rows.map((r) => r.id);
}

/**
 * One rung for one region: the region's coordinator (named by its latest
 * road map; a region that has drafted none has no coordinator yet, and the
 * rung is recorded with nobody to tell), its ТФОМС director, or its group's
 * curator. Keyed by region, due time and rung, so a retry records nothing twice.
 */
export async function fireRoadMapDeadlineRung(sql: postgres.Sql, input: FireRoadMapDeadlineRung, email: EmailMode): Promise<{ notificationIds: string[]; approved: boolean }> {
  const [state] = await sql<{ approved: boolean; status: string | null; coordinator_id: string | null }[]>`
    select exists (select 1 from roadmaps r where r.region_code = ${input.regionCode} and r.approved_version is not null) as approved,
           (select r.status from roadmaps r where r.region_code = ${input.regionCode} order by r.updated_at desc limit 1) as status,
           (select v.document->>'coordinatorId' from roadmaps r join roadmap_versions v on v.roadmap_id = r.id and v.version = coalesce(r.working_version, r.approved_version, 1)
             where r.region_code = ${input.regionCode} order by r.updated_at desc limit 1) as coordinator_id`;
  if (state.approved) return { notificationIds: [], approved: true };

  const now = new Date().toISOString();
  let people: string[];
  if (input.rung.notify === 'coordinator') people = state.coordinator_id ? [state.coordinator_id] : [];
  else if (input.rung.notify === 'director') people = await tfomsDirectorsOf(sql, input.regionCode);
  else {
    const [g] = await sql<{ curator_region_code: string }[]>`
      select g.curator_region_code from pilot_groups g join pilot_regions pr on pr.group_id = g.id
      where pr.region_code = ${input.regionCode} and pr.programme_id = ${input.programmeId}`;
    people = g ? await tfomsDirectorsOf(sql, g.curator_region_code) : [];
  }
  const recipients = await routeToActing(sql, people, now);
  const event: DomainEvent = {
    id: input.rung.key,
    type: ROADMAP_RUNG_EVENT,
    // Like the federal week's events: a region without a road map has none to name, so the programme stands in.
    roadMapId: input.programmeId,
    subject: `pilot-roadmap:${input.programmeId}:${input.regionCode}`,
    version: null,
    occurredAt: now,
    actorId: null,
    actingForId: null,
    payload: {
      programmeId: input.programmeId,
      regionCode: input.regionCode,
      rung: input.rung,
      recipients,
      dueAt: input.dueAt,
      roadMapStatus: state.status,
      lagMs: Date.parse(now) - Date.parse(input.rung.fireAt),
    },
  };
  const fresh = await appendEvents(sql, [event], email);
  if (fresh) log.info('road-map deadline rung fired', { regionCode: input.regionCode, rungId: input.rung.rungId, recipients: recipients.length });
  return { notificationIds: await notificationsToEmail(sql, [input.rung.key], email), approved: false };
}

/**
 * After a road map's approval is recorded: tells the pilot's deadline
 * workflow, so a region that has approved drops out of the ladder at once.
 * No workflow (not started, or finished) needs no message.
 */
export async function forwardApprovalToRoadMapDeadline(deps: { sql: postgres.Sql; client: Client }, events: DomainEvent[]): Promise<void> {
  for (const e of events) {
    if (e.type !== 'roadmap.approved') continue;
    const rows = await deps.sql<{ region_code: string; programme_id: string }[]>`
      select pr.region_code, pr.programme_id from roadmaps r join pilot_regions pr on pr.region_code = r.region_code where r.id = ${e.roadMapId}`;
    for (const r of rows) {
      try {
        await deps.client.workflow.getHandle(roadMapDeadlineWorkflowId(r.programme_id)).signal(pilotRoadMapApprovedSignal, { regionCode: r.region_code });
      } catch (err) {
        const name = (err as Error).name;
        if (name !== 'WorkflowNotFoundError') throw err;
      }
    }
  }
}
