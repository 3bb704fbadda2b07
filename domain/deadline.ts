import { z } from 'zod';
import { DEFAULT_WORKDAY_END, russianProductionCalendar, type WorkingCalendar } from './calendar/working-calendar.js';

export const IsoDate = z
  .string()
  // An empty date is a missing one, not a badly written one (the page shows дд.мм.гггг, not ГГГГ-ММ-ДД).
  .min(1, { message: 'укажите дату', abort: true })
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'дата в формате ГГГГ-ММ-ДД')
  .refine((s) => !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s), 'несуществующая дата');

/**
 * A deadline (срок исполнения) is either a date, meaning the end of that
 * working day in the region's local time, or an exact date-time with offset.
 */
export const Deadline = z.union([
  z.object({ date: IsoDate }).strict(),
  z.object({ dateTime: z.string().datetime({ offset: true }) }).strict(),
]);
export type Deadline = z.infer<typeof Deadline>;

/** "18:00" by default: when a working day ends for deadline purposes. */
export const WorkdayEnd = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'время ЧЧ:ММ');
export { DEFAULT_WORKDAY_END };

/**
 * The instant a deadline falls due. A date on a day off moves to the end of
 * the next working day (ст. 193 ГК РФ); a year the calendar does not cover is an error.
 */
export function resolveDeadline(
  deadline: Deadline,
  timeZone: string,
  workdayEnd: string = DEFAULT_WORKDAY_END,
  calendar: WorkingCalendar = russianProductionCalendar,
): Date {
  if ('dateTime' in deadline) return new Date(deadline.dateTime);
  return calendar.endOfWorkingDay(deadline.date, timeZone, workdayEnd);
}

/** The local calendar date a deadline falls on, for comparisons with the road map's start date. */
export function deadlineDate(deadline: Deadline): string {
  return 'date' in deadline ? deadline.date : deadline.dateTime.slice(0, 10);
}
