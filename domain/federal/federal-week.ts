/**
 * The federal weekly cycle: each week every pilot region's coordinator
 * submits the region's consolidated report to ФОМС by the federal due time,
 * stated in the region's own local time; a region that has not climbs its own
 * ladder (coordinator → ТФОМС director → the group's curator), each rung once.
 */
import { applyOffset } from '../calendar/duration.js';
import type { WorkingCalendar } from '../calendar/working-calendar.js';
import { fromLocal, parseIsoDate } from '../zoned-time.js';
import { dayOfIsoWeek, type IsoWeek } from './iso-week.js';
import type { FederalRecipient, FederalRungPlan } from './federal-week-state.js';

export interface FederalRung {
  id: string;
  /** From the due time: ISO duration or working days of the region's calendar. */
  offset: string;
  notify: FederalRecipient;
}

export interface FederalReportingPolicy {
  /** 0 = Monday … 4 = Friday: the due day (the working day before it when it is off). */
  dueWeekday: number;
  /** Local time in the region. */
  dueTime: string;
  rungs: FederalRung[];
}

/**
 * Friday 18:00 local: after the regional week (reports due Friday 15:00),
 * so the coordinator has the afternoon to review and submit. The director
 * hears a working day later, the curator two.
 */
export const defaultFederalPolicy: FederalReportingPolicy = {
  dueWeekday: 4,
  dueTime: '18:00',
  rungs: [
    { id: 'coordinator', offset: 'PT0S', notify: 'coordinator' },
    { id: 'director', offset: '1WD', notify: 'director' },
    { id: 'curator', offset: '2WD', notify: 'curator' },
  ],
};

/**
 * The federal due time of a week in a region: the due weekday (or the
 * working day before it, never before Monday; a week without a working day
 * by then falls due on its first working day after) at the due time, local.
 */
export function federalDueAt(week: IsoWeek, timeZone: string, calendar: WorkingCalendar, policy: FederalReportingPolicy = defaultFederalPolicy): Date {
  const monday = dayOfIsoWeek(week);
  let day = calendar.previousWorkingDayOnOrBefore(dayOfIsoWeek(week, policy.dueWeekday));
  if (day < monday) day = calendar.nextWorkingDayOnOrAfter(monday);
  const [hour, minute] = policy.dueTime.split(':').map(Number);
  return fromLocal({ ...parseIsoDate(day), hour, minute, second: 0 }, timeZone);
}

/** When each rung of a region's ladder fires, in order. */
export function federalLadder(dueAt: Date, timeZone: string, calendar: WorkingCalendar, policy: FederalReportingPolicy = defaultFederalPolicy): FederalRungPlan[] {
  return policy.rungs
    .map((r) => ({ rungId: r.id, notify: r.notify, fireAt: applyOffset(dueAt, r.offset, calendar, timeZone).toISOString() }))
    .sort((a, b) => a.fireAt.localeCompare(b.fireAt));
}
