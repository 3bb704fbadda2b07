import { decideActingStanding } from './acting-official.js';
import { canDraftRoadMap, isOrStandsInFor, isTfomsDirectorOf, replacedPerson, type Actor } from './actor.js';
import { refusal, type Refusal } from './refusal.js';
import type { RoadMapDocument } from './roadmap.js';
import type { RoadMapDocumentRef } from './roadmap-document-ref.js';

/**
 * draft → submitted → approved, or submitted → draft (returned with the
 * director's comment). An approved road map is amended by a new version
 * that goes through the same approval; the approved one stays in force until then.
 */
export type WorkingStatus = 'draft' | 'submitted';
export type RoadMapStatus = WorkingStatus | 'approved';

/**
 * A version's document is held by reference (`documentRef`, stored in PostgreSQL); `document` inline only in
 * workflows whose histories began before documents moved out of them, until their next edit or amendment.
 */
export interface WorkingVersion {
  version: number;
  status: WorkingStatus;
  document?: RoadMapDocument;
  documentRef?: RoadMapDocumentRef;
  lastReturnComment: string | null;
  /**
   * Who drafted this version (or started the amendment). Absent in workflows started before it was
   * recorded: then any drafter of the region may submit, as before.
   */
  authorId?: string;
}

export interface RoadMapState {
  roadMapId: string;
  regionCode: string;
  approvedVersion: number | null;
  /** Inline: approved before documents moved out of the workflows (null once approved by reference). */
  approvedDocument: RoadMapDocument | null;
  approvedDocumentRef?: RoadMapDocumentRef | null;
  working: WorkingVersion | null;
}

export function statusOf(state: RoadMapState): RoadMapStatus {
  return state.working?.status ?? 'approved';
}

type Decision = Refusal | null;

const notAllowedToDraft = (state: RoadMapState) =>
  refusal('forbidden', `готовить дорожную карту может сотрудник ТФОМС региона ${state.regionCode} не ниже начальника отдела`);

export function decideEditDraft(state: RoadMapState, actor: Actor): Decision {
  if (!canDraftRoadMap(actor, state.regionCode)) return notAllowedToDraft(state);
  if (state.working?.status !== 'draft') {
    return refusal('conflict', state.working ? 'версия направлена на утверждение: изменить её можно после возврата директором' : 'нет проекта для изменения: начните новую редакцию');
  }
  return null;
}

export function decideSubmit(state: RoadMapState, actor: Actor): Decision {
  if (!canDraftRoadMap(actor, state.regionCode)) return notAllowedToDraft(state);
  if (state.working?.status !== 'draft') {
    return refusal('conflict', state.working ? 'версия уже направлена на утверждение' : 'нет проекта для направления на утверждение');
  }
  // A draft is its author's or the monitoring coordinator's to send: not every head of division of the region.
  if (!maySubmitDraft(state.working, actor)) {
    return refusal('forbidden', 'направить проект на утверждение может его автор или координатор мониторинга дорожной карты (или исполняющий их обязанности)');
  }
  return null;
}

/** The author of the working version, the road map's coordinator, or whoever stands in for either. */
export function maySubmitDraft(working: Pick<WorkingVersion, 'authorId' | 'document' | 'documentRef'>, actor: Actor): boolean {
  if (!working.authorId) return true;
  const coordinatorId = working.document?.coordinatorId ?? working.documentRef?.coordinatorId;
  return isOrStandsInFor(actor, working.authorId) || (coordinatorId !== undefined && isOrStandsInFor(actor, coordinatorId));
}

/**
 * The region's ТФОМС director decides, or their acting official (и.о. директора,
 * appointed by a substitution of the director) in the director's absence.
 */
function directorRefusal(state: RoadMapState, actor: Actor, message: string): Decision {
  if (isTfomsDirectorOf(actor, state.regionCode)) return null;
  const replaced = replacedPerson(actor);
  if (replaced && isTfomsDirectorOf(replaced, state.regionCode)) return decideActingStanding(actor, 'director');
  return refusal('forbidden', message);
}

export function decideApprove(state: RoadMapState, actor: Actor): Decision {
  const notDirector = directorRefusal(state, actor, `утверждает дорожную карту только директор ТФОМС региона ${state.regionCode} (или исполняющий его обязанности)`);
  if (notDirector) return notDirector;
  if (state.working?.status !== 'submitted') {
    return refusal('conflict', state.working ? 'версия не направлена на утверждение' : `версия ${state.approvedVersion} уже утверждена`);
  }
  return null;
}

export function decideReturn(state: RoadMapState, actor: Actor, comment: string): Decision {
  const notDirector = directorRefusal(state, actor, `вернуть дорожную карту на доработку может только директор ТФОМС региона ${state.regionCode} (или исполняющий его обязанности)`);
  if (notDirector) return notDirector;
  if (state.working?.status !== 'submitted') return refusal('conflict', 'вернуть можно только версию, направленную на утверждение');
  if (!comment.trim()) return refusal('validation', 'укажите причину возврата', [{ field: 'comment', message: 'обязательное поле' }]);
  return null;
}

export function decideStartAmendment(state: RoadMapState, actor: Actor): Decision {
  if (!canDraftRoadMap(actor, state.regionCode)) return notAllowedToDraft(state);
  if (state.approvedVersion === null) return refusal('conflict', 'дорожная карта ещё не утверждена: изменяйте текущий проект');
  if (state.working) return refusal('conflict', `редакция ${state.working.version} уже готовится`);
  return null;
}
