import type postgres from 'postgres';
import type { Actor } from '../../domain/actor.js';
import { administersDirectoryOf } from '../../domain/administration.js';
import { organisationIdFor, type OrganisationChange, type OrganisationCreate } from '../../domain/directory/organisation-entry.js';
import type { OrganisationKind } from '../../domain/organisation.js';
import { refusal, RefusedError } from '../../domain/refusal.js';
import { changesOf, difference, recordChange, type ChangeSource, type DirectoryChange } from './directory-changes.js';
import { notAdministering, requireAdministers, requireSomeAdministration } from './directory-access.js';

/** Organisations of a region as its administrator keeps them: create, change, deactivate, reactivate; never deleted. */

export interface OrganisationEntry {
  id: string;
  kind: OrganisationKind;
  name: string;
  regionCode: string | null;
  registryNumber: string | null;
  parentId: string | null;
  inPilot: boolean;
  headPersonId: string | null;
  deactivatedAt: string | null;
}

interface OrgRow {
  id: string;
  kind: OrganisationKind;
  name: string;
  region_code: string | null;
  registry_number: string | null;
  parent_id: string | null;
  in_pilot: boolean;
  head_person_id: string | null;
  deactivated_at: Date | null;
}

const toEntry = (r: OrgRow): OrganisationEntry => ({
  id: r.id,
  kind: r.kind,
  name: r.name,
  regionCode: r.region_code,
  registryNumber: r.registry_number,
  parentId: r.parent_id,
  inPilot: r.in_pilot,
  headPersonId: r.head_person_id,
  deactivatedAt: r.deactivated_at?.toISOString() ?? null,
});

/** What the audit trail keeps of an organisation (the timestamps are the trail's own). */
const audited = (e: OrganisationEntry) => ({
  kind: e.kind,
  name: e.name,
  regionCode: e.regionCode,
  registryNumber: e.registryNumber,
  parentId: e.parentId,
  inPilot: e.inPilot,
  headPersonId: e.headPersonId,
});

const regionOrder = (sql: postgres.Sql) => sql`order by case kind when 'TFOMS' then 0 when 'HEALTH_AUTHORITY' then 1 when 'SMO' then 2 else 3 end,
  case when registry_number ~ '^[0-9]+(\\.[0-9]+)*$' then string_to_array(registry_number, '.')::int[] end nulls last, name`;

export async function listOrganisations(
  sql: postgres.Sql,
  actor: Actor,
  q: { region?: string; kind?: OrganisationKind; includeInactive?: boolean },
): Promise<OrganisationEntry[]> {
  requireSomeAdministration(actor);
  const region = q.region ?? actor.regionCode;
  if (!administersDirectoryOf(actor, region ?? null)) throw new RefusedError(notAdministering);
  const rows = await sql<OrgRow[]>`
    select id, kind, name, region_code, registry_number, parent_id, in_pilot, head_person_id, deactivated_at from organisations
    where ${region ? sql`region_code = ${region}` : sql`region_code is null`}
      ${q.kind ? sql`and kind = ${q.kind}` : sql``} ${q.includeInactive ? sql`` : sql`and deactivated_at is null`}
    ${regionOrder(sql)}`;
  return rows.map(toEntry);
}

async function organisationRow(sql: postgres.Sql | postgres.TransactionSql, id: string, lock = false): Promise<OrgRow | undefined> {
  const [row] = await sql<OrgRow[]>`
    select id, kind, name, region_code, registry_number, parent_id, in_pilot, head_person_id, deactivated_at
    from organisations where id = ${id} ${lock ? sql`for update` : sql``}`;
  return row;
}

const notFound = (id: string) => `организация «${id}» не найдена`;

/** An organisation the actor administers, with its history. */
export async function organisationDetails(sql: postgres.Sql, actor: Actor, id: string): Promise<OrganisationEntry & { changes: DirectoryChange[] }> {
  const row = await organisationRow(sql, id);
  if (!row) throw new RefusedError(refusal('not_found', notFound(id)));
  requireAdministers(actor, row.region_code, notFound(id));
  return { ...toEntry(row), changes: await changesOf(sql, 'organisation', id) };
}

/** A parent must be an МО of the same region, not the organisation itself nor one of its own sub-units. */
async function checkParent(tx: postgres.TransactionSql, regionCode: string, parentId: string, selfId: string | null): Promise<void> {
  const bad = (message: string) => new RefusedError(refusal('validation', `подразделение организации: ${message}`, [{ field: 'parentId', message }]));
  if (parentId === selfId) throw bad('организация не может быть подразделением самой себя');
  const [parent] = await tx<{ kind: string; region_code: string | null; parent_id: string | null }[]>`
    select kind, region_code, parent_id from organisations where id = ${parentId}`;
  if (!parent || parent.region_code !== regionCode) throw bad(`организация «${parentId}» не найдена в регионе`);
  if (parent.kind !== 'MO') throw bad('подразделением может быть только медицинская организация');
  if (selfId && parent.parent_id === selfId) throw bad('организация уже головная для этой');
}

