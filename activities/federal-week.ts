import type { Client } from '@temporalio/client';
import type postgres from 'postgres';
import { workingCalendarFor } from '../domain/calendar/working-calendar.js';
import { applyOffset } from '../domain/calendar/duration.js';
import type { DomainEvent } from '../domain/events.js';
import { federalDueAt, federalLadder } from '../domain/federal/federal-week.js';
import { federalWeekWorkflowId, type FederalRegionPlan, type FederalWeekPlan } from '../domain/federal/federal-week-state.js';
import { dayOfIsoWeek, formatIsoWeek, isoWeekOf, nextIsoWeek, parseIsoWeek } from '../domain/federal/iso-week.js';
import { fromLocal, parseIsoDate } from '../domain/zoned-time.js';
import { appendEvents } from './event-store.js';
import { notificationsToEmail } from './event-notifications.js';
import type { FederalWeekTiming, FireFederalRung } from './federal-activity-types.js';
import { routeToActing, type EmailMode } from './notification-outbox.js';
import { regionalReportSubmittedSignal } from '../workflows/federal-messages.js';

const MOSCOW = 'Europe/Moscow';

export function planFederalWeek(input: { previousWeek: string | null }, now = new Date()): { week: string; opensAt: string } {
  if (!input.previousWeek) return { week: isoWeekOf(now, MOSCOW), opensAt: now.toISOString() };
  const next = nextIsoWeek(parseIsoWeek(input.previousWeek)!);
  return { week: formatIsoWeek(next), opensAt: fromLocal({ ...parseIsoDate(dayOfIsoWeek(next)), hour: 0, minute: 0, second: 0 }, MOSCOW).toISOString() };
}

interface ExpectedRow {
  region_code: string;
  group_id: string;
  time_zone: string;
  roadmap_id: string;
  coordinator_id: string;
  submitted_at: Date | null;
}

/** The pilot regions with an approved road map and, if any, the week's submission: one query for all of them. */
async function expectedRegions(sql: postgres.Sql, programmeId: string, week: string): Promise<ExpectedRow[]> {
  return sql<ExpectedRow[]>`
    select pr.region_code, pr.group_id, g.time_zone, r.id as roadmap_id, v.document->>'coordinatorId' as coordinator_id,
           (select min(p.submitted_at) from reporting_periods p where p.roadmap_id = r.id and p.iso_week = ${week} and p.status = 'submitted') as submitted_at
    from pilot_regions pr join regions g on g.code = pr.region_code
    join lateral (select id, approved_version from roadmaps where region_code = pr.region_code and approved_version is not null
                  order by updated_at desc limit 1) r on true
    join roadmap_versions v on v.roadmap_id = r.id and v.version = r.approved_version
    where pr.programme_id = ${programmeId}
    order by pr.region_code`;
}

export async function openFederalWeek(
  sql: postgres.Sql,
  input: { programmeId: string; week: string; federalWeekId: string; timing?: FederalWeekTiming },
  email: EmailMode,
): Promise<FederalWeekPlan> {
  const opened = await sql<{ payload: { plan: FederalWeekPlan } }[]>`select payload from events where id = ${`${input.federalWeekId}:opened`}`;
  if (opened.length) return opened[0].payload.plan;
  const week = parseIsoWeek(input.week);
  if (!week) throw new RangeError(`not an ISO week: ${input.week}`);
  const rows = await expectedRegions(sql, input.programmeId, input.week);
  const regions: FederalRegionPlan[] = rows.map((r) => {
    const calendar = workingCalendarFor(r.region_code);
    const due = input.timing ? new Date(input.timing.dueAtByRegion?.[r.region_code] ?? input.timing.dueAt) : federalDueAt(week, r.time_zone, calendar);
    const ladder = input.timing
      ? input.timing.rungs.map((g) => ({ rungId: g.id, notify: g.notify, fireAt: applyOffset(due, g.offset, calendar, r.time_zone).toISOString() }))
      : federalLadder(due, r.time_zone, calendar);
    return {
      regionCode: r.region_code,
      roadMapId: r.roadmap_id,
      coordinatorId: r.coordinator_id,
      groupId: r.group_id,
      timeZone: r.time_zone,
      dueAt: due.toISOString(),
      ladder,
      submittedAt: r.submitted_at?.toISOString() ?? null,
    };
  });
  const plan: FederalWeekPlan = { federalWeekId: input.federalWeekId, programmeId: input.programmeId, week: input.week, regions };
  const event: DomainEvent = {
    id: `${input.federalWeekId}:opened`,
    type: 'federal.week_opened',
    // Federal events belong to no road map: they carry the programme in its place.
    roadMapId: input.programmeId,
    subject: input.federalWeekId,
    version: null,
    occurredAt: new Date().toISOString(),
    actorId: null,
    actingForId: null,
    payload: { plan, workflowId: federalWeekWorkflowId(input.federalWeekId) },
  };
  await appendEvents(sql, [event], email);
  return plan;
}

