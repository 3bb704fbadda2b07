/**
 * A region's zone as ФОМС reads it: hours from Moscow («МСК+8», «МСК−1»,
 * «МСК»), the way Russian timetables state local time. Zod-free.
 */
import { offsetMinutes } from '../zoned-time.js';

export function moscowOffsetHours(timeZone: string, at: Date = new Date()): number {
  return (offsetMinutes(at, timeZone) - offsetMinutes(at, 'Europe/Moscow')) / 60;
}

export function moscowOffsetLabel(timeZone: string, at: Date = new Date()): string {
  const h = moscowOffsetHours(timeZone, at);
  if (h === 0) return 'МСК';
  return `МСК${h > 0 ? '+' : '−'}${Math.abs(h)}`;
}
