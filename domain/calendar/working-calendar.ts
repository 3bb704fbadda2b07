/**
 * Working days (рабочие дни) of the Russian production calendar, on calendar
 * dates `YYYY-MM-DD` with no time zone, plus helpers that turn them into
 * instants in a region's IANA zone.
 *
 * Deterministic and I/O-free: usable inside the Temporal workflow sandbox.
 * Any question touching a year the data does not cover throws
 * CalendarYearNotCoveredError rather than guessing weekends only.
 */

import { fromLocal, localIsoDate, parseIsoDate, toLocal } from '../zoned-time.js';
import { productionCalendarData, type ProductionCalendarYear } from './production-calendar-data.js';
import { regionalCalendarData, type RegionalCalendar, type RegionalHoliday } from './regional-days-off-data.js';

/** When a working day ends for deadline purposes, unless the road map says otherwise (`workdayEnd`). */
export const DEFAULT_WORKDAY_END = '18:00';

const DAY_MS = 86_400_000;

export class CalendarYearNotCoveredError extends Error {
  readonly year: number;
  readonly coveredYears: readonly number[];

  constructor(year: number, coveredYears: readonly number[]) {
    const covered = coveredYears.length ? `${coveredYears[0]}–${coveredYears[coveredYears.length - 1]}` : 'нет данных';
    super(`производственный календарь на ${year} год не загружен (есть годы: ${covered})`);
    this.name = 'CalendarYearNotCoveredError';
    this.year = year;
    this.coveredYears = coveredYears;
  }
}

/** Days since 1970-01-01 of a valid ISO date; RangeError for malformed or nonexistent dates. */
function dayNumber(date: string): number {
  const { year, month, day } = parseIsoDate(date);
  const ms = Date.UTC(year, month - 1, day);
  const back = new Date(ms);
  if (back.getUTCFullYear() !== year || back.getUTCMonth() !== month - 1 || back.getUTCDate() !== day) {
    throw new RangeError(`несуществующая дата: ${date}`);
  }
  return ms / DAY_MS;
}

function isoDate(dayNum: number): string {
  return new Date(dayNum * DAY_MS).toISOString().slice(0, 10);
}

function yearOf(dayNum: number): number {
  return new Date(dayNum * DAY_MS).getUTCFullYear();
}

/** 0 = Sunday … 6 = Saturday; 1970-01-01 was a Thursday. */
function weekday(dayNum: number): number {
  return (((dayNum + 4) % 7) + 7) % 7;
}

function isWeekend(dayNum: number): boolean {
  const w = weekday(dayNum);
  return w === 0 || w === 6;
}

function parseTimeOfDay(hhmm: string): { hour: number; minute: number } {
  const m = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(hhmm);
  if (!m) throw new RangeError(`время окончания рабочего дня должно быть в формате ЧЧ:ММ: ${hhmm}`);
  return { hour: Number(m[1]), minute: Number(m[2]) };
}

function requireInteger(n: number, what: string): void {
  if (!Number.isSafeInteger(n)) throw new RangeError(`${what} должно быть целым числом: ${n}`);
}

interface YearTable {
  readonly data: ProductionCalendarYear;
  readonly firstDay: number;
  /** working[i] is 1 when firstDay + i is a working day. */
  readonly working: Uint8Array;
}

function buildYear(data: ProductionCalendarYear): YearTable {
  const { year } = data;
  if (!Number.isInteger(year)) throw new RangeError(`год календаря: ${year}`);
  const firstDay = Date.UTC(year, 0, 1) / DAY_MS;
  const length = Date.UTC(year + 1, 0, 1) / DAY_MS - firstDay;
  const inYear = (date: string, what: string): number => {
    const n = dayNumber(date);
    if (yearOf(n) !== year) throw new RangeError(`${year}: ${what} ${date} вне года`);
    return n;
  };

  const holidays = new Set(data.holidays.map((d) => inYear(d, 'праздник')));
  const daysOff = new Set<number>();
  const workingWeekends = new Set<number>();
  for (const t of data.transfers) {
    const from = inYear(t.from, 'перенос с');
    const to = inYear(t.to, 'перенос на');
    if (!isWeekend(from)) throw new RangeError(`${year}: перенос с ${t.from} — это не суббота и не воскресенье`);
    if (isWeekend(to) || holidays.has(to)) throw new RangeError(`${year}: перенос на ${t.to} — день и так нерабочий`);
    if (daysOff.has(to)) throw new RangeError(`${year}: на ${t.to} перенесено два выходных`);
    daysOff.add(to);
    if (!holidays.has(from)) workingWeekends.add(from);
  }

  const working = new Uint8Array(length);
  for (let i = 0; i < length; i++) {
    const n = firstDay + i;
    const off = holidays.has(n) || daysOff.has(n) || (isWeekend(n) && !workingWeekends.has(n));
    working[i] = off ? 0 : 1;
  }
  return { data, firstDay, working };
}

