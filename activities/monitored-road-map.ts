import type postgres from 'postgres';
import { defaultMonitoringPolicy, MonitoringPolicy } from '../domain/monitoring-policy.js';
import type { RoadMapDocument } from '../domain/roadmap.js';

export interface MonitoredRoadMap {
  roadMapId: string;
  title: string;
  version: number;
  document: RoadMapDocument;
  policy: MonitoringPolicy;
  regionCode: string;
  regionName: string;
  timeZone: string;
  /** Some execution is still open: a finished (all accepted or cancelled) road map is no longer monitored. */
  active: boolean;
}

/** The approved version a period is monitored against, with its region's zone. */
export async function monitoredRoadMap(sql: postgres.Sql, roadMapId: string, version?: number): Promise<MonitoredRoadMap | null> {
  const [row] = await sql<{ title: string; version: number; document: RoadMapDocument; region_code: string; region_name: string; time_zone: string; open: boolean }[]>`
    select r.title, v.version, v.document, r.region_code, g.name as region_name, g.time_zone,
           exists (select 1 from item_executions e where e.roadmap_id = r.id and e.status not in ('accepted', 'cancelled')) as open
    from roadmaps r join regions g on g.code = r.region_code
    join roadmap_versions v on v.roadmap_id = r.id and v.version = coalesce(${version ?? null}::int, r.approved_version)
    where r.id = ${roadMapId}`;
  if (!row) return null;
  return {
    roadMapId,
    title: row.title,
    version: row.version,
    document: row.document,
    // Versions stored before monitoring existed carry no policy: the default week applies.
    policy: row.document.monitoring ? MonitoringPolicy.parse(row.document.monitoring) : defaultMonitoringPolicy,
    regionCode: row.region_code,
    regionName: row.region_name,
    timeZone: row.time_zone,
    active: row.open,
  };
}
