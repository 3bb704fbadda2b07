import type postgres from 'postgres';
import type { Actor } from '../../domain/actor.js';
import { pilotProgramme } from '../../domain/federal/pilot.js';
import { refusal, RefusedError } from '../../domain/refusal.js';
import { requireFederalScope } from './federal-scope.js';
import { weekView, type RegionWeekRow } from './week-view.js';

/** One pilot region's week, for the region page: 404 outside the pilot, 403 outside the actor's groups. */
export interface RegionDetail {
  week: string;
  dates: string;
  region: RegionWeekRow;
  regionalPlan: { name: string; number: string; date: string } | null;
  /** Where the region's own pages are (read-only for ФОМС and curators). */
  links: { dashboard: string | null; roadMap: string | null; consolidated: string | null };
}

/** Everything the region page shows, for the page and the API alike. */
export async function regionWeek(sql: postgres.Sql, actor: Actor, regionCode: string, week: string): Promise<RegionDetail> {
  // The pilot's regions as the database has them (a ФОМС administrator changes them).
  const [inPilot] = await sql`select 1 from pilot_regions where programme_id = ${pilotProgramme.id} and region_code = ${regionCode}`;
  if (!inPilot) throw new RefusedError(refusal('not_found', `регион «${regionCode}» не участвует в пилотном проекте`));
  if (!requireFederalScope(actor).regionCodes.includes(regionCode)) throw new RefusedError(refusal('forbidden', 'этот регион вам не доступен: только регионы ваших групп или свой регион'));
  const view = await weekView(sql, actor, week);
  const row = view.regions.find((r) => r.regionCode === regionCode)!;
  let regionalPlan = null;
  if (row.roadMap) {
    const [v] = await sql<{ plan: { name: string; number: string; date: string } | null }[]>`
      select v.document->'regionalPlan' as plan from roadmap_versions v
      where v.roadmap_id = ${row.roadMap.id} and v.version = ${row.roadMap.approvedVersion ?? row.roadMap.workingVersion ?? 1}`;
    regionalPlan = v?.plan ?? null;
  }
  const rm = row.roadMap;
  return {
    week: view.week,
    dates: view.dates,
    region: row,
    regionalPlan,
    links: {
      dashboard: rm ? `/roadmaps/${encodeURIComponent(rm.id)}/dashboard` : null,
      roadMap: rm ? `/roadmaps/${encodeURIComponent(rm.id)}` : null,
      consolidated: row.report.periodId && row.smoForm ? `/monitoring/periods/${encodeURIComponent(row.report.periodId)}/consolidated` : null,
    },
  };
}
