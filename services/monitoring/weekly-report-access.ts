import type postgres from 'postgres';
import type { Actor } from '../../domain/actor.js';
import { refusal, RefusedError } from '../../domain/refusal.js';
import { weeklyReportInScope } from '../access/work-scope.js';
import { readablePeriod } from './monitoring-read-model.js';

/**
 * A weekly report is one person's report of one period, over all its revisions;
 * its files are attached to it under this id. Period ids are URL path segments
 * (no `/`), so the first `/` separates the two.
 */
export const weeklyReportKey = (periodId: string, personId: string) => `${periodId}/${personId}`;

export function parseWeeklyReportKey(key: string): { periodId: string; personId: string } | null {
  const at = key.indexOf('/');
  return at > 0 && at < key.length - 1 ? { periodId: key.slice(0, at), personId: key.slice(at + 1) } : null;
}

/**
 * The report if the actor may read it, by the rule of GET /api/monitoring/reports
 * (weeklyReportInScope): its organisation and the region's ТФОМС; from outside the
 * region only once the coordinator has submitted the week. 404 when there is none.
 */
export async function readableWeeklyReport(sql: postgres.Sql, actor: Actor, periodId: string, personId: string): Promise<void> {
  const period = await readablePeriod(sql, actor, periodId);
  const [row] = await sql`select 1 from weekly_reports w join reporting_periods p on p.id = w.period_id
    where w.period_id = ${period.id} and w.person_id = ${personId} and ${weeklyReportInScope(sql, actor, period.region_code, 'w', 'p')} limit 1`;
  if (!row) throw new RefusedError(refusal('not_found', 'еженедельный отчёт не найден'));
}
