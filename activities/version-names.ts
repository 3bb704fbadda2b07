import type postgres from 'postgres';
import type { RoadMapDocument } from '../domain/roadmap.js';
import { namedPeople } from '../domain/roadmap-rules.js';

/**
 * At approval, the people and organisations the version names, as they are now
 * (roadmap_versions.named_snapshot): its printed documents keep these names and
 * positions whatever the directory says later. The same set as the documents read:
 * everyone the document names, the approver, the region's directors and the heads who
 * sign for its organisations; the region's organisations (name, registry number, head) and theirs.
 */
export async function snapshotVersionNames(tx: postgres.TransactionSql, roadMapId: string, version: number, approverId: string | null): Promise<void> {
  const [row] = await tx<{ document: RoadMapDocument }[]>`select document from roadmap_versions where roadmap_id = ${roadMapId} and version = ${version}`;
  if (!row) return;
  const doc = row.document;
  const ids = [...namedPeople(doc), ...(approverId ? [approverId] : [])];
  await tx`
    with named as (
      select id, full_name, position_title, organisation_id, position from people
      where id = any(${ids}) or (organisation_id in (select id from organisations where region_code = ${doc.regionCode}) and position = 'director')
         or id in (select head_person_id from organisations where region_code = ${doc.regionCode}))
    update roadmap_versions set named_snapshot = jsonb_build_object(
      'people', (select coalesce(jsonb_object_agg(id, jsonb_build_object('fullName', full_name, 'positionTitle', position_title,
                                                                        'organisationId', organisation_id, 'position', position)), '{}'::jsonb) from named),
      'organisations', (select coalesce(jsonb_object_agg(id, jsonb_build_object('name', name, 'kind', kind, 'registryNumber', registry_number,
                                                                               'headPersonId', head_person_id)), '{}'::jsonb) from organisations
                        where region_code = ${doc.regionCode} or id in (select organisation_id from named)))
    where roadmap_id = ${roadMapId} and version = ${version}`;
}
