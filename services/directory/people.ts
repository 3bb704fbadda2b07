import type postgres from 'postgres';
import type { Actor } from '../../domain/actor.js';
import { administersDirectoryOf, administersPilot, mayChangeRoles, rolesMisfit } from '../../domain/administration.js';
import { supportsPilotMethodologically } from '../../domain/federal/pilot.js';
import { curatedRegionCodesColumn } from '../auth/sessions.js';
import type { PersonChange, PersonCreate } from '../../domain/directory/person-entry.js';
import type { OrganisationKind } from '../../domain/organisation.js';
import type { PlatformRole, PositionLevel } from '../../domain/person.js';
import { refusal, RefusedError } from '../../domain/refusal.js';
import { changesOf, difference, recordChange, type ChangeSource, type DirectoryChange } from './directory-changes.js';
import { notAdministering, requireAdministers, requireSomeAdministration } from './directory-access.js';
import { invitePerson, type InvitationOutcome } from '../accounts/invitations.js';
import type { ServiceDeps } from '../deps.js';

/** A region's people as its administrator keeps them. Accounts (passwords, invitations, locks) are the accounts feature's. */

export interface PersonEntry {
  id: string;
  login: string;
  fullName: string;
  organisationId: string;
  organisationName: string;
  organisationKind: OrganisationKind;
  regionCode: string | null;
  position: PositionLevel;
  positionTitle: string;
  email: string | null;
  roles: PlatformRole[];
  unit: string | null;
  deactivatedAt: string | null;
  lockedAt: string | null;
}

interface PersonRow {
  id: string;
  login: string;
  full_name: string;
  organisation_id: string;
  organisation_name: string;
  kind: OrganisationKind;
  region_code: string | null;
  position: PositionLevel;
  position_title: string;
  email: string | null;
  roles: PlatformRole[];
  unit: string | null;
  deactivated_at: Date | null;
  locked_at: Date | null;
}

const toEntry = (r: PersonRow): PersonEntry => ({
  id: r.id,
  login: r.login,
  fullName: r.full_name,
  organisationId: r.organisation_id,
  organisationName: r.organisation_name,
  organisationKind: r.kind,
  regionCode: r.region_code,
  position: r.position,
  positionTitle: r.position_title,
  email: r.email,
  roles: r.roles,
  unit: r.unit,
  deactivatedAt: r.deactivated_at?.toISOString() ?? null,
  lockedAt: r.locked_at?.toISOString() ?? null,
});

/** What the audit trail keeps of a person. */
export const auditedPerson = (e: PersonEntry) => ({
  login: e.login,
  fullName: e.fullName,
  organisationId: e.organisationId,
  position: e.position,
  positionTitle: e.positionTitle,
  email: e.email,
  roles: e.roles,
  unit: e.unit,
});

const columns = (sql: postgres.Sql | postgres.TransactionSql) => sql`
  p.id, p.login, p.full_name, p.organisation_id, o.name as organisation_name, o.kind, o.region_code, p.position, p.position_title,
  p.email, p.roles, p.unit, p.deactivated_at, p.locked_at`;

export async function personRow(sql: postgres.Sql | postgres.TransactionSql, id: string, lock = false): Promise<PersonRow | undefined> {
  const [row] = await sql<PersonRow[]>`
    select ${columns(sql)} from people p join organisations o on o.id = p.organisation_id where p.id = ${id} ${lock ? sql`for update of p` : sql``}`;
  return row;
}
export { toEntry as personEntry };

export const personNotFound = (id: string) => `сотрудник «${id}» не найден`;

export async function listPeople(
  sql: postgres.Sql,
  actor: Actor,
  q: { region?: string; organisation?: string; includeInactive?: boolean },
): Promise<PersonEntry[]> {
  requireSomeAdministration(actor);
  const region = q.region ?? actor.regionCode;
  if (!administersDirectoryOf(actor, region ?? null)) throw new RefusedError(notAdministering);
  const rows = await sql<PersonRow[]>`
    select ${columns(sql)} from people p join organisations o on o.id = p.organisation_id
    where ${region ? sql`o.region_code = ${region}` : sql`o.region_code is null`}
      ${q.organisation ? sql`and p.organisation_id = ${q.organisation}` : sql``}
      ${q.includeInactive ? sql`` : sql`and p.deactivated_at is null`}
    order by case o.kind when 'TFOMS' then 0 when 'FOMS' then 0 when 'HEALTH_AUTHORITY' then 1 when 'SMO' then 2 else 3 end, o.name,
      case p.position when 'director' then 0 when 'head_of_directorate' then 1 when 'head_of_division' then 2 else 3 end, p.full_name
    limit 5000`;
  return rows.map(toEntry);
}

