import { describe, expect, it } from 'vitest';
import { formatRuLongDate } from '../../domain/zoned-time.js';
import { Amount, kopecksOf, roublesOf } from '../../domain/financing.js';

describe('dates on documents are the region\'s', () => {
  it('an approval just after midnight is dated the local day, in two zones', () => {
    // 00:19 in Moscow on 05.12 is 21:19 UTC on 04.12.
    expect(formatRuLongDate(new Date('2026-12-04T21:19:00Z'), 'Europe/Moscow')).toBe('«05» декабря 2026 г.');
    expect(formatRuLongDate(new Date('2026-12-04T20:59:00Z'), 'Europe/Moscow')).toBe('«04» декабря 2026 г.');
    // Сахалин (UTC+11): any afternoon in UTC is already the next day there.
    expect(formatRuLongDate(new Date('2026-12-04T14:00:00Z'), 'Asia/Sakhalin')).toBe('«05» декабря 2026 г.');
    expect(formatRuLongDate(new Date('2026-12-04T12:59:00Z'), 'Asia/Sakhalin')).toBe('«04» декабря 2026 г.');
    expect(formatRuLongDate(new Date('2027-01-01T00:00:00Z'), 'Europe/Kaliningrad')).toBe('«01» января 2027 г.');
  });
});

describe('money is exact', () => {
  it('adds in kopecks', () => {
    expect([0.1, 0.2].reduce((s, a) => s + a, 0)).not.toBe(0.3);
    expect(roublesOf([0.1, 0.2].reduce((k, a) => k + kopecksOf(a), 0))).toBe(0.3);
    expect(roublesOf(kopecksOf(1969346.91))).toBe(1969346.91);
  });

  it('refuses a fraction of a kopeck and a negative amount, in Russian', () => {
    expect(Amount.safeParse(10.25).success).toBe(true);
    const tooFine = Amount.safeParse(10.255);
    expect(tooFine.success).toBe(false);
    expect(tooFine.error!.issues[0].message).toMatch(/копейки/);
    expect(Amount.safeParse(-1).error!.issues[0].message).toBe('сумма не может быть отрицательной');
  });
});
