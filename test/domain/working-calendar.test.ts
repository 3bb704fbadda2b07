import { describe, it, expect } from 'vitest';
import { RussianTimeZone } from '../../domain/region.js';
import { productionCalendarData, type ProductionCalendarYear } from '../../domain/calendar/production-calendar-data.js';
import {
  CalendarYearNotCoveredError,
  WorkingCalendar,
  endOfWorkingDay,
  russianProductionCalendar as cal,
  shiftByWorkingDays,
  workingDayDeadline,
} from '../../domain/calendar/working-calendar.js';
import { PolicyOffset, applyOffset, parsePolicyOffset } from '../../domain/calendar/duration.js';

const utc = (y: number, mo: number, d: number, h = 0, mi = 0, s = 0, ms = 0) => new Date(Date.UTC(y, mo - 1, d, h, mi, s, ms));

function isWorkingAll(dates: string[]): boolean[] {
  return dates.map((d) => cal.isWorkingDay(d));
}

describe('production calendar data', () => {
  it('covers 2015 through 2027 and names a decree for every year', () => {
    expect(cal.coveredYears()).toEqual([2015, 2016, 2017, 2018, 2019, 2020, 2021, 2022, 2023, 2024, 2025, 2026, 2027]);
    for (const y of productionCalendarData) expect(y.source).toMatch(/^Постановление Правительства РФ от \d\d\.\d\d\.\d{4} № \d+ «О переносе выходных дней в (\d{4}) году»/);
    expect(cal.yearData(2018).source).toContain('от 14.10.2017 № 1250');
  });

  it('has the well-known yearly totals of working days (five-day week)', () => {
    const totals: Record<number, number> = {
      2015: 247, 2016: 247, 2017: 247, 2018: 247, 2019: 247, 2020: 248, 2021: 247,
      2022: 247, 2023: 247, 2024: 248, 2025: 247, 2026: 247, 2027: 247,
    };
    for (const year of cal.coveredYears()) {
      expect(cal.workingDaysInYear(year), String(year)).toBe(totals[year]);
      if (year > 2015) expect(cal.workingDaysBetween(`${year - 1}-12-31`, `${year}-12-31`), String(year)).toBe(totals[year]);
    }
    // (from, to] does not look at `from`, so 2014-12-31 is fine.
    expect(cal.workingDaysBetween('2014-12-31', '2015-12-31')).toBe(247);
  });

  it('has the monthly totals of 2024 and 2025', () => {
    const months = (year: number) =>
      Array.from({ length: 12 }, (_, i) => {
        const end = new Date(Date.UTC(year, i + 1, 0)).toISOString().slice(0, 10);
        const before = new Date(Date.UTC(year, i, 0)).toISOString().slice(0, 10);
        return cal.workingDaysBetween(before, end);
      });
    expect(months(2024)).toEqual([17, 20, 20, 21, 20, 19, 23, 22, 21, 23, 21, 21]);
    expect(months(2025)).toEqual([17, 20, 21, 22, 18, 19, 23, 21, 22, 23, 19, 22]);
  });

  it('follows art. 112: weekend holidays outside 1–8 Jan are transferred, and exactly two January ones', () => {
    for (const y of productionCalendarData) {
      const weekend = (d: string) => [0, 6].includes(new Date(`${d}T00:00:00Z`).getUTCDay());
      const fromSet = new Set(y.transfers.map((t) => t.from));
      for (const h of y.holidays) if (!h.includes('-01-') && weekend(h)) expect(fromSet.has(h), `${h} not transferred`).toBe(true);
      expect(y.transfers.filter((t) => t.from.slice(5, 7) === '01').length, String(y.year)).toBe(2);
      expect(y.transfers.filter((t) => t.basis === 'labour-code').every((t) => !t.from.includes('-01-'))).toBe(true);
    }
  });

  it('rejects inconsistent data', () => {
    const base: ProductionCalendarYear = { year: 2030, revision: 1, source: 'test', holidays: ['2030-01-01'], transfers: [] };
    expect(() => new WorkingCalendar([base, base])).toThrow(/дважды/);
    expect(() => new WorkingCalendar([{ ...base, holidays: ['2031-01-01'] }])).toThrow(/вне года/);
    expect(() => new WorkingCalendar([{ ...base, transfers: [{ from: '2030-01-07', to: '2030-01-08', basis: 'decree' }] }])).toThrow(
      /не суббота/,
    );
    expect(() => new WorkingCalendar([{ ...base, holidays: ['2030-02-30'] }])).toThrow(RangeError);
  });
});