async function checkHead(tx: postgres.TransactionSql, organisationId: string, personId: string): Promise<void> {
  const [p] = await tx`select 1 from people where id = ${personId} and organisation_id = ${organisationId} and deactivated_at is null`;
  if (!p) {
    const message = `сотрудник «${personId}» не найден в организации`;
    throw new RefusedError(refusal('validation', `руководитель: ${message}`, [{ field: 'headPersonId', message }]));
  }
}

/** A registry number is unique among a region's МО (index organisations_registry_number). */
async function checkRegistryNumber(tx: postgres.TransactionSql, regionCode: string, registryNumber: string, selfId: string | null): Promise<void> {
  const [other] = await tx<{ id: string; name: string }[]>`
    select id, name from organisations where region_code = ${regionCode} and kind = 'MO' and registry_number = ${registryNumber}
      and id is distinct from ${selfId}`;
  if (other) {
    const message = `номер ${registryNumber} уже у «${other.name}» (${other.id})`;
    throw new RefusedError(refusal('conflict', `номер в реестре: ${message}`, [{ field: 'registryNumber', message }]));
  }
}

export async function createOrganisation(sql: postgres.Sql, actor: Actor, input: OrganisationCreate, source: ChangeSource): Promise<OrganisationEntry> {
  requireSomeAdministration(actor);
  if (!administersDirectoryOf(actor, input.regionCode)) {
    throw new RefusedError(refusal('forbidden', `справочник региона ${input.regionCode} ведёт его администратор`, [{ field: 'regionCode', message: 'другой регион' }]));
  }
  if (input.headPersonId) {
    const message = 'назначается после того, как сотрудник добавлен в организацию';
    throw new RefusedError(refusal('validation', `руководитель: ${message}`, [{ field: 'headPersonId', message }]));
  }
  return sql.begin(async (tx) => {
    const [region] = await tx`select 1 from regions where code = ${input.regionCode}`;
    if (!region) throw new RefusedError(refusal('validation', `регион ${input.regionCode} не найден`, [{ field: 'regionCode', message: 'нет такого региона' }]));
    // One at a time per region: the next free id and the unique checks see each other's rows.
    await tx`select pg_advisory_xact_lock(hashtext(${`directory:${input.regionCode}`}))`;
    if (input.kind === 'TFOMS') {
      const [fund] = await tx<{ id: string }[]>`select id from organisations where region_code = ${input.regionCode} and kind = 'TFOMS' and deactivated_at is null`;
      if (fund) throw new RefusedError(refusal('conflict', `в регионе уже есть ТФОМС (${fund.id})`, [{ field: 'kind', message: 'ТФОМС региона уже есть' }]));
    }
    if (input.registryNumber) await checkRegistryNumber(tx, input.regionCode, input.registryNumber, null);
    if (input.parentId) await checkParent(tx, input.regionCode, input.parentId, null);
    const taken = new Set((await tx<{ id: string }[]>`select id from organisations where id like ${`%-${input.regionCode}%`} or id = ${input.id ?? ''}`).map((r) => r.id));
    if (input.id && taken.has(input.id)) {
      throw new RefusedError(refusal('conflict', `идентификатор «${input.id}» уже занят`, [{ field: 'id', message: 'уже занят' }]));
    }
    const id = input.id ?? organisationIdFor(input, (x) => taken.has(x));
    const entry: OrganisationEntry = {
      id,
      kind: input.kind,
      name: input.name,
      regionCode: input.regionCode,
      registryNumber: input.registryNumber ?? null,
      parentId: input.parentId ?? null,
      inPilot: input.inPilot ?? false,
      headPersonId: null,
      deactivatedAt: null,
    };
    await tx`insert into organisations (id, kind, name, region_code, registry_number, parent_id, in_pilot)
             values (${id}, ${entry.kind}, ${entry.name}, ${entry.regionCode}, ${entry.registryNumber}, ${entry.parentId}, ${entry.inPilot})`;
    await recordChange(tx, { actorId: actor.personId, subjectKind: 'organisation', subjectId: id, regionCode: entry.regionCode, action: 'created', before: null, after: audited(entry), source });
    return entry;
  });
}

