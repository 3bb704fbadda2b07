import type postgres from 'postgres';
import { federalSubjects } from '../../domain/federal/federal-subjects.js';
import { pilotProgramme } from '../../domain/federal/pilot.js';

/**
 * Reference data kept in domain/ (every federal subject, the pilot's groups
 * and regions), upserted after the migrations: a correction in the data files
 * reaches every database at the next start, idempotently.
 */
export async function syncReferenceData(sql: postgres.Sql | postgres.TransactionSql): Promise<void> {
  await sql`insert into regions ${sql(federalSubjects.map((r) => ({ code: r.code, name: r.name, federal_district: r.federalDistrict, time_zone: r.timeZone })))}
            on conflict (code) do update set name = excluded.name, federal_district = excluded.federal_district, time_zone = excluded.time_zone`;
  const p = pilotProgramme;
  // What a ФОМС administrator has changed since (a curator, a region's group) stays as they set it.
  const changed = new Set((await sql<{ subject_id: string }[]>`select distinct subject_id from directory_changes where subject_kind = 'pilot'`).map((r) => r.subject_id));
  const groups = p.groups.filter((g) => !changed.has(`group:${g.id}`));
  const regions = p.groups.flatMap((g) => g.regionCodes.filter((c) => !changed.has(`region:${c}`)).map((c) => ({ programme_id: p.id, region_code: c, group_id: g.id })));
  if (groups.length) await sql`insert into pilot_groups ${sql(
    groups.map((g) => ({
      id: g.id,
      programme_id: p.id,
      number: g.number,
      title: g.title,
      curator_region_code: g.curatorRegionCode,
      curator_name: g.curatorName,
      curator_role: g.curatorRole,
    })),
  )} on conflict (id) do update set number = excluded.number, title = excluded.title, curator_region_code = excluded.curator_region_code,
       curator_name = excluded.curator_name, curator_role = excluded.curator_role`;
  if (regions.length) await sql`insert into pilot_regions ${sql(regions)}
            on conflict (programme_id, region_code) do update set group_id = excluded.group_id`;
}
