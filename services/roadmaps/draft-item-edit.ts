import type postgres from 'postgres';
import { ZodError } from 'zod';
import { canDraftRoadMap, type Actor } from '../../domain/actor.js';
import { fieldPath, RefusedError, refusal, type FieldIssue } from '../../domain/refusal.js';
import type { RoadMapDocument, RoadMapItem } from '../../domain/roadmap.js';
import type { ServiceDeps } from '../deps.js';
import { editRoadMapDraft } from './roadmap-drafts.js';
import { readableRoadMap, versionDocument } from './roadmap-read-model.js';

/**
 * One item of a draft (or of an amendment's working version) changed from the road-map page: its deadline,
 * executor, controller and МО. The whole document goes through editRoadMapDraft — the service and Temporal
 * Update `editDraft` of PUT /api/roadmaps/{id} — so the rules and messages are the API's; the issues on this
 * item's fields come back under the form's own names (`deadline`, `executorId`, `controllerId`, `scope`).
 */
export interface DraftItemChange {
  deadline: string;
  executorId: string;
  controllerId: string;
  scope: 'fund' | 'all_mo' | 'mo_list';
  moIds: string[];
}

export async function draftItemForEditing(sql: postgres.Sql, actor: Actor, id: string, itemId: string) {
  const row = await readableRoadMap(sql, actor, id);
  // The form is for those who draft (the Update checks again); anyone else reading the road map is refused, as by the API.
  if (!canDraftRoadMap(actor, row.region_code)) {
    throw new RefusedError(refusal('forbidden', `готовить дорожную карту может сотрудник ТФОМС региона ${row.region_code} не ниже начальника отдела`));
  }
  const document = row.working_version ? await versionDocument(sql, row.id, row.working_version) : null;
  if (!row.working_version || !document) throw new RefusedError(refusal('conflict', 'нет проекта для изменения: начните новую редакцию'));
  // The workflow's own words (decideEditDraft); it refuses the command too, this only spares a form that cannot be saved.
  if (row.status === 'submitted') throw new RefusedError(refusal('conflict', 'версия направлена на утверждение: изменить её можно после возврата директором'));
  let at: { d: number; i: number; item: RoadMapItem } | null = null;
  document.directions.forEach((dir, d) => dir.items.forEach((item, i) => (item.id === itemId ? (at = { d, i, item }) : null)));
  if (!at) throw new RefusedError(refusal('not_found', `мероприятие «${itemId}» не найдено в редакции № ${row.working_version}`));
  const found = at as { d: number; i: number; item: RoadMapItem };
  // Who may be named: the staff of the region's ТФОМС and СМО (the rules then check the position), and always the
  // people the item names now — a select without them would silently propose someone else.
  const current = [found.item.executorId, found.item.controllerId];
  const people = await sql<{ id: string; full_name: string; position_title: string; organisation_kind: string }[]>`
    select p.id, p.full_name, p.position_title, o.kind as organisation_kind from people p join organisations o on o.id = p.organisation_id
    where (o.region_code = ${row.region_code} and o.kind in ('TFOMS', 'SMO') and p.deactivated_at is null) or p.id = any(${current})
    order by o.kind desc, p.full_name limit 1000`;
  const mos = await sql<{ id: string; name: string }[]>`select id, name from organisations where id = any(${document.participatingMoIds}) order by name`;
  return { row, version: row.working_version, document, direction: found.d, index: found.i, item: found.item, people, mos };
}

export async function editDraftItem(deps: ServiceDeps, actor: Actor, id: string, itemId: string, change: DraftItemChange, commandId: string) {
  const at = await draftItemForEditing(deps.sql, actor, id, itemId);
  const next = structuredClone(at.document) as RoadMapDocument;
  const item = next.directions[at.direction].items[at.index];
  item.deadline = { date: change.deadline };
  item.executorId = change.executorId;
  item.controllerId = change.controllerId;
  item.scope = change.scope === 'mo_list' ? { kind: 'mo_list', moIds: change.moIds } : { kind: change.scope };
  const prefix = `directions.${at.direction}.items.${at.index}.`;
  try {
    return await editRoadMapDraft(deps, actor, id, next, commandId);
  } catch (err) {
    if (err instanceof ZodError) {
      throw new RefusedError(refusal('validation', 'мероприятие не сохранено', localIssues(err.issues.map((i) => ({ field: fieldPath(i.path), message: i.message })), prefix)));
    }
    if (err instanceof RefusedError && err.refusal.details.length) {
      throw new RefusedError({ ...err.refusal, details: localIssues(err.refusal.details, prefix) });
    }
    throw err;
  }
}

/** This item's issues under the form's field names; an issue elsewhere in the document keeps its full path. */
function localIssues(issues: FieldIssue[], prefix: string): FieldIssue[] {
  return issues.map((i) => {
    if (!i.field.startsWith(prefix)) return i;
    const local = i.field.slice(prefix.length);
    const field = local.startsWith('deadline') ? 'deadline' : local.startsWith('scope') ? 'scope' : local;
    return { field, message: i.message };
  });
}
