import { z } from 'zod';
import { IdText } from './text.js';
import { applyOffset, PolicyOffset, tryParsePolicyOffset } from './calendar/duration.js';
import { russianProductionCalendar, type WorkingCalendar } from './calendar/working-calendar.js';
import { EscalationPolicy, scheduleLadder, type ScheduledRung } from './escalation-policy.js';
import { fromLocal, localIsoDate, parseIsoDate } from './zoned-time.js';

export const Weekday = z.enum(['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday']);
export type Weekday = z.infer<typeof Weekday>;

export const weekdayLabel: Record<Weekday, string> = {
  monday: 'понедельник',
  tuesday: 'вторник',
  wednesday: 'среда',
  thursday: 'четверг',
  friday: 'пятница',
  saturday: 'суббота',
  sunday: 'воскресенье',
};

const TimeOfDay = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'время ЧЧ:ММ');

/** Elapsed time only: a week played in seconds must not depend on which days are holidays. */
const Elapsed = z.string().refine((s) => {
  const p = tryParsePolicyOffset(s);
  return p?.kind === 'duration' && p.milliseconds > 0;
}, 'положительная длительность ISO 8601 (PT20S, PT30M, P7D)');

/**
 * A week played in elapsed time, for tests and demonstrations: every period
 * lasts periodLength, reports are due dueAfter its opening and accepted until
 * cutoffAfter its opening. Overrides the weekday timing.
 */
export const FastCycle = z
  .object({ periodLength: Elapsed, dueAfter: Elapsed, cutoffAfter: Elapsed })
  .strict()
  .superRefine((c, ctx) => {
    if (ms(c.cutoffAfter) <= ms(c.dueAfter)) ctx.addIssue({ code: 'custom', path: ['cutoffAfter'], message: 'окончание приёма должно быть позже срока представления' });
  });
export type FastCycle = z.infer<typeof FastCycle>;

/**
 * The late-report ladder, offsets from the due time: the reporter, then the
 * controlling official, then the ТФОМС director, each rung once per period.
 */
export const defaultLateReportPolicy: EscalationPolicy = {
  rungs: [
    { id: 'remind', kind: 'reminder', offset: '-PT3H', notify: ['executor'] },
    { id: 'late', kind: 'escalation', offset: 'PT0S', notify: ['executor'] },
    { id: 'late-controller', kind: 'escalation', offset: 'PT2H', notify: ['controller'] },
    { id: 'late-director', kind: 'escalation', offset: '1WD', notify: ['director'] },
  ],
};

/**
 * Weekly monitoring of a road map (seed 000: mandatory, compiled by the
 * coordinator who reports to ФОМС). By default a period opens on Monday 09:00,
 * reports are due on Friday 15:00 local time (the previous working day when
 * Friday is a day off) and accepted until two working days after that.
 */
export const MonitoringPolicy = z
  .object({
    enabled: z.boolean().default(true),
    opensOn: Weekday.default('monday'),
    opensAt: TimeOfDay.default('09:00'),
    dueOn: Weekday.default('friday'),
    dueAt: TimeOfDay.default('15:00'),
    /** From the due time: "2WD" two working days later at the same time. */
    cutoffAfter: PolicyOffset.default('2WD'),
    lateReports: EscalationPolicy.default(defaultLateReportPolicy),
    /** The indicator the СМО form's informing effectiveness is measured against. */
    informingIndicatorId: IdText.max(64).default('informing-effectiveness'),
    fastCycle: FastCycle.optional(),
  })
  .strict();
export type MonitoringPolicy = z.infer<typeof MonitoringPolicy>;
export type MonitoringPolicyInput = z.input<typeof MonitoringPolicy>;

export const defaultMonitoringPolicy: MonitoringPolicy = MonitoringPolicy.parse({});

export interface PeriodTimes {
  opensAt: string;
  dueAt: string;
  cutoffAt: string;
}

function ms(offset: string): number {
  const p = tryParsePolicyOffset(offset);
  return p?.kind === 'duration' ? p.milliseconds : 0;
}

const WEEKDAY_INDEX: Record<Weekday, number> = { sunday: 0, monday: 1, tuesday: 2, wednesday: 3, thursday: 4, friday: 5, saturday: 6 };
const DAY_MS = 86_400_000;

