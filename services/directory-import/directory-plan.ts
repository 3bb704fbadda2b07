import type { Actor } from '../../domain/actor.js';
import { mayChangeRoles } from '../../domain/administration.js';
import { positionLabel, type PlatformRole, type PositionLevel } from '../../domain/person.js';
import type { DirectoryRows, MoRow, PersonRow, SmoRow } from './directory-rows.js';
import type { DirectoryState, PersonRecord, StoredOrganisation, StoredPerson } from './directory-state.js';
import { ACTIVE, COLUMNS, MO_CLOSED, NO, PEOPLE_COLUMNS, PERSON_LEFT, roleLabel, TFOMS_WORD, YES, type ListKind } from './directory-workbook.js';

/** One field's before → after, as the dry run shows it (Russian column names and words). */
export interface FieldChange {
  field: string;
  before: string;
  after: string;
}

export type PlanAction = 'create' | 'change' | 'deactivate' | 'reactivate';

export interface PlanEntry {
  list: ListKind;
  action: PlanAction;
  /** Registry number, СМО code or login. */
  key: string;
  name: string;
  sheet: string;
  row: number;
  changes: FieldChange[];
}

export interface OrganisationWrite {
  id: string;
  kind: 'MO' | 'SMO';
  name: string;
  registry_number: string | null;
  parent_id: string | null;
  in_pilot: boolean;
  closed: boolean;
}

export type PersonWrite = PersonRecord;

export interface AuditRow {
  subject_kind: 'person' | 'organisation';
  subject_id: string;
  action: 'created' | 'changed' | 'deactivated' | 'reactivated';
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
}

/** What applying the file does: the rows to write (target values), the audit trail, the sessions to end. */
export interface DirectoryPlan {
  entries: PlanEntry[];
  unchanged: number;
  write: {
    insertOrganisations: OrganisationWrite[];
    updateOrganisations: OrganisationWrite[];
    insertPeople: PersonWrite[];
    updatePeople: PersonWrite[];
    smoHeads: { id: string; head_person_id: string }[];
    audit: AuditRow[];
    endSessionsOf: string[];
  };
}

const header = (kind: ListKind, i: number) => COLUMNS[kind][i].header;
const yesNo = (b: boolean) => (b ? YES : NO);
const rolesText = (roles: readonly PlatformRole[]) => roles.map((r) => roleLabel[r]).join('; ');

/**
 * The file against the directory: what would be created, changed, deactivated, and every cross-row and cross-sheet
 * rule broken (an unknown parent or organisation, a head outside the СМО, someone leaving with open work), each at
 * its cell. Pure: the same file and state give the same plan, and a file already applied gives an empty one.
 */