describe('WorkingCalendar on dates', () => {
  it('knows the New Year holidays', () => {
    expect(isWorkingAll(['2017-01-02', '2017-01-06', '2017-01-09'])).toEqual([false, false, true]);
    expect(cal.isWorkingDay('2015-01-09')).toBe(false); // transferred from Sat 3 Jan
    expect(cal.isWorkingDay('2015-01-12')).toBe(true);
    expect(cal.isWorkingDay('2026-01-09')).toBe(false);
    expect(cal.isWorkingDay('2026-01-12')).toBe(true);
    expect(cal.nextWorkingDayOnOrAfter('2024-01-01')).toBe('2024-01-09');
  });

  it('knows the May holidays', () => {
    // 2018: Sat 28 Apr worked, Mon 30 Apr off, 1–2 May off, 3 May working, 9 May holiday.
    expect(isWorkingAll(['2018-04-28', '2018-04-30', '2018-05-01', '2018-05-02', '2018-05-03', '2018-05-09'])).toEqual([
      true, false, false, false, true, false,
    ]);
    // 2019: 1–5 and 9–12 May.
    expect(isWorkingAll(['2019-05-02', '2019-05-03', '2019-05-06', '2019-05-10', '2019-05-13'])).toEqual([false, false, true, false, true]);
    // 2020: 4–5 May from January; 11 May from Sat 9 May. COVID non-working days are not holidays.
    expect(isWorkingAll(['2020-05-04', '2020-05-05', '2020-05-06', '2020-05-11', '2020-04-15'])).toEqual([false, false, true, false, true]);
    // 2025: 2 May and 8 May off (8 May by the decree from Sun 23 Feb).
    expect(isWorkingAll(['2025-05-02', '2025-05-05', '2025-05-08', '2025-05-12'])).toEqual([false, true, false, true]);
  });

  it('knows the transferred days', () => {
    expect(cal.isWorkingDay('2018-04-28')).toBe(true);
    expect(cal.isWorkingDay('2018-04-30')).toBe(false);
    expect(cal.isWorkingDay('2018-06-09')).toBe(true);
    expect(cal.isWorkingDay('2018-12-29')).toBe(true);
    expect(cal.isWorkingDay('2018-12-31')).toBe(false);
    expect(cal.isWorkingDay('2024-04-27')).toBe(true);
    expect(isWorkingAll(['2024-04-29', '2024-04-30'])).toEqual([false, false]);
    expect(cal.isWorkingDay('2024-11-02')).toBe(true);
    expect(cal.isWorkingDay('2024-12-28')).toBe(true);
    expect(isWorkingAll(['2024-12-30', '2024-12-31'])).toEqual([false, false]);
    expect(cal.isWorkingDay('2021-02-20')).toBe(true);
    expect(cal.isWorkingDay('2021-02-22')).toBe(false);
    expect(cal.isWorkingDay('2021-12-31')).toBe(false);
    expect(cal.isWorkingDay('2022-03-05')).toBe(true);
    expect(cal.isWorkingDay('2022-03-07')).toBe(false);
    expect(cal.isWorkingDay('2025-11-01')).toBe(true);
    expect(isWorkingAll(['2025-11-03', '2025-12-31'])).toEqual([false, false]);
    // Art. 112 automatic transfers vs. decree ones: 2017-11-06 off; 2019-02-25 and 2025-02-24 working.
    expect(isWorkingAll(['2017-11-06', '2019-02-25', '2025-02-24', '2025-03-10', '2025-06-13'])).toEqual([false, true, true, true, false]);
    // An ordinary Saturday stays off.
    expect(cal.isWorkingDay('2018-05-05')).toBe(false);
  });

  it('adds working days with the documented semantics', () => {
    expect(cal.addWorkingDays('2018-05-03', 0)).toBe('2018-05-03');
    expect(cal.addWorkingDays('2018-05-05', 0)).toBe('2018-05-07');
    expect(cal.addWorkingDays('2018-05-05', 1)).toBe('2018-05-07'); // the start day never counts
    expect(cal.addWorkingDays('2018-05-05', -1)).toBe('2018-05-04');
    expect(cal.addWorkingDays('2018-04-27', 1)).toBe('2018-04-28');
    expect(cal.addWorkingDays('2018-04-27', 2)).toBe('2018-05-03');
    expect(cal.addWorkingDays('2018-05-03', -2)).toBe('2018-04-27');
    expect(cal.addWorkingDays('2017-05-15', 5)).toBe('2017-05-22');
    expect(() => cal.addWorkingDays('2018-05-03', 1.5)).toThrow(RangeError);
  });

  it('crosses year boundaries into the January holidays', () => {
    expect(cal.addWorkingDays('2017-12-29', 1)).toBe('2018-01-09');
    expect(cal.addWorkingDays('2018-12-28', 1)).toBe('2018-12-29');
    expect(cal.addWorkingDays('2018-12-28', 2)).toBe('2019-01-09');
    expect(cal.addWorkingDays('2019-01-09', -1)).toBe('2018-12-29');
    expect(cal.addWorkingDays('2024-12-27', 2)).toBe('2025-01-09');
    expect(cal.addWorkingDays('2025-12-30', 1)).toBe('2026-01-12');
    expect(cal.addWorkingDays('2026-12-30', 1)).toBe('2027-01-11');
    expect(cal.previousWorkingDayOnOrBefore('2021-01-10')).toBe('2020-12-31');
    expect(cal.previousWorkingDayOnOrBefore('2021-01-11')).toBe('2021-01-11');
    expect(cal.nextWorkingDayOnOrAfter('2021-12-31')).toBe('2022-01-10');
    expect(cal.workingDaysBetween('2017-12-29', '2018-01-09')).toBe(1);
    expect(cal.workingDaysBetween('2018-01-09', '2017-12-29')).toBe(-1);
    expect(cal.workingDaysBetween('2018-05-03', '2018-05-03')).toBe(0);
  });

  it('keeps addWorkingDays and workingDaysBetween consistent', () => {
    for (const from of ['2018-04-27', '2019-12-30', '2024-04-26', '2020-03-06']) {
      for (const n of [-7, -3, -1, 1, 2, 10, 30]) {
        const to = cal.addWorkingDays(from, n);
        expect(cal.workingDaysBetween(from, to)).toBe(n);
      }
    }
  });

  it('throws for years the data does not cover, naming the year', () => {
    expect(() => cal.isWorkingDay('2014-12-31')).toThrow(CalendarYearNotCoveredError);
    expect(() => cal.isWorkingDay('2028-01-10')).toThrow(/2028/);
    try {
      cal.addWorkingDays('2027-12-30', 1); // 31 Dec 2027 is off, so the walk reaches 2028
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(CalendarYearNotCoveredError);
      expect((e as CalendarYearNotCoveredError).year).toBe(2028);
      expect((e as Error).message).toContain('2028');
    }
    expect(() => cal.previousWorkingDayOnOrBefore('2015-01-05')).toThrow(/2014/);
    expect(() => cal.workingDaysBetween('2026-12-01', '2028-01-31')).toThrow(CalendarYearNotCoveredError);
    expect(() => cal.workingDaysInYear(2030)).toThrow(CalendarYearNotCoveredError);
    expect(() => new WorkingCalendar([]).isWorkingDay('2020-01-01')).toThrow(/2020/);
  });

  it('rejects malformed dates', () => {
    expect(() => cal.isWorkingDay('2018-02-30')).toThrow(RangeError);
    expect(() => cal.isWorkingDay('15.05.2017')).toThrow(RangeError);
  });

  it('works on data passed in by a test', () => {
    const custom = new WorkingCalendar([
      { year: 2030, revision: 1, source: 'test', holidays: ['2030-01-01'], transfers: [{ from: '2030-01-05', to: '2030-01-04', basis: 'decree' }] },
    ]);
    expect(custom.coveredYears()).toEqual([2030]);
    expect(custom.isWorkingDay('2030-01-04')).toBe(false);
    expect(custom.isWorkingDay('2030-01-05')).toBe(true);
    expect(custom.addWorkingDays('2029-12-31', 1)).toBe('2030-01-02');
    expect(custom.workingDaysInYear(2030)).toBe(261 - 1);
  });
});

