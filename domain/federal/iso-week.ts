/**
 * ISO 8601 weeks (`2026-W49`): the federal week every pilot region reports
 * on. Pure, zod-free (workflows use it).
 */
import { parseIsoDate, toLocal } from '../zoned-time.js';

const DAY_MS = 86_400_000;
const WEEK = /^(\d{4})-W(0[1-9]|[1-4]\d|5[0-3])$/;

export interface IsoWeek {
  year: number;
  week: number;
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');
export const formatIsoWeek = (w: IsoWeek) => `${w.year}-W${pad(w.week)}`;

function weeksInYear(year: number): number {
  // A year has 53 ISO weeks when 1 January is a Thursday, or a Wednesday in a leap year.
  const jan1 = new Date(Date.UTC(year, 0, 1)).getUTCDay();
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  return jan1 === 4 || (leap && jan1 === 3) ? 53 : 52;
}

/** `2026-W49` → { year, week }; null when malformed or the year has no such week. */
export function parseIsoWeek(text: string): IsoWeek | null {
  const m = WEEK.exec(text);
  if (!m) return null;
  const w = { year: Number(m[1]), week: Number(m[2]) };
  return w.week <= weeksInYear(w.year) ? w : null;
}

/** The ISO week of a calendar date. */
export function isoWeekOfDate(date: string): IsoWeek {
  const { year, month, day } = parseIsoDate(date);
  const d = new Date(Date.UTC(year, month - 1, day));
  const weekday = d.getUTCDay() || 7;
  // The week belongs to the year of its Thursday.
  const thursday = new Date(d.getTime() + (4 - weekday) * DAY_MS);
  const y = thursday.getUTCFullYear();
  const week = Math.floor((thursday.getTime() - Date.UTC(y, 0, 1)) / DAY_MS / 7) + 1;
  return { year: y, week };
}

/** The ISO week in which an instant falls on the zone's wall clock. */
export function isoWeekOf(instant: Date, timeZone: string): string {
  const l = toLocal(instant, timeZone);
  return formatIsoWeek(isoWeekOfDate(`${l.year}-${pad(l.month)}-${pad(l.day)}`));
}

/** Monday of the week, as an ISO date; `offset` days later for other weekdays (4: Friday). */
export function dayOfIsoWeek(w: IsoWeek, offset = 0): string {
  const jan4 = Date.UTC(w.year, 0, 4);
  const jan4Weekday = new Date(jan4).getUTCDay() || 7;
  const monday = jan4 - (jan4Weekday - 1) * DAY_MS + (w.week - 1) * 7 * DAY_MS;
  return new Date(monday + offset * DAY_MS).toISOString().slice(0, 10);
}

export function nextIsoWeek(w: IsoWeek): IsoWeek {
  return isoWeekOfDate(dayOfIsoWeek(w, 7));
}

/** The week by its dates, as people say it: «30.11–06.12.2026» (the year once, or both when the week spans two). */
export function weekDatesLabel(w: IsoWeek): string {
  const ru = (d: string) => `${d.slice(8, 10)}.${d.slice(5, 7)}`;
  const monday = dayOfIsoWeek(w);
  const sunday = dayOfIsoWeek(w, 6);
  return monday.slice(0, 4) === sunday.slice(0, 4) ? `${ru(monday)}–${ru(sunday)}.${sunday.slice(0, 4)}` : `${ru(monday)}.${monday.slice(0, 4)}–${ru(sunday)}.${sunday.slice(0, 4)}`;
}
