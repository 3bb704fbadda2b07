/**
 * Offsets in escalation policies: either an ISO 8601 duration of elapsed time
 * (`PT5S`, `PT1H30M`, `P2D`, `P1W`, `-P1D`) or a number of working days
 * (`3WD`, `-1WD`) counted on the production calendar in the region's zone.
 */

import { z } from 'zod';
import type { WorkingCalendar } from './working-calendar.js';

export type ParsedPolicyOffset =
  | { kind: 'duration'; milliseconds: number }
  | { kind: 'workingDays'; days: number };

// Weeks, days, hours, minutes, seconds (seconds may carry up to 3 decimals).
// Years and months are rejected: their length depends on the calendar.
const ISO_DURATION = /^([+-])?P(?!$)(?:(\d+)W)?(?:(\d+)D)?(?:T(?=\d)(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)(?:[.,](\d{1,3}))?S)?)?$/;
const WORKING_DAYS = /^([+-])?(\d+)WD$/;

const OFFSET_HINT =
  'смещение: ISO 8601 (PT5S, PT1H30M, P2D, P1W, -P1D; годы и месяцы не допускаются) или рабочие дни (3WD, -1WD)';

/** Parses an offset, or returns undefined when the text is not one. */
export function tryParsePolicyOffset(text: string): ParsedPolicyOffset | undefined {
  const wd = WORKING_DAYS.exec(text);
  if (wd) {
    const days = Number(wd[2]);
    if (!Number.isSafeInteger(days)) return undefined;
    return { kind: 'workingDays', days: wd[1] === '-' ? -days || 0 : days };
  }
  const m = ISO_DURATION.exec(text);
  if (!m) return undefined;
  const [, sign, weeks, days, hours, minutes, seconds, fraction] = m;
  const n = (s: string | undefined) => (s === undefined ? 0 : Number(s));
  const ms =
    (((n(weeks) * 7 + n(days)) * 24 + n(hours)) * 60 + n(minutes)) * 60_000 +
    n(seconds) * 1000 +
    (fraction === undefined ? 0 : Number(fraction.padEnd(3, '0')));
  if (!Number.isSafeInteger(ms)) return undefined;
  return { kind: 'duration', milliseconds: sign === '-' ? -ms || 0 : ms };
}

export function parsePolicyOffset(text: string): ParsedPolicyOffset {
  const parsed = tryParsePolicyOffset(text);
  if (!parsed) throw new RangeError(`${OFFSET_HINT}: «${text}»`);
  return parsed;
}

/** A policy offset as written in a policy (kept as text so policies stay JSON). */
export const PolicyOffset = z.string().refine((s) => tryParsePolicyOffset(s) !== undefined, OFFSET_HINT);
export type PolicyOffset = z.infer<typeof PolicyOffset>;

/**
 * The instant `offset` away from `instant`. Durations are exact elapsed time
 * (P1D = 24 h; Russian zones have no DST). Working days go through
 * calendar.shiftByWorkingDays: same local time of day in `timeZone`, n working
 * days away (0WD: same moment if on a working day, else the next working day).
 */
export function applyOffset(
  instant: Date,
  offset: string,
  calendar: WorkingCalendar,
  timeZone: string,
  workdayEnd?: string,
): Date {
  const parsed = parsePolicyOffset(offset);
  if (parsed.kind === 'duration') return new Date(instant.getTime() + parsed.milliseconds);
  return calendar.shiftByWorkingDays(instant, parsed.days, timeZone, workdayEnd);
}