describe('zoned working days', () => {
  // UTC offsets on 2017-05-15 of every zone in RussianTimeZone (after the 2016 changes, before Volgograd's 2018 switch).
  const offsets: Record<RussianTimeZone, number> = {
    'Europe/Kaliningrad': 2,
    'Europe/Moscow': 3,
    'Europe/Simferopol': 3,
    'Europe/Volgograd': 3,
    'Europe/Kirov': 3,
    'Europe/Samara': 4,
    'Europe/Astrakhan': 4,
    'Europe/Saratov': 4,
    'Europe/Ulyanovsk': 4,
    'Asia/Yekaterinburg': 5,
    'Asia/Omsk': 6,
    'Asia/Novosibirsk': 7,
    'Asia/Barnaul': 7,
    'Asia/Tomsk': 7,
    'Asia/Novokuznetsk': 7,
    'Asia/Krasnoyarsk': 7,
    'Asia/Irkutsk': 8,
    'Asia/Chita': 9,
    'Asia/Yakutsk': 9,
    'Asia/Khandyga': 9,
    'Asia/Vladivostok': 10,
    'Asia/Ust-Nera': 10,
    'Asia/Magadan': 11,
    'Asia/Sakhalin': 11,
    'Asia/Srednekolymsk': 11,
    'Asia/Kamchatka': 12,
    'Asia/Anadyr': 12,
  };

  it('covers every zone of domain/region.ts and all eleven offsets +2…+12', () => {
    expect(Object.keys(offsets).sort()).toEqual([...RussianTimeZone.options].sort());
    expect([...new Set(Object.values(offsets))].sort((a, b) => a - b)).toEqual([2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
  });

  it('ends the working day 2017-05-15 at 18:00 local time in every zone', () => {
    for (const [zone, off] of Object.entries(offsets)) {
      expect(cal.endOfWorkingDay('2017-05-15', zone).toISOString(), zone).toBe(utc(2017, 5, 15, 18 - off).toISOString());
    }
    expect(endOfWorkingDay('2017-05-15', 'Asia/Kamchatka').toISOString()).toBe('2017-05-15T06:00:00.000Z');
    expect(endOfWorkingDay('2017-05-15', 'Europe/Kaliningrad').toISOString()).toBe('2017-05-15T16:00:00.000Z');
  });

  it('puts Vladivostok 8 hours of instants ahead of Kaliningrad', () => {
    const vladivostok = endOfWorkingDay('2017-05-15', 'Asia/Vladivostok');
    const kaliningrad = endOfWorkingDay('2017-05-15', 'Europe/Kaliningrad');
    expect(vladivostok.toISOString()).toBe('2017-05-15T08:00:00.000Z');
    expect(kaliningrad.getTime() - vladivostok.getTime()).toBe(8 * 3_600_000);
  });

  it('follows historical offsets (Volgograd was +4 in 2019)', () => {
    expect(endOfWorkingDay('2019-05-15', 'Europe/Volgograd').toISOString()).toBe('2019-05-15T14:00:00.000Z');
    expect(endOfWorkingDay('2021-05-17', 'Europe/Volgograd').toISOString()).toBe('2021-05-17T15:00:00.000Z');
  });

  it('honours workdayEnd and rolls a day off forward', () => {
    expect(endOfWorkingDay('2017-05-15', 'Europe/Moscow', '17:45').toISOString()).toBe('2017-05-15T14:45:00.000Z');
    expect(endOfWorkingDay('2018-04-30', 'Europe/Moscow').toISOString()).toBe('2018-05-03T15:00:00.000Z');
    expect(() => endOfWorkingDay('2017-05-15', 'Europe/Moscow', '18')).toThrow(RangeError);
  });

  it('counts a deadline in working days from the local date of an instant', () => {
    // 2017-05-11T15:00Z is Thu 17:00 in Kaliningrad but Fri 01:00 in Vladivostok.
    const at = utc(2017, 5, 11, 15);
    expect(workingDayDeadline(at, 1, 'Europe/Kaliningrad').toISOString()).toBe('2017-05-12T16:00:00.000Z');
    expect(workingDayDeadline(at, 1, 'Asia/Vladivostok').toISOString()).toBe('2017-05-15T08:00:00.000Z');
    expect(workingDayDeadline(at, 0, 'Europe/Kaliningrad').toISOString()).toBe('2017-05-11T16:00:00.000Z');
    // "within 3 working days" from Fri 27 Apr 2018 in Moscow: Sat 28 Apr, Thu 3 May, Fri 4 May.
    expect(cal.workingDayDeadline(utc(2018, 4, 27, 9), 3, 'Europe/Moscow').toISOString()).toBe('2018-05-04T15:00:00.000Z');
  });

  it('shifts a deadline by working days at the same local time', () => {
    const deadline = endOfWorkingDay('2018-05-03', 'Asia/Kamchatka'); // Thu 18:00 +12
    expect(shiftByWorkingDays(deadline, -1, 'Asia/Kamchatka').toISOString()).toBe('2018-04-28T06:00:00.000Z');
    expect(shiftByWorkingDays(deadline, -3, 'Asia/Kamchatka').toISOString()).toBe('2018-04-26T06:00:00.000Z');
    expect(shiftByWorkingDays(deadline, 2, 'Asia/Kamchatka').toISOString()).toBe('2018-05-07T06:00:00.000Z');
    // Seconds and milliseconds are kept.
    const exact = utc(2024, 12, 28, 9, 30, 15, 250); // Sat 12:30:15.250 Moscow, a working Saturday
    expect(shiftByWorkingDays(exact, 1, 'Europe/Moscow').toISOString()).toBe('2025-01-09T09:30:15.250Z');
    // With workdayEnd, an after-hours time is brought back to it.
    const late = utc(2017, 5, 15, 20, 59); // Mon 23:59 Moscow
    expect(shiftByWorkingDays(late, -1, 'Europe/Moscow').toISOString()).toBe('2017-05-12T20:59:00.000Z');
    expect(shiftByWorkingDays(late, -1, 'Europe/Moscow', '18:00').toISOString()).toBe('2017-05-12T15:00:00.000Z');
  });
});

describe('policy offsets', () => {
  it('parses ISO 8601 durations exactly', () => {
    expect(parsePolicyOffset('PT5S')).toEqual({ kind: 'duration', milliseconds: 5000 });
    expect(parsePolicyOffset('PT3S')).toEqual({ kind: 'duration', milliseconds: 3000 });
    expect(parsePolicyOffset('PT1H30M')).toEqual({ kind: 'duration', milliseconds: 5_400_000 });
    expect(parsePolicyOffset('P2D')).toEqual({ kind: 'duration', milliseconds: 2 * 86_400_000 });
    expect(parsePolicyOffset('P1W')).toEqual({ kind: 'duration', milliseconds: 7 * 86_400_000 });
    expect(parsePolicyOffset('-P1D')).toEqual({ kind: 'duration', milliseconds: -86_400_000 });
    expect(parsePolicyOffset('P1DT12H')).toEqual({ kind: 'duration', milliseconds: 36 * 3_600_000 });
    expect(parsePolicyOffset('PT0.5S')).toEqual({ kind: 'duration', milliseconds: 500 });
    expect(parsePolicyOffset('PT0S')).toEqual({ kind: 'duration', milliseconds: 0 });
  });

  it('parses working-day offsets', () => {
    expect(parsePolicyOffset('3WD')).toEqual({ kind: 'workingDays', days: 3 });
    expect(parsePolicyOffset('-1WD')).toEqual({ kind: 'workingDays', days: -1 });
    expect(parsePolicyOffset('+2WD')).toEqual({ kind: 'workingDays', days: 2 });
  });

  it('rejects anything else', () => {
    for (const bad of ['', 'P', 'PT', 'P1Y', 'P1M', 'PT1H30', '1D', 'WD', '3 WD', '3wd', 'pt5s', 'P1.5D', 'PT0.0001S', '5']) {
      expect(PolicyOffset.safeParse(bad).success, bad).toBe(false);
      expect(() => parsePolicyOffset(bad), bad).toThrow(RangeError);
    }
    expect(PolicyOffset.safeParse('PT3S').success).toBe(true);
    expect(PolicyOffset.safeParse('-1WD').success).toBe(true);
  });

  it('applies offsets to instants', () => {
    const t = utc(2018, 4, 27, 12, 0, 0, 1);
    expect(applyOffset(t, 'PT3S', cal, 'Europe/Moscow').getTime()).toBe(t.getTime() + 3000);
    expect(applyOffset(t, '-P1D', cal, 'Europe/Moscow').toISOString()).toBe('2018-04-26T12:00:00.001Z');
    // Fri 27 Apr 2018 15:00 Moscow + 2 working days: Sat 28 Apr, Thu 3 May.
    expect(applyOffset(t, '2WD', cal, 'Europe/Moscow').toISOString()).toBe('2018-05-03T12:00:00.001Z');
    // Remind 3 working days before Mon 7 May 2018 18:00 in Vladivostok: Fri 4, Thu 3, then the working Sat 28 Apr.
    const deadline = endOfWorkingDay('2018-05-07', 'Asia/Vladivostok');
    expect(applyOffset(deadline, '-3WD', cal, 'Asia/Vladivostok', '18:00').toISOString()).toBe('2018-04-28T08:00:00.000Z');
  });
});
