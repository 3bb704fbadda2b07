/**
 * The pilot's trend: how each region's consolidated reports reached ФОМС
 * over the last weeks, and the share on time per week. Pure.
 */
import { dayOfIsoWeek, formatIsoWeek, isoWeekOfDate, type IsoWeek } from './iso-week.js';

export const TREND_WEEKS = 12;

/** `count` ISO weeks ending with `last`, oldest first. */
export function trendWeeks(last: IsoWeek, count = TREND_WEEKS): string[] {
  return Array.from({ length: count }, (_, i) => formatIsoWeek(isoWeekOfDate(dayOfIsoWeek(last, -7 * (count - 1 - i)))));
}

/** A region's week: no report expected (no approved road map that week), or the report on time, late, missing, still pending. */
export type TrendCell = 'none' | 'on_time' | 'late' | 'missing' | 'pending';

export const trendCellLabel: Record<TrendCell, string> = {
  none: 'не ожидался',
  on_time: 'в срок',
  late: 'с опозданием',
  missing: 'не представлен',
  pending: 'ожидается',
};

/**
 * The week view's rule (federal-week-state.ts, regionWeekStatus), so that the trend never says what the
 * week does not: a report sent is on time or late; one owed — the region's monitoring had a period open in
 * the week by the federal due time — and not sent is missing or pending; anything else was not expected
 * (a road map approved after the due time, monitoring that starts later, none at all).
 */
export function trendCell(input: { owed: boolean; dueAt: Date; submittedAt: Date | null; now: Date }): TrendCell {
  if (input.submittedAt) return input.submittedAt.getTime() <= input.dueAt.getTime() ? 'on_time' : 'late';
  if (!input.owed) return 'none';
  return input.now.getTime() > input.dueAt.getTime() ? 'missing' : 'pending';
}

/** Share on time among the regions whose week is decided (on time, late, missing), in per cent to one decimal; null when none is. */
export function shareOnTime(cells: TrendCell[]): { onTime: number; late: number; missing: number; pending: number; percent: number | null } {
  const n = (c: TrendCell) => cells.filter((x) => x === c).length;
  const onTime = n('on_time');
  const decided = onTime + n('late') + n('missing');
  return { onTime, late: n('late'), missing: n('missing'), pending: n('pending'), percent: decided ? Math.round((onTime / decided) * 1000) / 10 : null };
}