export function planDirectoryImport(actor: Actor, rows: DirectoryRows, state: DirectoryState): DirectoryPlan {
  const region = state.regionCode;
  const plan: DirectoryPlan = {
    entries: [], unchanged: 0,
    write: { insertOrganisations: [], updateOrganisations: [], insertPeople: [], updatePeople: [], smoHeads: [], audit: [], endSessionsOf: [] },
  };
  const w = plan.write;
  const tfoms = state.organisations.find((o) => o.kind === 'TFOMS') ?? null;
  const storedMo = new Map(state.organisations.filter((o) => o.kind === 'MO' && o.registry_number).map((o) => [o.registry_number!, o]));
  const storedMoById = new Map(state.organisations.filter((o) => o.kind === 'MO').map((o) => [o.id, o]));
  const storedSmo = new Map(state.organisations.filter((o) => o.kind === 'SMO').map((o) => [o.id, o]));
  const fileMo = new Map(rows.mo.filter((r) => r.registry).map((r) => [r.registry, r]));
  const fileSmo = new Map(rows.smo.filter((r) => r.code).map((r) => [r.code, r]));

  // МО: ids for new ones, then parents (from the file or the directory), then cycles.
  const moIdOf = new Map<string, string>([...storedMo].map(([reg, o]) => [reg, o.id]));
  for (const r of fileMo.values()) if (!moIdOf.has(r.registry)) moIdOf.set(r.registry, freeMoId(region, r.registry, state.moIdsTaken));
  const parentOf = new Map<string, string | null>();
  for (const o of storedMo.values()) parentOf.set(o.registry_number!, o.parent_id ? (storedMoById.get(o.parent_id)?.registry_number ?? null) : null);
  for (const r of fileMo.values()) parentOf.set(r.registry, r.parent);
  for (const r of rows.mo) {
    if (r.parent && !moIdOf.has(r.parent)) r.fail(2, 'головной МО с таким реестровым номером нет ни на листе «МО», ни в справочнике региона', r.parent);
    else if (r.parent && cycles(r.registry, parentOf)) r.fail(2, 'подразделения ссылаются друг на друга по кругу', r.parent);
  }
  const registryById = new Map([...moIdOf].map(([reg, id]) => [id, reg]));
  for (const r of fileMo.values()) planMo(r, storedMo.get(r.registry), moIdOf, registryById, plan);

  // СМО (heads after the people: a head may be a new person of the file).
  for (const r of fileSmo.values()) planSmo(r, storedSmo.get(r.code), state, plan);

  // People.
  const orgIdOf = (p: PersonRow): { id: string; text: string } | null => {
    const o = p.organisation;
    if (o.kind === 'tfoms') {
      if (!tfoms) p.fail(4, 'в справочнике региона нет ТФОМС');
      return tfoms ? { id: tfoms.id, text: TFOMS_WORD } : null;
    }
    if (o.kind === 'mo') {
      const id = moIdOf.get(o.registry);
      if (!id) p.fail(4, 'МО с таким реестровым номером нет ни на листе «МО», ни в справочнике региона');
      return id ? { id, text: o.registry } : null;
    }
    if (!fileSmo.has(o.code) && !storedSmo.has(o.code)) {
      p.fail(4, 'СМО с таким кодом нет ни на листе «СМО», ни в справочнике региона');
      return null;
    }
    return { id: o.code, text: o.code };
  };
  const registryOfId = new Map([...moIdOf].map(([reg, id]) => [id, reg]));
  const orgText = (id: string) => (id === tfoms?.id ? TFOMS_WORD : (registryOfId.get(id) ?? id));
  const targetOrgOf = new Map<string, string>();
  const leftInFile = new Set<string>();
  for (const p of rows.people) {
    if (!p.login) continue;
    const org = orgIdOf(p);
    if (org) targetOrgOf.set(p.login, org.id);
    if (p.left) leftInFile.add(p.login);
    planPerson(actor, p, state.peopleByLogin.get(p.login), state, org, orgText, plan);
  }

  // СМО heads: a person of that very СМО, after this file's changes, who has not left.
  for (const r of fileSmo.values()) {
    if (!r.head) continue;
    const stored = state.peopleByLogin.get(r.head);
    const inRegion = stored && stored.region_code === region;
    const orgId = targetOrgOf.get(r.head) ?? (inRegion ? stored.organisation_id : undefined);
    if (!orgId) {
      r.fail(2, 'сотрудника с таким логином нет ни на листе «Сотрудники», ни в справочнике региона', r.head);
      continue;
    }
    if (orgId !== r.code) {
      r.fail(2, `руководитель должен быть сотрудником этой СМО, а он числится в «${orgText(orgId)}»`, r.head);
      continue;
    }
    if (leftInFile.has(r.head) || (!targetOrgOf.has(r.head) && stored?.left)) {
      r.fail(2, 'сотрудник выбыл и не может быть руководителем', r.head);
      continue;
    }
    const id = stored?.id ?? r.head;
    const current = storedSmo.get(r.code)?.head_person_id ?? null;
    if (current === id) continue;
    w.smoHeads.push({ id: r.code, head_person_id: id });
    const currentLogin = current ? ([...state.peopleByLogin.values()].find((p) => p.id === current)?.login ?? current) : '';
    const change = { field: header('smo', 2), before: currentLogin, after: r.head };
    const entry = plan.entries.find((e) => e.list === 'smo' && e.key === r.code);
    if (entry) entry.changes.push(change);
    else {
      plan.unchanged--;
      plan.entries.push({ list: 'smo', action: 'change', key: r.code, name: r.name, sheet: r.sheet, row: r.row, changes: [change] });
    }
    w.audit.push({ subject_kind: 'organisation', subject_id: r.code, action: 'changed', before: { headPersonId: current }, after: { headPersonId: id } });
  }

  // A head of an СМО who leaves it (or leaves) while the file names no other head: the СМО would sign with nobody's name.
  const heads = new Map(state.organisations.filter((o) => o.kind === 'SMO' && o.head_person_id && !fileSmo.get(o.id)?.head).map((o) => [o.head_person_id!, o.id]));
  for (const p of rows.people) {
    const stored = state.peopleByLogin.get(p.login);
    const smo = stored && stored.region_code === region ? heads.get(stored.id) : undefined;
    if (!smo) continue;
    const moved = targetOrgOf.has(p.login) && targetOrgOf.get(p.login) !== smo;
    if (moved || p.left) p.fail(moved ? 4 : 8, `сотрудник — руководитель СМО «${smo}»: сначала укажите другого руководителя на листе «СМО»`);
  }
  return plan;
}

