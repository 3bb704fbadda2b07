import type postgres from 'postgres';
import type { Actor } from '../../domain/actor.js';
import type { ReportStatus } from '../../domain/reporting-period.js';
import { actingFor } from '../people/acting.js';
import { periodRows } from './monitoring-read-model.js';

/** The monitoring list: my reporting duties (and those of whom I act for) and the periods I coordinate or, at ФОМС, receive. */
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

  return { duties, byId, coordinated, curator };
}
