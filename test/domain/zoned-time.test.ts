/**
 * The wall clock of a zone (`toLocal`) keeps each UTC hour's offset instead of asking Intl for every date it
 * prints. This checks it against Intl itself around every change of offset from 1900 to 2040 of the zones
 * that matter here (every Russian change since 2011, and the local mean times of 1919–1924 with their odd
 * seconds) and of zones with summer time and half-hour offsets: the second before and after each change,
 * and the hours around it, asked in an order that puts the cache to the test.
 */
import { describe, expect, it } from 'vitest';
import { formatRuDate, formatRuDateTime, toLocal, type LocalDateTime } from '../../domain/zoned-time.js';

const intl = new Map<string, Intl.DateTimeFormat>();
const reference = (instant: Date, timeZone: string): LocalDateTime => {
  if (!intl.has(timeZone)) intl.set(timeZone, new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' }));
  const parts = intl.get(timeZone)!.formatToParts(instant);
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  return { year: get('year'), month: get('month'), day: get('day'), hour: get('hour'), minute: get('minute'), second: get('second') };
};
const offsetOf = (ms: number, tz: string) => {
  const l = reference(new Date(ms), tz);
  return Date.UTC(l.year, l.month - 1, l.day, l.hour, l.minute, l.second) - Math.floor(ms / 1000) * 1000;
};

const DAY = 86_400_000;
const zones = [
  'Europe/Moscow', 'Europe/Kaliningrad', 'Europe/Samara', 'Europe/Volgograd', 'Asia/Yekaterinburg', 'Asia/Novosibirsk',
  'Asia/Yakutsk', 'Asia/Vladivostok', 'Asia/Magadan', 'Asia/Kamchatka', 'Asia/Srednekolymsk',
  'America/New_York', 'Australia/Lord_Howe', 'Asia/Kolkata', 'Europe/Amsterdam',
];

/** Each change of the zone's offset between 1900 and 2040, to the second. */
function changes(tz: string): number[] {
  const found: number[] = [];
  let prev = offsetOf(Date.UTC(1900, 0, 1), tz);
  for (let day = Date.UTC(1900, 0, 1) + DAY; day <= Date.UTC(2040, 0, 1); day += DAY) {
    const now = offsetOf(day, tz);
    if (now === prev) continue;
    let [lo, hi] = [day - DAY, day]; // offset(lo) = prev, offset(hi) = now
    while (hi - lo > 1000) {
      const mid = lo + Math.floor((hi - lo) / 2000) * 1000;
      if (offsetOf(mid, tz) === prev) lo = mid;
      else hi = mid;
    }
    found.push(hi);
    prev = now;
  }
  return found;
}

describe('the wall clock of a zone', () => {
  for (const tz of zones) {
    it(`agrees with Intl around every change of offset: ${tz}`, () => {
      const at = changes(tz);
      expect(at.length).toBeGreaterThan(0);
      for (const t of at) {
        // After the change first, then before it: the hour holding it is never kept, its neighbours are.
        const instants = [t, t + 1000, t - 1000, t + 500, t - 1, t + 59_000, t - 3_599_000];
        for (let k = -180; k <= 180; k += 7) instants.push(t + k * 60_000 + 13_000);
        for (const ms of instants) {
          const d = new Date(ms);
          expect(toLocal(d, tz), `${tz} at ${d.toISOString()}`).toEqual(reference(d, tz));
        }
      }
    });
  }

  it('agrees with Intl at random instants, 1900–2040, and prints the dates Russian documents write', () => {
    let seed = 42;
    const random = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
    for (let i = 0; i < 5000; i++) {
      const d = new Date(Date.UTC(1900, 0, 1) + Math.floor(random() * (Date.UTC(2040, 0, 1) - Date.UTC(1900, 0, 1))));
      const tz = zones[i % zones.length];
      expect(toLocal(d, tz), `${tz} at ${d.toISOString()}`).toEqual(reference(d, tz));
    }
    expect(formatRuDateTime(new Date('2027-05-15T14:59:59Z'), 'Asia/Vladivostok')).toBe('16.05.2027 00:59');
    expect(formatRuDate(new Date('2027-05-15T20:30:00Z'), 'Europe/Kaliningrad')).toBe('15.05.2027');
    expect(() => toLocal(new Date(Number.NaN), 'Europe/Moscow')).toThrow(RangeError);
  });
});