async function tfomsDirectors(sql: postgres.Sql, regionCode: string): Promise<string[]> {
  const rows = await sql<{ id: string }[]>`
    select p.id from people p join organisations o on o.id = p.organisation_id
    where o.region_code = ${regionCode} and o.kind = 'TFOMS' and p.position = 'director' order by p.id`;
  return rows.map((r) => r.id);
}

export async function fireFederalRung(sql: postgres.Sql, input: FireFederalRung, email: EmailMode): Promise<{ notificationIds: string[]; submittedAt: string | null; notOwed?: boolean }> {
  // The message may have been lost in a race with the opening: the read model is the truth.
  const [done] = await sql<{ submitted_at: Date }[]>`
    select min(p.submitted_at) as submitted_at from reporting_periods p join roadmaps r on r.id = p.roadmap_id
    where r.region_code = ${input.regionCode} and p.iso_week = ${input.week} and p.status = 'submitted' having min(p.submitted_at) is not null`;
  if (done) return { notificationIds: [], submittedAt: done.submitted_at.toISOString() };
  // Nothing was owed when the region's monitoring had no period open in the week by the due time
  // (it starts next week, or the road map was approved after the due time): nobody is escalated.
  const [owed] = await sql`
    select 1 from reporting_periods p join roadmaps r on r.id = p.roadmap_id
    where r.region_code = ${input.regionCode} and p.iso_week = ${input.week} and p.opens_at <= ${input.dueAt} limit 1`;
  if (!owed) return { notificationIds: [], submittedAt: null, notOwed: true };

  const now = new Date().toISOString();
  let people: string[];
  if (input.rung.notify === 'coordinator') people = [input.coordinatorId];
  else if (input.rung.notify === 'director') people = await tfomsDirectors(sql, input.regionCode);
  else {
    const [g] = await sql<{ curator_region_code: string }[]>`
      select g.curator_region_code from pilot_groups g join pilot_regions pr on pr.group_id = g.id where pr.region_code = ${input.regionCode}`;
    people = g ? await tfomsDirectors(sql, g.curator_region_code) : [];
  }
  const recipients = await routeToActing(sql, people, now);
  const event: DomainEvent = {
    id: input.key,
    type: 'federal.report_rung_fired',
    roadMapId: input.roadMapId,
    subject: `${input.federalWeekId}:${input.regionCode}`,
    version: null,
    occurredAt: now,
    actorId: null,
    actingForId: null,
    payload: { federalWeekId: input.federalWeekId, week: input.week, regionCode: input.regionCode, rung: input.rung, recipients, dueAt: input.dueAt, lagMs: Date.parse(now) - Date.parse(input.rung.fireAt) },
  };
  await appendEvents(sql, [event], email);
  return { notificationIds: await notificationsToEmail(sql, [input.key], email), submittedAt: null };
}

/**
 * After a regional consolidated report is recorded: tells the federal week
 * it counts for (a message, so its ladder stops at once). A week not open
 * yet or already over needs no message: its opening reads the read model,
 * and the projection has already marked the region.
 */
export async function forwardSubmissionToFederalWeek(deps: { sql: postgres.Sql; client: Client }, events: DomainEvent[]): Promise<void> {
  for (const e of events) {
    if (e.type !== 'monitoring.consolidated_submitted') continue;
    const weeks = await deps.sql<{ workflow_id: string; region_code: string }[]>`
      select w.workflow_id, r.region_code from reporting_periods p join roadmaps r on r.id = p.roadmap_id
      join federal_region_weeks f on f.region_code = r.region_code join federal_weeks w on w.id = f.federal_week_id and w.week = p.iso_week
      where p.id = ${e.subject}`;
    for (const w of weeks) {
      try {
        await deps.client.workflow.getHandle(w.workflow_id).signal(regionalReportSubmittedSignal, { regionCode: w.region_code, submittedAt: e.occurredAt });
      } catch (err) {
        if ((err as Error).name !== 'WorkflowNotFoundError') throw err;
      }
    }
  }
}
