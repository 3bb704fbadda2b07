import type postgres from 'postgres';
import type { Actor } from '../../domain/actor.js';
import type { Directory } from '../../domain/roadmap-rules.js';
import type { RoadMapDocument } from '../../domain/roadmap.js';
import { namedPeople } from '../../domain/roadmap-rules.js';

export interface ActorRow {
  id: string;
  full_name: string;
  organisation_id: string;
  kind: Actor['organisationKind'];
  region_code: string | null;
  position: Actor['position'];
  roles: string[];
  /** With the session's lookup: the pilot regions the person curates (see Actor.curatedRegionCodes). */
  curated_region_codes?: string[] | null;
}

export function actorFrom(row: ActorRow): Actor {
  return {
    personId: row.id,
    fullName: row.full_name,
    organisationId: row.organisation_id,
    organisationKind: row.kind,
    regionCode: row.region_code,
    position: row.position,
    roles: row.roles as Actor['roles'],
    actingForId: null,
    ...(row.curated_region_codes ? { curatedRegionCodes: row.curated_region_codes } : {}),
  };
}

/** Loads only what one document names: two queries, whatever its size. */
export async function loadDirectory(sql: postgres.Sql, doc: RoadMapDocument): Promise<Directory> {
  const personIds = [...namedPeople(doc)];
  const people = await sql<{ id: string; organisation_id: string; position: Actor['position']; full_name: string }[]>`
    select id, organisation_id, position, full_name from people where id = any(${personIds})`;
  const orgIds = new Set<string>([...people.map((p) => p.organisation_id), ...doc.participatingMoIds]);
  for (const a of doc.appointments) orgIds.add(a.organisationId);
  const orgs = await sql<{ id: string; kind: Actor['organisationKind']; region_code: string | null }[]>`
    select id, kind, region_code from organisations where id = any(${[...orgIds]})`;
  return {
    people: new Map(people.map((p) => [p.id, { id: p.id, organisationId: p.organisation_id, position: p.position, fullName: p.full_name }])),
    organisations: new Map(orgs.map((o) => [o.id, { id: o.id, kind: o.kind, regionCode: o.region_code }])),
  };
}

/** Full names by person id, for the pages that show who did what. */
export async function personNames(sql: postgres.Sql, ids: string[]): Promise<Map<string, string>> {
  const people = await sql<{ id: string; full_name: string }[]>`select id, full_name from people where id = any(${ids})`;
  return new Map(people.map((p) => [p.id, p.full_name]));
}