/** `mo-57-22-1` for 22.1, with a suffix when that id is already used (by an МО since renumbered, say). */
function freeMoId(region: string, registry: string, taken: Set<string>): string {
  const base = `mo-${region}-${registry.replace(/\./g, '-')}`;
  let id = base;
  for (let n = 2; taken.has(id); n++) id = `${base}-${n}`;
  taken.add(id);
  return id;
}

function cycles(start: string, parentOf: Map<string, string | null>): boolean {
  const seen = new Set<string>([start]);
  for (let at = parentOf.get(start); at; at = parentOf.get(at)) {
    if (seen.has(at)) return true;
    seen.add(at);
  }
  return false;
}

function diff(pairs: [string, string, string][]): FieldChange[] {
  return pairs.filter(([, b, a]) => b !== a).map(([field, before, after]) => ({ field, before, after }));
}

function planMo(r: MoRow, stored: StoredOrganisation | undefined, moIdOf: Map<string, string>, registryById: Map<string, string>, plan: DirectoryPlan) {
  const target: OrganisationWrite = {
    id: moIdOf.get(r.registry)!, kind: 'MO', name: r.name, registry_number: r.registry,
    parent_id: r.parent ? (moIdOf.get(r.parent) ?? null) : null, in_pilot: r.inPilot, closed: r.closed,
  };
  const entry = { list: 'mo' as const, key: r.registry, name: r.name, sheet: r.sheet, row: r.row };
  if (!stored) {
    plan.write.insertOrganisations.push(target);
    plan.write.audit.push({ subject_kind: 'organisation', subject_id: target.id, action: 'created', before: null, after: orgJson(target) });
    plan.entries.push({ ...entry, action: 'create', changes: [] });
    return;
  }
  const registryOf = (id: string | null) => (id ? (registryById.get(id) ?? id) : '');
  const changes = diff([
    [header('mo', 1), stored.name, r.name],
    [header('mo', 2), registryOf(stored.parent_id), r.parent ?? ''],
    [header('mo', 3), yesNo(stored.in_pilot), yesNo(r.inPilot)],
    [header('mo', 4), stored.closed ? MO_CLOSED : ACTIVE, r.closed ? MO_CLOSED : ACTIVE],
  ]);
  organisationChanged(stored, target, changes, entry, plan);
}

function planSmo(r: SmoRow, stored: StoredOrganisation | undefined, state: DirectoryState, plan: DirectoryPlan) {
  const taken = state.smoCodesTaken.get(r.code);
  if (!stored && taken) {
    r.fail(0, 'код занят другой организацией: выберите другой', r.code);
    return;
  }
  const target: OrganisationWrite = { id: r.code, kind: 'SMO', name: r.name, registry_number: null, parent_id: null, in_pilot: false, closed: stored?.closed ?? false };
  const entry = { list: 'smo' as const, key: r.code, name: r.name, sheet: r.sheet, row: r.row };
  if (!stored) {
    plan.write.insertOrganisations.push(target);
    plan.write.audit.push({ subject_kind: 'organisation', subject_id: target.id, action: 'created', before: null, after: orgJson(target) });
    plan.entries.push({ ...entry, action: 'create', changes: [] });
    return;
  }
  organisationChanged(stored, { ...target, in_pilot: stored.in_pilot }, diff([[header('smo', 1), stored.name, r.name]]), entry, plan);
}

function organisationChanged(
  stored: StoredOrganisation, target: OrganisationWrite, changes: FieldChange[], entry: Omit<PlanEntry, 'action' | 'changes'>, plan: DirectoryPlan,
) {
  if (!changes.length) {
    plan.unchanged++;
    return;
  }
  const before = orgJson({ ...stored, kind: target.kind, closed: stored.closed });
  const after = orgJson(target);
  plan.write.updateOrganisations.push(target);
  const action: PlanAction = stored.closed === target.closed ? 'change' : target.closed ? 'deactivate' : 'reactivate';
  plan.entries.push({ ...entry, action, changes });
  const fields = (['name', 'parentId', 'inPilot'] as const).filter((k) => before[k] !== after[k]);
  if (fields.length) {
    plan.write.audit.push({
      subject_kind: 'organisation', subject_id: target.id, action: 'changed',
      before: Object.fromEntries(fields.map((k) => [k, before[k]])), after: Object.fromEntries(fields.map((k) => [k, after[k]])),
    });
  }
  if (action !== 'change') {
    plan.write.audit.push({ subject_kind: 'organisation', subject_id: target.id, action: target.closed ? 'deactivated' : 'reactivated', before: { active: !stored.closed }, after: { active: !target.closed } });
  }
}