export async function personDetails(sql: postgres.Sql, actor: Actor, id: string): Promise<PersonEntry & { changes: DirectoryChange[] }> {
  const row = await personRow(sql, id);
  if (!row) throw new RefusedError(refusal('not_found', personNotFound(id)));
  requireAdministers(actor, row.region_code, personNotFound(id));
  return { ...toEntry(row), changes: await changesOf(sql, 'person', id) };
}

/** The organisation a person is placed in: active, and administered by the actor; elsewhere it does not exist. */
async function placeIn(tx: postgres.TransactionSql, actor: Actor, organisationId: string) {
  const [org] = await tx<{ id: string; name: string; kind: OrganisationKind; region_code: string | null; deactivated_at: Date | null }[]>`
    select id, name, kind, region_code, deactivated_at from organisations where id = ${organisationId}`;
  if (!org || !administersDirectoryOf(actor, org.region_code)) {
    const message = `организация «${organisationId}» не найдена`;
    throw new RefusedError(refusal('validation', `организация: ${message}`, [{ field: 'organisationId', message }]));
  }
  if (org.deactivated_at) {
    const message = 'организация деактивирована';
    throw new RefusedError(refusal('validation', `организация: ${message}`, [{ field: 'organisationId', message }]));
  }
  return org;
}

function checkRoles(actor: Actor, personId: string, before: PlatformRole[], after: PlatformRole[], kind: OrganisationKind): void {
  if (!mayChangeRoles(actor, personId, before, after)) {
    const own = actor.personId === personId;
    throw new RefusedError(
      refusal('forbidden', own ? 'свои роли изменить нельзя: это делает другой администратор' : 'эти роли вы назначить не можете', [
        { field: 'roles', message: own ? 'собственные права' : 'роль выше ваших прав' },
      ]),
    );
  }
  const misfit = rolesMisfit(kind, after);
  if (misfit) throw new RefusedError(refusal('validation', `роли: ${misfit}`, [{ field: 'roles', message: misfit }]));
}

function checkUnit(kind: OrganisationKind, unit: string | null): void {
  if (unit && kind !== 'TFOMS') {
    const message = 'указывается только для сотрудников ТФОМС';
    throw new RefusedError(refusal('validation', `подразделение: ${message}`, [{ field: 'unit', message }]));
  }
}

async function checkLogin(tx: postgres.TransactionSql, login: string, selfId: string | null): Promise<void> {
  const [other] = await tx`select 1 from people where login = ${login} and id is distinct from ${selfId}`;
  if (other) throw new RefusedError(refusal('conflict', `логин «${login}» уже занят`, [{ field: 'login', message: 'уже занят' }]));
}

export async function createPerson(
  deps: Pick<ServiceDeps, 'sql' | 'mailer' | 'accountSettings'>,
  actor: Actor,
  input: PersonCreate,
  source: ChangeSource,
): Promise<PersonEntry & { invitation: InvitationOutcome['delivery'] | 'failed' }> {
  requireSomeAdministration(actor);
  const created = await deps.sql.begin(async (tx) => {
    const org = await placeIn(tx, actor, input.organisationId);
    await tx`select pg_advisory_xact_lock(hashtext('directory:people'))`;
    await checkLogin(tx, input.login, null);
    let id = input.id ?? input.login;
    const [clash] = await tx`select 1 from people where id = ${id}`;
    if (clash && input.id) throw new RefusedError(refusal('conflict', `идентификатор «${id}» уже занят`, [{ field: 'id', message: 'уже занят' }]));
    if (clash) {
      const taken = new Set((await tx<{ id: string }[]>`select id from people where id like ${`${id}-%`}`).map((r) => r.id));
      let n = 2;
      while (taken.has(`${id}-${n}`)) n++;
      id = `${id}-${n}`;
    }
    const roles = input.roles ?? [];
    checkRoles(actor, id, [], roles, org.kind);
    const unit = input.unit || null;
    checkUnit(org.kind, unit);
    await tx`insert into people (id, login, full_name, organisation_id, position, position_title, email, roles, unit, password_hash)
             values (${id}, ${input.login}, ${input.fullName}, ${org.id}, ${input.position}, ${input.positionTitle}, ${input.email ?? null},
                     ${roles}, ${unit}, null)`;
    const entry = toEntry((await personRow(tx, id))!);
    await recordChange(tx, { actorId: actor.personId, subjectKind: 'person', subjectId: id, regionCode: org.region_code, action: 'created', before: null, after: auditedPerson(entry), source });
    return entry;
  });
  // A new person has no password: the invitation sets it, once the person is committed. A mail that fails
  // does not undo the creation; the administrator resends it from the person's account page.
  const invitation = await invitePerson(deps, { personId: created.id, actorId: actor.personId, source })
    .then((o) => o.delivery)
    .catch(() => 'failed' as const);
  return { ...created, invitation };
}