export class WorkingCalendar {
  private readonly years = new Map<number, YearTable>();
  private readonly covered: readonly number[];
  private readonly regional = new Map<number, RegionalHoliday>();

  /** `regional`: a region's own non-working holidays, on top of the federal calendar (days off only, never working days). */
  constructor(data: readonly ProductionCalendarYear[], regional: RegionalCalendar | null = null) {
    for (const y of data) {
      if (this.years.has(y.year)) throw new RangeError(`год ${y.year} указан в календаре дважды`);
      this.years.set(y.year, buildYear(y));
    }
    this.covered = [...this.years.keys()].sort((a, b) => a - b);
    for (const h of regional?.holidays ?? []) {
      const dates = h.dates ?? (h.monthDay ? this.covered.map((y) => `${y}-${h.monthDay}`) : []);
      for (const d of dates) this.regional.set(dayNumber(d), h);
    }
  }

  /** The regional holiday on `date` (with its legal source), if the region has one then. */
  regionalHoliday(date: string): RegionalHoliday | undefined {
    return this.regional.get(dayNumber(date));
  }

  /** The years the data covers, ascending. */
  coveredYears(): number[] {
    return [...this.covered];
  }

  /** The data (with its legal source) a year was built from. */
  yearData(year: number): ProductionCalendarYear {
    return this.table(year).data;
  }

  isWorkingDay(date: string): boolean {
    return this.isWorking(dayNumber(date));
  }

  /** Number of working days in a calendar year. */
  workingDaysInYear(year: number): number {
    const t = this.table(year);
    let sum = 0;
    for (let i = 0; i < t.working.length; i++) if (t.working[i] && !this.regional.has(t.firstDay + i)) sum++;
    return sum;
  }

  /**
   * n > 0: the n-th working day strictly after `date`; n < 0: the |n|-th working
   * day strictly before it (`date` itself never counts, working or not);
   * n = 0: `date` if it is a working day, else the next working day.
   */
  addWorkingDays(date: string, n: number): string {
    requireInteger(n, 'число рабочих дней');
    if (n === 0) return this.nextWorkingDayOnOrAfter(date);
    const step = n > 0 ? 1 : -1;
    let d = dayNumber(date);
    for (let left = Math.abs(n); left > 0; ) {
      d += step;
      if (this.isWorking(d)) left--;
    }
    return isoDate(d);
  }

  /** `date` if it is a working day, else the closest working day before it. */
  previousWorkingDayOnOrBefore(date: string): string {
    let d = dayNumber(date);
    while (!this.isWorking(d)) d--;
    return isoDate(d);
  }

  /** `date` if it is a working day, else the closest working day after it. */
  nextWorkingDayOnOrAfter(date: string): string {
    let d = dayNumber(date);
    while (!this.isWorking(d)) d++;
    return isoDate(d);
  }

  /**
   * Working days in the half-open interval (from, to] when from ≤ to, and minus
   * the working days in (to, from] otherwise: the n for which
   * addWorkingDays(from, n) reaches `to` when `to` is a working day.
   * `from` itself is never examined, so it may lie in an uncovered year.
   */
  workingDaysBetween(from: string, to: string): number {
    const a = dayNumber(from);
    const b = dayNumber(to);
    const [lo, hi, sign] = a <= b ? [a, b, 1] : [b, a, -1];
    let count = 0;
    for (let d = lo + 1; d <= hi; d++) if (this.isWorking(d)) count++;
    return sign * count || 0;
  }

