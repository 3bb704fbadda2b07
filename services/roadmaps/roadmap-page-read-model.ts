import type postgres from 'postgres';
import type { Actor } from '../../domain/actor.js';
import type { RoadMapDocument } from '../../domain/roadmap.js';
import type { RoadMapRow } from './roadmap-read-model.js';

/** What the road-map pages read: every version with its document, the region, the list with region names. */
export interface VersionRow {
  version: number;
  status: 'draft' | 'submitted' | 'approved' | 'superseded';
  document: RoadMapDocument;
  created_by: string;
  created_at: Date;
  submitted_at: Date | null;
  approved_by: string | null;
  approved_at: Date | null;
  last_return_comment: string | null;
}

export async function roadMapVersionRows(sql: postgres.Sql, roadMapId: string): Promise<VersionRow[]> {
  return sql<VersionRow[]>`select * from roadmap_versions where roadmap_id = ${roadMapId} order by version`;
}

export async function regionOf(sql: postgres.Sql, code: string): Promise<{ time_zone: string; name: string }> {
  const [region] = await sql<{ time_zone: string; name: string }[]>`select time_zone, name from regions where code = ${code}`;
  return region;
}

export async function roadMapListRows(sql: postgres.Sql, actor: Actor) {
  const everyRegion = actor.organisationKind === 'FOMS';
  return sql<(RoadMapRow & { region_name: string; time_zone: string })[]>`
    select r.id, r.region_code, r.title, r.status, r.approved_version, r.working_version, r.updated_at, g.name as region_name, g.time_zone
    from roadmaps r join regions g on g.code = r.region_code
    where ${everyRegion} or r.region_code = ${actor.regionCode ?? ''} order by r.updated_at desc limit 500`;
}