const orgJson = (o: Pick<OrganisationWrite, 'kind' | 'name' | 'registry_number' | 'parent_id' | 'in_pilot' | 'closed'>) => ({
  kind: o.kind, name: o.name, registryNumber: o.registry_number, parentId: o.parent_id, inPilot: o.in_pilot, active: !o.closed,
});

const personJson = (p: Omit<PersonWrite, 'id'>) => ({
  login: p.login, fullName: p.full_name, position: p.position, positionTitle: p.position_title, organisationId: p.organisation_id,
  unit: p.unit, email: p.email, roles: p.roles, active: !p.left,
});

function planPerson(
  actor: Actor, p: PersonRow, stored: StoredPerson | undefined, state: DirectoryState, org: { id: string; text: string } | null,
  orgText: (id: string) => string, plan: DirectoryPlan,
) {
  const entry = { list: 'people' as const, key: p.login, name: p.fullName, sheet: p.sheet, row: p.row };
  if (stored && stored.region_code !== state.regionCode) {
    p.fail(0, 'логин занят сотрудником организации вне региона: его изменяет администратор той организации', p.login);
    return;
  }
  if (!stored && state.idsTaken.has(p.login)) {
    p.fail(0, 'логин совпадает с идентификатором другого сотрудника: выберите другой', p.login);
    return;
  }
  if (!stored && p.left) return; // someone who left before ever being on the platform: nothing to create
  const id = stored?.id ?? p.login;
  const roles = p.roles ?? stored?.roles ?? [];
  if (roles.some((r) => r !== 'admin') && roles.join() !== (stored?.roles ?? []).join()) p.fail(7, 'роли ФОМС назначаются только сотрудникам ФОМС');
  else if (!mayChangeRoles(actor, id, stored?.roles ?? [], roles)) {
    p.fail(7, id === actor.personId ? 'свои роли изменить нельзя' : 'эти роли вы назначить не можете');
  }
  if (p.left && id === actor.personId) p.fail(8, 'себя отметить выбывшим нельзя');
  const open = state.openWork.get(p.login) ?? 0;
  if (p.left && stored && !stored.left && open > 0) {
    p.fail(8, `у сотрудника незавершённых исполнений: ${open}; сначала передайте их другому сотруднику (справочник → «Передать дела», POST /api/people/${id}/transfer)`);
  }
  if (!org) return;
  const target: PersonWrite = {
    id, login: p.login, full_name: p.fullName, position: p.position, position_title: p.title, organisation_id: org.id,
    unit: p.unit === undefined ? (stored?.unit ?? null) : p.unit,
    email: p.email === undefined ? (stored?.email ?? null) : p.email,
    roles, left: p.left,
  };
  if (!stored) {
    plan.write.insertPeople.push(target);
    plan.write.audit.push({ subject_kind: 'person', subject_id: id, action: 'created', before: null, after: personJson(target) });
    plan.entries.push({ ...entry, action: 'create', changes: [] });
    return;
  }
  const c = PEOPLE_COLUMNS.map((col) => col.header);
  const changes = diff([
    [c[1], stored.full_name, target.full_name],
    [c[2], positionLabel[stored.position], positionLabel[target.position]],
    [c[3], stored.position_title, target.position_title],
    [c[4], orgText(stored.organisation_id), org.text],
    [c[5], stored.unit ?? '', target.unit ?? ''],
    [c[6], stored.email ?? '', target.email ?? ''],
    [c[7], rolesText(stored.roles), rolesText(target.roles)],
    [c[8], stored.left ? PERSON_LEFT : ACTIVE, target.left ? PERSON_LEFT : ACTIVE],
  ]);
  if (!changes.length) {
    plan.unchanged++;
    return;
  }
  plan.write.updatePeople.push(target);
  const action: PlanAction = stored.left === target.left ? 'change' : target.left ? 'deactivate' : 'reactivate';
  plan.entries.push({ ...entry, action, changes });
  const before = personJson({ ...stored, left: stored.left });
  const after = personJson(target);
  const fields = (Object.keys(after) as (keyof typeof after)[]).filter((k) => k !== 'active' && JSON.stringify(before[k]) !== JSON.stringify(after[k]));
  if (fields.length) {
    plan.write.audit.push({
      subject_kind: 'person', subject_id: id, action: 'changed',
      before: Object.fromEntries(fields.map((k) => [k, before[k]])), after: Object.fromEntries(fields.map((k) => [k, after[k]])),
    });
  }
  if (action !== 'change') {
    plan.write.audit.push({ subject_kind: 'person', subject_id: id, action: target.left ? 'deactivated' : 'reactivated', before: { active: !stored.left }, after: { active: !target.left } });
  }
  if (action === 'deactivate') plan.write.endSessionsOf.push(id);
}

