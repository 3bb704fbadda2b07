import type postgres from 'postgres';
import { type Actor } from '../../domain/actor.js';
import { canReadRegion, canReadRegionWideWork } from '../../domain/read-scope.js';
import { RefusedError, refusal } from '../../domain/refusal.js';
import type { RoadMapDocument } from '../../domain/roadmap.js';

export interface RoadMapRow {
  id: string;
  region_code: string;
  title: string;
  status: 'draft' | 'submitted' | 'approved';
  approved_version: number | null;
  working_version: number | null;
  updated_at: Date;
}

export const roadMapSummary = (r: RoadMapRow) => ({
  id: r.id,
  regionCode: r.region_code,
  title: r.title,
  status: r.status,
  approvedVersion: r.approved_version,
  workingVersion: r.working_version,
  updatedAt: r.updated_at.toISOString(),
});

/**
 * The road map if the actor may see it. Another region's answers exactly as a missing one
 * (404): ids are predictable, and a 403 would confirm that the road map exists.
 */
export async function readableRoadMap(sql: postgres.Sql, actor: Actor, id: string): Promise<RoadMapRow> {
  const [row] = await sql<RoadMapRow[]>`select id, region_code, title, status, approved_version, working_version, updated_at from roadmaps where id = ${id}`;
  if (!row || !canReadRegion(actor, row.region_code)) throw new RefusedError(refusal('not_found', `дорожная карта «${id}» не найдена`));
  return row;
}

export async function versionDocument(sql: postgres.Sql, id: string, version: number): Promise<RoadMapDocument | null> {
  const [row] = await sql<{ document: RoadMapDocument }[]>`select document from roadmap_versions where roadmap_id = ${id} and version = ${version}`;
  return row?.document ?? null;
}

/**
 * A road map whose region-wide views (dashboard, discipline) the actor may read:
 * the region's ТФОМС and ФОМС; an СМО would see its competitors there.
 */
export async function roadMapWithRegionWideViews(sql: postgres.Sql, actor: Actor, id: string): Promise<RoadMapRow> {
  const row = await readableRoadMap(sql, actor, id);
  if (!canReadRegionWideWork(actor, row.region_code)) {
    throw new RefusedError(refusal('forbidden', 'сводные показатели дорожной карты видят ТФОМС и ФОМС: они включают работу всех организаций'));
  }
  return row;
}
