import { russianProductionCalendar, type WorkingCalendar } from './calendar/working-calendar.js';
import type { Deadline } from './deadline.js';
import { formatRuIsoDate } from './zoned-time.js';

/**
 * How a deadline written on a day off was moved, and why: the road map says 10.01.2027 (a Sunday),
 * the execution falls due at the end of 11.01.2027 (ст. 193 ГК РФ, see resolveDeadline). Shown next to
 * every deadline so the two dates are never seen without the reason.
 */
export type DayOffReason = 'weekend' | 'holiday' | 'transferred_day_off';

export interface DeadlineShift {
  /** The date as the road map writes it, ГГГГ-ММ-ДД. */
  written: string;
  /** The working day the deadline moved to, ГГГГ-ММ-ДД. */
  due: string;
  reason: DayOffReason;
}

export const dayOffReasonText: Record<DayOffReason, string> = {
  weekend: 'выходной',
  holiday: 'нерабочий праздничный день',
  transferred_day_off: 'перенесённый выходной',
};

/** null for a date-time deadline, a working day, or a year the calendar does not cover (nothing to explain then). */
export function deadlineShift(deadline: Deadline, calendar: WorkingCalendar = russianProductionCalendar): DeadlineShift | null {
  if (!('date' in deadline)) return null;
  const written = deadline.date;
  let due: string;
  try {
    if (calendar.isWorkingDay(written)) return null;
    due = calendar.nextWorkingDayOnOrAfter(written);
  } catch {
    return null;
  }
  const year = Number(written.slice(0, 4));
  const weekday = new Date(`${written}T00:00:00Z`).getUTCDay();
  const reason: DayOffReason = calendar.yearData(year).holidays.includes(written) || calendar.regionalHoliday(written)
    ? 'holiday'
    : weekday === 0 || weekday === 6
      ? 'weekend'
      : 'transferred_day_off';
  return { written, due, reason };
}

/** «10.01.2027 → 11.01.2027 (выходной)». */
export const deadlineShiftText = (s: DeadlineShift) => `${formatRuIsoDate(s.written)} → ${formatRuIsoDate(s.due)} (${dayOffReasonText[s.reason]})`;

/** A deadline as the road map writes it, with the move where there is one. */
export function deadlineWithShiftText(deadline: Deadline, plain: string, calendar: WorkingCalendar = russianProductionCalendar): string {
  const shift = deadlineShift(deadline, calendar);
  return shift ? deadlineShiftText(shift) : plain;
}