function addDays(date: string, n: number): string {
  const { year, month, day } = parseIsoDate(date);
  return new Date(Date.UTC(year, month - 1, day) + n * DAY_MS).toISOString().slice(0, 10);
}

function weekdayOf(date: string): number {
  const { year, month, day } = parseIsoDate(date);
  return new Date(Date.UTC(year, month - 1, day)).getUTCDay();
}

function at(date: string, time: string, timeZone: string): Date {
  const [hour, minute] = time.split(':').map(Number);
  return fromLocal({ ...parseIsoDate(date), hour, minute, second: 0 }, timeZone);
}

/** The working day reports of a week opening on `openDate` are due: the due weekday, or the working day before it. */
function dueDay(policy: MonitoringPolicy, openDate: string, calendar: WorkingCalendar): string | null {
  const shift = (WEEKDAY_INDEX[policy.dueOn] - weekdayOf(openDate) + 7) % 7;
  const day = calendar.previousWorkingDayOnOrBefore(addDays(openDate, shift));
  // A week with no working day between opening and the due weekday (New Year holidays) has no period.
  return day < openDate ? null : day;
}

/**
 * When the next period opens: the first opening weekday and time strictly
 * after the previous period's opening (or after now for a road map's first
 * period). Elapsed-time cycles open the first period right away.
 */
export function nextOpening(
  policy: MonitoringPolicy,
  previousOpensAt: string | null,
  now: Date,
  timeZone: string,
  calendar: WorkingCalendar = russianProductionCalendar,
): string {
  if (policy.fastCycle) {
    if (!previousOpensAt) return now.toISOString();
    const next = Date.parse(previousOpensAt) + ms(policy.fastCycle.periodLength);
    // After a long outage the cycle resumes now instead of replaying every missed period at once.
    return new Date(next < now.getTime() - ms(policy.fastCycle.periodLength) ? now.getTime() : next).toISOString();
  }
  const after = previousOpensAt ? new Date(previousOpensAt) : now;
  let date = localIsoDate(after, timeZone);
  for (let i = 0; i < 400; i++, date = addDays(date, 1)) {
    if (weekdayOf(date) !== WEEKDAY_INDEX[policy.opensOn]) continue;
    const opens = at(date, policy.opensAt, timeZone);
    if (opens.getTime() <= after.getTime()) continue;
    if (dueDay(policy, date, calendar) === null) continue;
    return opens.toISOString();
  }
  throw new RangeError('за 400 дней не найдено ни одной рабочей недели');
}

/** Due time and cut-off of the period opening at `opensAt`, on the production calendar in the region's zone. */
export function periodTimes(
  policy: MonitoringPolicy,
  opensAt: string,
  timeZone: string,
  calendar: WorkingCalendar = russianProductionCalendar,
): PeriodTimes {
  const opens = new Date(opensAt);
  if (policy.fastCycle) {
    return {
      opensAt,
      dueAt: new Date(opens.getTime() + ms(policy.fastCycle.dueAfter)).toISOString(),
      cutoffAt: new Date(opens.getTime() + ms(policy.fastCycle.cutoffAfter)).toISOString(),
    };
  }
  const openDate = localIsoDate(opens, timeZone);
  const day = dueDay(policy, openDate, calendar) ?? calendar.nextWorkingDayOnOrAfter(openDate);
  let due = at(day, policy.dueAt, timeZone);
  if (due.getTime() <= opens.getTime()) due = new Date(opens.getTime() + DAY_MS);
  const cutoff = applyOffset(due, policy.cutoffAfter, calendar, timeZone);
  return { opensAt, dueAt: due.toISOString(), cutoffAt: new Date(Math.max(cutoff.getTime(), due.getTime() + 60_000)).toISOString() };
}

/** The late-report ladder of one period: only rungs that fall while the period accepts reports. */
export function reportLadder(
  policy: MonitoringPolicy,
  times: PeriodTimes,
  timeZone: string,
  calendar: WorkingCalendar = russianProductionCalendar,
): ScheduledRung[] {
  return scheduleLadder(policy.lateReports, new Date(times.dueAt), timeZone, undefined, calendar).filter(
    (r) => r.fireAt >= times.opensAt && r.fireAt < times.cutoffAt,
  );
}
