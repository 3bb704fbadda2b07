import type postgres from 'postgres';
import type { Actor } from '../../domain/actor.js';
import type { ReportStatus } from '../../domain/reporting-period.js';
import { actingFor } from '../people/acting.js';
import { firstWeeksAhead } from './first-week-ahead.js';
import { periodRows } from './monitoring-read-model.js';

/**
 * The monitoring list: my reporting duties (and those of whom I act for), the periods I coordinate or, at ФОМС,
 * receive, and the road maps I coordinate whose first week has not opened yet.
 */
export async function monitoringOverview(sql: postgres.Sql, actor: Actor) {
  const mine = await actingFor(sql, actor.personId);
  const duties = await sql<{ period_id: string; person_id: string; full_name: string; status: ReportStatus; revision: number; last_submitted_at: Date | null }[]>`
    select d.period_id, d.person_id, pe.full_name, d.status, d.revision, d.last_submitted_at
    from reporting_duties d join people pe on pe.id = d.person_id join reporting_periods p on p.id = d.period_id
    where d.person_id = any(${mine}) order by p.opens_at desc limit 200`;
  const periodIds = [...new Set(duties.map((d) => d.period_id))];
  const dutyPeriods = periodIds.length ? await periodRows(sql, sql`p.id = any(${periodIds})`, 200) : [];
  const byId = new Map(dutyPeriods.map((p) => [p.id, p]));
  const curator = actor.organisationKind === 'FOMS';
  // Coordinators see their periods, administrators their region's; ФОМС sees what was sent to it.
  const coordinated = await periodRows(
    sql,
    curator
      ? sql`p.status = 'submitted'`
      : actor.roles.includes('admin')
        ? sql`(p.coordinator_id = any(${mine}) or r.region_code = ${actor.regionCode ?? ''})`
        : sql`p.coordinator_id = any(${mine})`,
    100,
  );
  // Between approval and the first week's opening nothing is recorded yet: say when it opens.
  const firstWeeks = curator ? [] : await firstWeeksAhead(sql, mine, actor.regionCode);

  const coordinates = firstWeeks.length > 0 || coordinated.some((p) => mine.includes(p.coordinator_id));

  return { duties, byId, coordinated, curator, firstWeeks, coordinates };
}
