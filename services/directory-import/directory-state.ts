import type postgres from 'postgres';
import type { OrganisationKind } from '../../domain/organisation.js';
import type { PlatformRole, PositionLevel } from '../../domain/person.js';
import type { DirectoryRows } from './directory-rows.js';

export interface StoredOrganisation {
  id: string;
  kind: OrganisationKind;
  name: string;
  registry_number: string | null;
  parent_id: string | null;
  in_pilot: boolean;
  head_person_id: string | null;
  closed: boolean;
}

/** A person as the import writes them. */
export interface PersonRecord {
  id: string;
  login: string;
  full_name: string;
  position: PositionLevel;
  position_title: string;
  organisation_id: string;
  unit: string | null;
  email: string | null;
  roles: PlatformRole[];
  left: boolean;
}

/** A person as the directory holds them: the record and the region of their organisation (null: ФОМС). */
export interface StoredPerson extends PersonRecord {
  region_code: string | null;
}

/** What the import compares the file with: the region's organisations and every person the file names. */
export interface DirectoryState {
  regionCode: string;
  organisations: StoredOrganisation[];
  /** By login, and by id (a new person's id is the login: it must be free). */
  peopleByLogin: Map<string, StoredPerson>;
  idsTaken: Set<string>;
  /** Organisation ids already used with the prefix new МО ids are made from (`mo-{region}-`). */
  moIdsTaken: Set<string>;
  /** Organisation ids (any kind, any region) equal to an СМО code of the file. */
  smoCodesTaken: Map<string, { kind: OrganisationKind; region_code: string | null }>;
  /** Unfinished executions (as executor or controller) of the people the file marks as left. */
  openWork: Map<string, number>;
}

/**
 * A handful of set-based queries, whatever the file's size: the region's organisations, the people by the logins
 * the file names, the ids a new row would take, and the open work of those leaving.
 */
export async function loadDirectoryState(sql: postgres.Sql | postgres.TransactionSql, regionCode: string, rows: DirectoryRows): Promise<DirectoryState> {
  const logins = [...new Set([...rows.people.map((p) => p.login), ...rows.smo.flatMap((s) => (s.head ? [s.head] : []))].filter(Boolean))];
  const leaving = [...new Set(rows.people.filter((p) => p.left && p.login).map((p) => p.login))];
  const codes = [...new Set(rows.smo.map((s) => s.code).filter(Boolean))];
  const q = sql as postgres.Sql;
  const [organisations, people, moIds, smoCodes, openWork] = await Promise.all([
    q<StoredOrganisation[]>`
      select id, kind, name, registry_number, parent_id, in_pilot, head_person_id, deactivated_at is not null as closed
      from organisations where region_code = ${regionCode} and kind in ('TFOMS', 'SMO', 'MO')`,
    q<(StoredPerson & { by_id: boolean })[]>`
      select p.id, p.login, p.full_name, p.position, p.position_title, p.organisation_id, p.unit, p.email, p.roles,
             p.deactivated_at is not null as left, o.region_code
      from people p join organisations o on o.id = p.organisation_id
      where p.login = any(${logins}) or p.id = any(${logins})`,
    q<{ id: string }[]>`select id from organisations where id like ${`mo-${regionCode}-%`}`,
    q<{ id: string; kind: OrganisationKind; region_code: string | null }[]>`select id, kind, region_code from organisations where id = any(${codes})`,
    q<{ login: string; n: number }[]>`
      select p.login, count(*)::int as n
      from people p join item_executions e on (e.executor_id = p.id or e.controller_id = p.id) and e.status not in ('accepted', 'cancelled')
      where p.login = any(${leaving}) group by p.login`,
  ]);
  return {
    regionCode,
    organisations,
    peopleByLogin: new Map(people.map((p) => [p.login, { ...p, roles: [...p.roles].sort() }])),
    idsTaken: new Set(people.map((p) => p.id)),
    moIdsTaken: new Set(moIds.map((r) => r.id)),
    smoCodesTaken: new Map(smoCodes.map((r) => [r.id, { kind: r.kind, region_code: r.region_code }])),
    openWork: new Map(openWork.map((r) => [r.login, r.n])),
  };
}
