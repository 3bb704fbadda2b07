import type postgres from 'postgres';
import { workingCalendarFor } from '../../domain/calendar/working-calendar.js';
import { defaultMonitoringPolicy, MonitoringPolicy, nextOpening, periodTimes } from '../../domain/monitoring-policy.js';

export interface FirstWeekAhead {
  roadMapId: string;
  title: string;
  opensAt: Date;
  dueAt: Date;
  timeZone: string;
}

/**
 * The approved road maps of the region these people coordinate whose first reporting week has not opened yet,
 * with when it opens and when its reports are due. The monitoring cycle plans that week right after approval
 * (`planNextPeriod`: the first opening after that moment, `nextOpening` of the road map's policy on the region's
 * calendar), so the same function from the first approval gives the same week; nothing is stored before it opens.
 * Once a period exists, `reporting_periods` says the rest.
 */
export async function firstWeeksAhead(sql: postgres.Sql, people: string[], regionCode: string | null): Promise<FirstWeekAhead[]> {
  if (!regionCode || !people.length) return [];
  const rows = await sql<{ id: string; title: string; monitoring: unknown; approved_at: Date | null; time_zone: string }[]>`
    select r.id, r.title, v.document->'monitoring' as monitoring, g.time_zone,
           (select min(a.approved_at) from roadmap_versions a where a.roadmap_id = r.id) as approved_at
    from roadmaps r
    join roadmap_versions v on v.roadmap_id = r.id and v.version = r.approved_version
    join regions g on g.code = r.region_code
    where r.region_code = ${regionCode} and v.coordinator_id = any(${people})
      and not exists (select 1 from reporting_periods p where p.roadmap_id = r.id)
    order by r.title, r.id
    limit 20`;
  return rows.flatMap((r) => {
    const parsed = r.monitoring ? MonitoringPolicy.safeParse(r.monitoring) : null;
    const policy = parsed ? (parsed.success ? parsed.data : null) : defaultMonitoringPolicy;
    if (!policy || !policy.enabled || !r.approved_at) return [];
    const calendar = workingCalendarFor(regionCode);
    const opensAt = nextOpening(policy, null, r.approved_at, r.time_zone, calendar);
    const times = periodTimes(policy, opensAt, r.time_zone, calendar);
    return [{ roadMapId: r.id, title: r.title, opensAt: new Date(times.opensAt), dueAt: new Date(times.dueAt), timeZone: r.time_zone }];
  });
}