  /**
   * The instant the working day `date` ends (workdayEnd, local time in the zone).
   * A date that is not a working day rolls forward to the next working day, the way
   * ст. 193 ГК РФ moves a term ending on a day off.
   */
  endOfWorkingDay(date: string, timeZone: string, workdayEnd: string = DEFAULT_WORKDAY_END): Date {
    const { hour, minute } = parseTimeOfDay(workdayEnd);
    const { year, month, day } = parseIsoDate(this.nextWorkingDayOnOrAfter(date));
    return fromLocal({ year, month, day, hour, minute, second: 0 }, timeZone);
  }

  /**
   * End of the working day addWorkingDays(localIsoDate(fromInstant), workingDays):
   * "within N working days" of a moment, counted from the next day in the zone.
   * workingDays = 0 gives the end of that local day (or of the next working day).
   */
  workingDayDeadline(fromInstant: Date, workingDays: number, timeZone: string, workdayEnd: string = DEFAULT_WORKDAY_END): Date {
    const target = this.addWorkingDays(localIsoDate(fromInstant, timeZone), workingDays);
    return this.endOfWorkingDay(target, timeZone, workdayEnd);
  }

  /**
   * The instant on addWorkingDays(localIsoDate(deadline), n) at the deadline's local
   * time of day (seconds and milliseconds kept). With `workdayEnd`, a time of day
   * after it is brought back to it, so a reminder for a 23:59 deadline lands in
   * working hours.
   */
  shiftByWorkingDays(deadline: Date, n: number, timeZone: string, workdayEnd?: string): Date {
    const local = toLocal(deadline, timeZone);
    const target = parseIsoDate(this.addWorkingDays(localIsoDate(deadline, timeZone), n));
    let { hour, minute, second } = local;
    let ms = ((deadline.getTime() % 1000) + 1000) % 1000;
    if (workdayEnd !== undefined) {
      const end = parseTimeOfDay(workdayEnd);
      const msOfDay = ((hour * 60 + minute) * 60 + second) * 1000 + ms;
      if (msOfDay > (end.hour * 60 + end.minute) * 60_000) {
        ({ hour, minute } = end);
        second = 0;
        ms = 0;
      }
    }
    return new Date(fromLocal({ ...target, hour, minute, second }, timeZone).getTime() + ms);
  }

  private table(year: number): YearTable {
    const t = this.years.get(year);
    if (!t) throw new CalendarYearNotCoveredError(year, this.covered);
    return t;
  }

  private isWorking(dayNum: number): boolean {
    const t = this.table(yearOf(dayNum));
    return t.working[dayNum - t.firstDay] === 1 && !this.regional.has(dayNum);
  }
}

/** The Russian production calendar 2015–2027. */
export const russianProductionCalendar = new WorkingCalendar(productionCalendarData);

const regionalCalendars = new Map<string, WorkingCalendar>();

/**
 * The working calendar of a region: the federal one, plus the region's own
 * non-working holidays where it has them (Татарстан, Башкортостан, …).
 */
export function workingCalendarFor(regionCode: string): WorkingCalendar {
  let c = regionalCalendars.get(regionCode);
  if (!c) {
    const regional = regionalCalendarData.find((r) => r.regionCode === regionCode) ?? null;
    c = regional ? new WorkingCalendar(productionCalendarData, regional) : russianProductionCalendar;
    regionalCalendars.set(regionCode, c);
  }
  return c;
}

/* Free-function forms of the zoned helpers; the calendar defaults to the Russian one. */

export function endOfWorkingDay(
  date: string,
  timeZone: string,
  workdayEnd: string = DEFAULT_WORKDAY_END,
  calendar: WorkingCalendar = russianProductionCalendar,
): Date {
  return calendar.endOfWorkingDay(date, timeZone, workdayEnd);
}

export function workingDayDeadline(
  fromInstant: Date,
  workingDays: number,
  timeZone: string,
  workdayEnd: string = DEFAULT_WORKDAY_END,
  calendar: WorkingCalendar = russianProductionCalendar,
): Date {
  return calendar.workingDayDeadline(fromInstant, workingDays, timeZone, workdayEnd);
}

export function shiftByWorkingDays(
  deadline: Date,
  n: number,
  timeZone: string,
  workdayEnd?: string,
  calendar: WorkingCalendar = russianProductionCalendar,
): Date {
  return calendar.shiftByWorkingDays(deadline, n, timeZone, workdayEnd);
}
