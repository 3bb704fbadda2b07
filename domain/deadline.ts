import { z } from 'zod';
import { fromLocal, parseIsoDate } from './zoned-time.js';

export const IsoDate = z
  .string()
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
export const DEFAULT_WORKDAY_END = '18:00';

export function resolveDeadline(deadline: Deadline, timeZone: string, workdayEnd: string = DEFAULT_WORKDAY_END): Date {
  if ('dateTime' in deadline) return new Date(deadline.dateTime);
  const { year, month, day } = parseIsoDate(deadline.date);
  const [hour, minute] = workdayEnd.split(':').map(Number);
  return fromLocal({ year, month, day, hour, minute, second: 0 }, timeZone);
}

/** The local calendar date a deadline falls on, for comparisons with the road map's start date. */
export function deadlineDate(deadline: Deadline): string {
  return 'date' in deadline ? deadline.date : deadline.dateTime.slice(0, 10);
}
