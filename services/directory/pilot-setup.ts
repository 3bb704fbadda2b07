import type postgres from 'postgres';
import type { Actor } from '../../domain/actor.js';
import { administersPilot } from '../../domain/administration.js';
import type { PilotGroupChange, PilotRegionPlacement } from '../../domain/directory/pilot-setup.js';
import { pilotProgramme } from '../../domain/federal/pilot.js';
import { refusal, RefusedError } from '../../domain/refusal.js';
import { difference, recordChange, type ChangeSource } from './directory-changes.js';

/**
 * The pilot's set-up (tables pilot_groups, pilot_regions), kept by a ФОМС administrator:
 * who curates which group and which regions are in which group. The access rules read it
 * with each session (Actor.curatedRegionCodes), the escalations to curators read the same
 * tables; infra/database/reference-data.ts no longer overwrites what was changed here.
 */

export interface PilotGroupSetup {
  id: string;
  number: number;
  title: string;
  curatorRegionCode: string;
  curatorName: string;
  curatorRole: string;
  regionCodes: string[];
}

const notPilotAdmin = refusal('forbidden', 'пилотный проект ведёт администратор ФОМС (роль foms_admin)');

function requirePilotAdmin(actor: Actor): void {
  if (!administersPilot(actor)) throw new RefusedError(notPilotAdmin);
}

async function groups(sql: postgres.Sql | postgres.TransactionSql): Promise<PilotGroupSetup[]> {
  const rows = await sql<{ id: string; number: number; title: string; curator_region_code: string; curator_name: string; curator_role: string; region_codes: string[] }[]>`
    select g.id, g.number, g.title, g.curator_region_code, g.curator_name, g.curator_role,
      coalesce(array_agg(pr.region_code order by pr.region_code) filter (where pr.region_code is not null), '{}') as region_codes
    from pilot_groups g left join pilot_regions pr on pr.group_id = g.id and pr.programme_id = g.programme_id
    where g.programme_id = ${pilotProgramme.id} group by g.id order by g.number`;
  return rows.map((r) => ({
    id: r.id, number: r.number, title: r.title, curatorRegionCode: r.curator_region_code, curatorName: r.curator_name, curatorRole: r.curator_role, regionCodes: r.region_codes,
  }));
}

export async function pilotSetup(sql: postgres.Sql, actor: Actor): Promise<{ programmeId: string; groups: PilotGroupSetup[] }> {
  requirePilotAdmin(actor);
  return { programmeId: pilotProgramme.id, groups: await groups(sql) };
}

export async function changePilotGroup(sql: postgres.Sql, actor: Actor, id: string, input: PilotGroupChange, source: ChangeSource): Promise<PilotGroupSetup> {
  requirePilotAdmin(actor);
  return sql.begin(async (tx) => {
    await tx`select pg_advisory_xact_lock(hashtext('directory:pilot'))`;
    const before = (await groups(tx)).find((g) => g.id === id);
    if (!before) throw new RefusedError(refusal('not_found', `группа «${id}» не найдена`));
    if (input.curatorRegionCode) {
      const [region] = await tx`select 1 from regions where code = ${input.curatorRegionCode}`;
      if (!region) throw new RefusedError(refusal('validation', `регион ${input.curatorRegionCode} не найден`, [{ field: 'curatorRegionCode', message: 'нет такого региона' }]));
    }
    const after: PilotGroupSetup = {
      ...before,
      curatorRegionCode: input.curatorRegionCode ?? before.curatorRegionCode,
      curatorName: input.curatorName ?? before.curatorName,
      curatorRole: input.curatorRole ?? before.curatorRole,
    };
    const pick = (g: PilotGroupSetup) => ({ curatorRegionCode: g.curatorRegionCode, curatorName: g.curatorName, curatorRole: g.curatorRole });
    const diff = difference(pick(before), pick(after));
    if (!diff) return before;
    await tx`update pilot_groups set curator_region_code = ${after.curatorRegionCode}, curator_name = ${after.curatorName}, curator_role = ${after.curatorRole}
             where id = ${id}`;
    await recordChange(tx, { actorId: actor.personId, subjectKind: 'pilot', subjectId: `group:${id}`, regionCode: null, action: 'changed', ...diff, source });
    return after;
  });
}

export async function placePilotRegion(sql: postgres.Sql, actor: Actor, regionCode: string, input: PilotRegionPlacement, source: ChangeSource): Promise<{ regionCode: string; groupId: string | null }> {
  requirePilotAdmin(actor);
  if (!/^[0-9]{2}$/.test(regionCode)) throw new RefusedError(refusal('validation', 'код региона — две цифры', [{ field: 'code', message: 'код региона — две цифры' }]));
  return sql.begin(async (tx) => {
    await tx`select pg_advisory_xact_lock(hashtext('directory:pilot'))`;
    const [region] = await tx`select 1 from regions where code = ${regionCode}`;
    if (!region) throw new RefusedError(refusal('not_found', `регион ${regionCode} не найден`));
    const all = await groups(tx);
    if (input.groupId !== null && !all.some((g) => g.id === input.groupId)) {
      throw new RefusedError(refusal('validation', `группа «${input.groupId}» не найдена`, [{ field: 'groupId', message: 'нет такой группы' }]));
    }
    const before = all.find((g) => g.regionCodes.includes(regionCode))?.id ?? null;
    if (before === input.groupId) return { regionCode, groupId: before };
    if (input.groupId === null) await tx`delete from pilot_regions where programme_id = ${pilotProgramme.id} and region_code = ${regionCode}`;
    else {
      await tx`insert into pilot_regions (programme_id, region_code, group_id) values (${pilotProgramme.id}, ${regionCode}, ${input.groupId})
               on conflict (programme_id, region_code) do update set group_id = excluded.group_id`;
    }
    await recordChange(tx, { actorId: actor.personId, subjectKind: 'pilot', subjectId: `region:${regionCode}`, regionCode: null, action: 'changed', before: { groupId: before }, after: { groupId: input.groupId }, source });
    return { regionCode, groupId: input.groupId };
  });
}