export async function changePerson(sql: postgres.Sql, actor: Actor, id: string, input: PersonChange, source: ChangeSource): Promise<PersonEntry> {
  return sql.begin(async (tx) => {
    const row = await personRow(tx, id, true);
    if (!row) throw new RefusedError(refusal('not_found', personNotFound(id)));
    requireAdministers(actor, row.region_code, personNotFound(id));
    const before = toEntry(row);
    if (before.deactivatedAt) throw new RefusedError(refusal('conflict', 'сотрудник деактивирован: сначала восстановите его'));
    const after: PersonEntry = { ...before };
    for (const k of ['login', 'fullName', 'position', 'positionTitle', 'email', 'roles', 'unit'] as const) {
      if (input[k] !== undefined) (after as unknown as Record<string, unknown>)[k] = k === 'unit' ? input.unit || null : input[k];
    }
    let kind = before.organisationKind;
    if (input.organisationId !== undefined && input.organisationId !== before.organisationId) {
      const org = await placeIn(tx, actor, input.organisationId);
      after.organisationId = org.id;
      after.organisationName = org.name;
      after.organisationKind = kind = org.kind;
      after.regionCode = org.region_code;
    }
    checkRoles(actor, id, before.roles, after.roles, kind);
    checkUnit(kind, after.unit);
    if ((after.email !== before.email || after.login !== before.login) && !administersPilot(actor)) await refuseFederalCredentials(tx, id);
    if (after.login !== before.login) await checkLogin(tx, after.login, id);
    const diff = difference(auditedPerson(before), auditedPerson(after));
    if (!diff) return before;
    await tx`update people set login = ${after.login}, full_name = ${after.fullName}, organisation_id = ${after.organisationId}, position = ${after.position},
               position_title = ${after.positionTitle}, email = ${after.email}, roles = ${after.roles}, unit = ${after.unit} where id = ${id}`;
    if (after.organisationId !== before.organisationId) {
      // The head of the organisation they leave is no longer them.
      await tx`update organisations set head_person_id = null where head_person_id = ${id} and id = ${before.organisationId}`;
    }
    await recordChange(tx, { actorId: actor.personId, subjectKind: 'person', subjectId: id, regionCode: after.regionCode, action: 'changed', ...diff, source });
    return after;
  });
}

/**
 * The address and the login are how an account is recovered (a reset link goes to the address) and matched by single
 * sign-on. A person with duties beyond the region — a director who curates a group of pilot regions, or the pilot's
 * methodological support — reads the federal view of many regions: a region's administrator changing their address
 * and resetting the password would gain that. Only a ФОМС administrator changes those two for such a person.
 */
async function refuseFederalCredentials(tx: postgres.TransactionSql, id: string): Promise<void> {
  const q = tx as unknown as postgres.Sql;
  const [p] = await q<{ curated_region_codes: string[]; kind: OrganisationKind; position: PositionLevel; region_code: string | null }[]>`
    select ${curatedRegionCodesColumn(q)}, o.kind, p.position, o.region_code
    from people p join organisations o on o.id = p.organisation_id where p.id = ${id}`;
  // The same rules the person's own sign-in gets (domain/federal/pilot.ts).
  const holder = p && { organisationKind: p.kind, position: p.position, regionCode: p.region_code, curatedRegionCodes: p.curated_region_codes };
  if (holder && (holder.curatedRegionCodes.length > 0 || supportsPilotMethodologically(holder as Actor))) {
    throw new RefusedError(
      refusal('forbidden', 'сотрудник курирует пилотные регионы (или ведёт методологическое сопровождение пилота): адрес электронной почты и логин ему меняет администратор ФОМС', [
        { field: 'email', message: 'меняет администратор ФОМС' },
      ]),
    );
  }
}

export async function reactivatePerson(sql: postgres.Sql, actor: Actor, id: string, source: ChangeSource): Promise<PersonEntry> {
  return sql.begin(async (tx) => {
    const row = await personRow(tx, id, true);
    if (!row) throw new RefusedError(refusal('not_found', personNotFound(id)));
    requireAdministers(actor, row.region_code, personNotFound(id));
    if (!row.deactivated_at) throw new RefusedError(refusal('conflict', 'сотрудник уже действует'));
    const [org] = await tx<{ deactivated_at: Date | null }[]>`select deactivated_at from organisations where id = ${row.organisation_id}`;
    if (org.deactivated_at) throw new RefusedError(refusal('conflict', 'организация сотрудника деактивирована: сначала восстановите её или переведите сотрудника'));
    await tx`update people set deactivated_at = null where id = ${id}`;
    await recordChange(tx, {
      actorId: actor.personId, subjectKind: 'person', subjectId: id, regionCode: row.region_code, action: 'reactivated',
      before: { deactivatedAt: row.deactivated_at.toISOString() }, after: { deactivatedAt: null }, source,
    });
    return { ...toEntry(row), deactivatedAt: null };
  });
}
