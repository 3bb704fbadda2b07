import type postgres from 'postgres';
import type { Actor } from '../../domain/actor.js';
import { pilotProgramme } from '../../domain/federal/pilot.js';
import { requireFederalScope } from './federal-scope.js';

export interface RegionListItem {
  code: string;
  name: string;
  federalDistrict: string;
  timeZone: string;
  pilotGroup: { id: string; number: number; title: string } | null;
}

/** Every federal subject with its pilot group, if any: reference data, readable by anyone signed in. */
export async function listRegions(sql: postgres.Sql): Promise<RegionListItem[]> {
  const rows = await sql<{ code: string; name: string; federal_district: string; time_zone: string; group_id: string | null; number: number | null; title: string | null }[]>`
    select g.code, g.name, g.federal_district, g.time_zone, pg.id as group_id, pg.number, pg.title
    from regions g left join pilot_regions pr on pr.region_code = g.code and pr.programme_id = ${pilotProgramme.id}
    left join pilot_groups pg on pg.id = pr.group_id
    order by g.code`;
  return rows.map((r) => ({
    code: r.code,
    name: r.name,
    federalDistrict: r.federal_district,
    timeZone: r.time_zone,
    pilotGroup: r.group_id ? { id: r.group_id, number: r.number!, title: r.title! } : null,
  }));
}

export interface PilotView {
  id: string;
  title: string;
  presentedBy: { name: string; position: string };
  groups: {
    id: string;
    number: number;
    title: string;
    curator: { name: string; role: string; regionCode: string; personId: string | null };
    regions: { code: string; name: string; federalDistrict: string; timeZone: string }[];
  }[];
}

/** The pilot's groups with their curators and regions, as far as the actor may see (ФОМС: all; a curator: their groups). */
export async function pilotView(sql: postgres.Sql, actor: Actor): Promise<PilotView> {
  const scope = requireFederalScope(actor);
  const rows = await sql<{ group_id: string; code: string; name: string; federal_district: string; time_zone: string }[]>`
    select pr.group_id, g.code, g.name, g.federal_district, g.time_zone
    from pilot_regions pr join regions g on g.code = pr.region_code
    where pr.programme_id = ${pilotProgramme.id} and (${scope.all} or pr.region_code = any(${scope.regionCodes}))
    order by g.name`;
  // Groups and curators as the database has them: a ФОМС administrator changes them (services/directory/pilot-setup.ts).
  const groups = await sql<{ id: string; number: number; title: string; curator_region_code: string; curator_name: string; curator_role: string }[]>`
    select id, number, title, curator_region_code, curator_name, curator_role from pilot_groups where programme_id = ${pilotProgramme.id} order by number`;
  const directors = await sql<{ region_code: string; id: string }[]>`
    select o.region_code, min(p.id) as id from people p join organisations o on o.id = p.organisation_id
    where o.kind = 'TFOMS' and p.position = 'director' and p.deactivated_at is null and o.region_code = any(${groups.map((g) => g.curator_region_code)})
    group by o.region_code`;
  const directorOf = new Map(directors.map((d) => [d.region_code, d.id]));
  const p = pilotProgramme;
  return {
    id: p.id,
    title: p.title,
    presentedBy: p.presentedBy,
    groups: groups
      .map((g) => ({
        id: g.id,
        number: g.number,
        title: g.title,
        curator: { name: g.curator_name, role: g.curator_role, regionCode: g.curator_region_code, personId: directorOf.get(g.curator_region_code) ?? null },
        regions: rows.filter((r) => r.group_id === g.id).map((r) => ({ code: r.code, name: r.name, federalDistrict: r.federal_district, timeZone: r.time_zone })),
      }))
      .filter((g) => g.regions.length),
  };
}
