/**
 * Wall-clock ↔ instant conversion for a named IANA zone, with no dependency:
 * deadlines are stated in a region's local time ("by 15.05.2017" ends
 * in Vladivostok, UTC+10, eight hours before it ends in Kaliningrad, UTC+2).
 */

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

export interface LocalDateTime {
  year: number;
  month: number; // 1..12
  day: number;
  hour: number;
  minute: number;
  second: number;
}

const two = (n: number) => String(n).padStart(2, '0');

function localByIntl(instant: Date, timeZone: string): LocalDateTime {
  const parts = formatter(timeZone).formatToParts(instant);
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  return { year: get('year'), month: get('month'), day: get('day'), hour: get('hour'), minute: get('minute'), second: get('second') };
}

const HOUR = 3_600_000;
/** Per zone: the offset (ms) of each UTC hour in which it did not change, as asked for. */
const hourOffsets = new Map<string, Map<number, number>>();
const HOURS_KEPT = 50_000;

/** How far the wall clock `l` shown at instant `ms` is ahead of UTC, in ms (to the second: the clock has no less). */
const aheadOfUtc = (l: LocalDateTime, ms: number) => Date.UTC(l.year, l.month - 1, l.day, l.hour, l.minute, l.second) - Math.floor(ms / 1000) * 1000;

/** The zone's offset from UTC in ms at the instant, as Intl gives it. */
const offsetByIntl = (ms: number, timeZone: string) => aheadOfUtc(localByIntl(new Date(ms), timeZone), ms);

/**
 * The wall clock of a zone at an instant. `formatToParts` is slow (a page of 2,000 deadlines spent a sixth
 * of the API's CPU in it, docs/benchmarks.md 2026-12-06): a zone's offset is asked of Intl once per UTC
 * hour — at both ends of it, and kept only when they agree, so an hour with a change of offset is always
 * asked instant by instant — and the wall clock is the instant shifted by it.
 */
export function toLocal(instant: Date, timeZone: string): LocalDateTime {
  const ms = instant.getTime();
  if (!Number.isFinite(ms)) return localByIntl(instant, timeZone); // Intl's own RangeError
  const hour = Math.floor(ms / HOUR);
  let zone = hourOffsets.get(timeZone);
  if (!zone) hourOffsets.set(timeZone, (zone = new Map()));
  let offset = zone.get(hour);
  if (offset === undefined) {
    const start = offsetByIntl(hour * HOUR, timeZone);
    if (start !== offsetByIntl(hour * HOUR + HOUR - 1000, timeZone)) return localByIntl(instant, timeZone);
    if (zone.size >= HOURS_KEPT) zone.clear();
    zone.set(hour, (offset = start));
  }
  const l = new Date(Math.floor(ms / 1000) * 1000 + offset);
  return { year: l.getUTCFullYear(), month: l.getUTCMonth() + 1, day: l.getUTCDate(), hour: l.getUTCHours(), minute: l.getUTCMinutes(), second: l.getUTCSeconds() };
}

/** Offset of the zone from UTC at the instant, in minutes (Moscow: +180). */
export function offsetMinutes(instant: Date, timeZone: string): number {
  return Math.round(aheadOfUtc(toLocal(instant, timeZone), instant.getTime()) / 60000);
}

/** «МСК», «МСК+8», «МСК−1»: a zone as Russian documents and pages name it (never the IANA id). */
export function moscowOffsetLabel(instant: Date, timeZone: string): string {
  const hours = Math.round((offsetMinutes(instant, timeZone) - offsetMinutes(instant, 'Europe/Moscow')) / 60);
  return hours === 0 ? 'МСК' : `МСК${hours > 0 ? '+' : '−'}${Math.abs(hours)}`;
}

/** The instant at which the zone's wall clock shows the given local time. */
export function fromLocal(local: LocalDateTime, timeZone: string): Date {
  const guess = Date.UTC(local.year, local.month - 1, local.day, local.hour, local.minute, local.second);
  // Two passes settle the offset even across a historical offset change.
  let instant = guess - offsetMinutes(new Date(guess), timeZone) * 60000;
  instant = guess - offsetMinutes(new Date(instant), timeZone) * 60000;
  return new Date(instant);
}

/** The local calendar date of an instant in a time zone, ГГГГ-ММ-ДД. */
export function localIsoDate(instant: Date, timeZone: string): string {
  const { year, month, day } = toLocal(instant, timeZone);
  return `${String(year).padStart(4, '0')}-${two(month)}-${two(day)}`;
}

export function parseIsoDate(date: string): { year: number; month: number; day: number } {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!m) throw new RangeError(`not an ISO date: ${date}`);
  return { year: Number(m[1]), month: Number(m[2]), day: Number(m[3]) };
}

/** ДД.ММ.ГГГГ in the region's zone, the way Russian documents write dates. */
const ruDate = (l: LocalDateTime) => `${two(l.day)}.${two(l.month)}.${l.year}`;

export function formatRuDate(instant: Date, timeZone: string): string {
  return ruDate(toLocal(instant, timeZone));
}

export function formatRuDateTime(instant: Date, timeZone: string): string {
  const l = toLocal(instant, timeZone);
  return `${ruDate(l)} ${two(l.hour)}:${two(l.minute)}`;
}

/**
 * «06.12.2026 12:55 (МСК+2)»: the region's wall clock with its zone named, the way every time
 * the platform prints for readers outside the region is written (the road map's verification mark,
 * the execution's deadline, the consolidated report).
 */
export function formatRuDateTimeZoned(instant: Date, timeZone: string): string {
  return `${formatRuDateTime(instant, timeZone)} (${moscowOffsetLabel(instant, timeZone)})`;
}

/** 'ГГГГ-ММ-ДД' of a document date as Russian documents write it (ДД.ММ.ГГГГ); anything else unchanged. */
export const formatRuIsoDate = (d: string) => (/^\d{4}-\d{2}-\d{2}$/.test(d) ? `${d.slice(8, 10)}.${d.slice(5, 7)}.${d.slice(0, 4)}` : d);

/** A deadline as the road map writes it: a date as written (the working-day shift is the platform's business), an instant in the region's time. */
export const formatRuDeadline = (d: { date: string } | { dateTime: string }, tz: string) =>
  'date' in d ? formatRuIsoDate(d.date) : formatRuDateTime(new Date(d.dateTime), tz);

const monthsGenitive = ['января', 'февраля', 'марта', 'апреля', 'мая', 'июня', 'июля', 'августа', 'сентября', 'октября', 'ноября', 'декабря'];

/**
 * The date of an approval or a signature as ГОСТ Р 7.0.97-2016 writes it in the approval
 * mark: «05» декабря 2026 г. — the day in the region's zone, never UTC's (an approval at
 * 00:19 in Moscow, or any afternoon on Сахалин, is already the next day there).
 */
export function formatRuLongDate(instant: Date, timeZone: string): string {
  const l = toLocal(instant, timeZone);
  return `«${two(l.day)}» ${monthsGenitive[l.month - 1]} ${l.year} г.`;
}