export async function changeOrganisation(sql: postgres.Sql, actor: Actor, id: string, input: OrganisationChange, source: ChangeSource): Promise<OrganisationEntry> {
  return sql.begin(async (tx) => {
    const row = await organisationRow(tx, id, true);
    if (!row) throw new RefusedError(refusal('not_found', notFound(id)));
    requireAdministers(actor, row.region_code, notFound(id));
    const before = toEntry(row);
    if (before.deactivatedAt) throw new RefusedError(refusal('conflict', 'организация деактивирована: сначала восстановите её'));
    const after: OrganisationEntry = { ...before };
    if (input.name !== undefined) after.name = input.name;
    if (input.registryNumber !== undefined) after.registryNumber = input.registryNumber;
    if (input.parentId !== undefined) after.parentId = input.parentId;
    if (input.inPilot !== undefined) after.inPilot = input.inPilot;
    if (input.headPersonId !== undefined) after.headPersonId = input.headPersonId;
    const field = (f: string, message: string) => new RefusedError(refusal('validation', message, [{ field: f, message }]));
    if (after.kind === 'MO' && !after.registryNumber) throw field('registryNumber', 'номер в реестре: обязателен для медицинской организации');
    if (after.kind !== 'MO' && after.registryNumber) throw field('registryNumber', 'номер в реестре: только у медицинской организации');
    if (after.kind !== 'MO' && after.inPilot) throw field('inPilot', 'участие в пилотном проекте: только у медицинской организации');
    if (after.kind !== 'MO' && after.parentId) throw field('parentId', 'подразделение: только у медицинской организации');
    if (after.registryNumber && after.registryNumber !== before.registryNumber) await checkRegistryNumber(tx, after.regionCode!, after.registryNumber, id);
    if (after.parentId && after.parentId !== before.parentId) await checkParent(tx, after.regionCode!, after.parentId, id);
    if (after.headPersonId && after.headPersonId !== before.headPersonId) await checkHead(tx, id, after.headPersonId);
    const diff = difference(audited(before), audited(after));
    if (!diff) return before;
    await tx`update organisations set name = ${after.name}, registry_number = ${after.registryNumber}, parent_id = ${after.parentId},
               in_pilot = ${after.inPilot}, head_person_id = ${after.headPersonId} where id = ${id}`;
    await recordChange(tx, { actorId: actor.personId, subjectKind: 'organisation', subjectId: id, regionCode: row.region_code, action: 'changed', ...diff, source });
    return after;
  });
}

/**
 * Closed or merged: kept, because road maps, reports and the history name it. Refused while
 * active people or sub-units remain (they are deactivated or moved first).
 */
export async function setOrganisationActive(sql: postgres.Sql, actor: Actor, id: string, active: boolean, source: ChangeSource): Promise<OrganisationEntry> {
  return sql.begin(async (tx) => {
    const row = await organisationRow(tx, id, true);
    if (!row) throw new RefusedError(refusal('not_found', notFound(id)));
    requireAdministers(actor, row.region_code, notFound(id));
    if (row.kind === 'FOMS') throw new RefusedError(refusal('conflict', 'ФОМС не деактивируется'));
    if ((row.deactivated_at === null) === active) {
      throw new RefusedError(refusal('conflict', active ? 'организация уже действует' : 'организация уже деактивирована'));
    }
    if (!active) {
      const people = await tx<{ id: string; full_name: string }[]>`
        select id, full_name from people where organisation_id = ${id} and deactivated_at is null order by full_name limit 51`;
      const units = await tx<{ id: string; name: string }[]>`
        select id, name from organisations where parent_id = ${id} and deactivated_at is null order by id limit 51`;
      if (people.length || units.length) {
        throw new RefusedError(
          refusal('conflict', `в организации остаются действующие сотрудники (${people.length}) или подразделения (${units.length}): сначала деактивируйте или переведите их`, [
            ...people.map((p) => ({ field: 'people', message: `${p.full_name} (${p.id})` })),
            ...units.map((u) => ({ field: 'units', message: `${u.name} (${u.id})` })),
          ]),
        );
      }
    } else if (row.parent_id) {
      const [parent] = await tx<{ deactivated_at: Date | null }[]>`select deactivated_at from organisations where id = ${row.parent_id}`;
      if (parent?.deactivated_at) throw new RefusedError(refusal('conflict', `головная организация ${row.parent_id} деактивирована: сначала восстановите её`));
    }
    const [updated] = await tx<OrgRow[]>`
      update organisations set deactivated_at = ${active ? null : sql`now()`} where id = ${id}
      returning id, kind, name, region_code, registry_number, parent_id, in_pilot, head_person_id, deactivated_at`;
    await recordChange(tx, {
      actorId: actor.personId,
      subjectKind: 'organisation',
      subjectId: id,
      regionCode: row.region_code,
      action: active ? 'reactivated' : 'deactivated',
      before: { deactivatedAt: row.deactivated_at?.toISOString() ?? null },
      after: { deactivatedAt: updated.deactivated_at?.toISOString() ?? null },
      source,
    });
    return toEntry(updated);
  });
}
