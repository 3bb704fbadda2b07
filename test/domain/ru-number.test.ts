/**
 * Numbers and times as the pages and generated documents print them: a decimal comma, never a point
 * (/pilot/regions/66 said «38.2 %» while the consolidated report said «37,5»), and a time with its zone
 * named (the consolidated report said «Сформирован 06.12.2026 12:55» to readers in Moscow).
 */
import { describe, expect, it } from 'vitest';
import { formatRuNumber } from '../../domain/ru-number.js';
import { formatRuDateTimeZoned } from '../../domain/zoned-time.js';

const nbsp = '\u00a0';

describe('formatRuNumber', () => {
  it('writes a decimal comma, drops trailing zeros and keeps at most the decimals asked for', () => {
    expect(formatRuNumber(38.2)).toBe('38,2');
    expect(formatRuNumber(12.5)).toBe('12,5');
    expect(formatRuNumber(195.2)).toBe('195,2');
    expect(formatRuNumber(38)).toBe('38');
    expect(formatRuNumber(0)).toBe('0');
    expect(formatRuNumber(46.666666, 1)).toBe('46,7');
    expect(formatRuNumber(12.125, 2)).toBe('12,13');
    expect(formatRuNumber(12.125)).toBe('12,125');
    expect(formatRuNumber(-0.5)).toBe('-0,5');
  });

  it('groups thousands with a no-break space, as Russian text does', () => {
    expect(formatRuNumber(1500)).toBe(`1${nbsp}500`);
    expect(formatRuNumber(12345.6, 1)).toBe(`12${nbsp}345,6`);
  });

  it('never prints a point before a decimal', () => {
    for (const v of [0.1, 1.05, 37.5, 38.3, 99.9, 12.1, 1234.56]) expect(formatRuNumber(v), String(v)).not.toMatch(/\d\.\d/);
  });
});

describe('formatRuDateTimeZoned', () => {
  it('the region’s wall clock with its zone named as МСК±N', () => {
    // 10:55 in Moscow is 12:55 in Екатеринбург (МСК+2).
    expect(formatRuDateTimeZoned(new Date('2026-12-06T07:55:00Z'), 'Asia/Yekaterinburg')).toBe('06.12.2026 12:55 (МСК+2)');
    expect(formatRuDateTimeZoned(new Date('2026-12-04T10:00:00Z'), 'Asia/Yekaterinburg')).toBe('04.12.2026 15:00 (МСК+2)');
    expect(formatRuDateTimeZoned(new Date('2026-12-06T07:55:00Z'), 'Europe/Moscow')).toBe('06.12.2026 10:55 (МСК)');
    expect(formatRuDateTimeZoned(new Date('2026-12-06T07:55:00Z'), 'Europe/Kaliningrad')).toBe('06.12.2026 09:55 (МСК−1)');
    expect(formatRuDateTimeZoned(new Date('2026-12-06T07:55:00Z'), 'Asia/Kamchatka')).toBe('06.12.2026 19:55 (МСК+9)');
  });
});
