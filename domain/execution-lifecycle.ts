import { decideActingStanding, type Duty } from './acting-official.js';
import { isOrStandsInFor, type Actor } from './actor.js';
import type { ScheduledRung } from './escalation-policy.js';
import type { ExecutionPlan, ExecutionStatus } from './execution.js';
import { refusal, type Refusal } from './refusal.js';

/**
 * assigned → in progress → submitted for acceptance → accepted, or returned
 * for rework with the controller's comment → in progress. Overdue is derived
 * from the deadline and the clock, never stored.
 */
export interface ExtensionRequest {
  requestId: string;
  newDeadlineAt: string;
  reason: string;
  requestedBy: string;
  requestedAt: string;
}

export interface ExecutionState {
  plan: ExecutionPlan;
  status: ExecutionStatus;
  /** Current responsible people: a bulk transfer can change them. */
  executorId: string;
  controllerId: string;
  /** Who reported the work done (the person, not the one they acted for). */
  submittedBy: string | null;
  /** Reports count on time against the original deadline; the ladder runs on the current one. */
  originalDeadlineAt: string;
  deadlineAt: string;
  ladder: ScheduledRung[];
  /** Rung keys already fired or skipped, across every deadline this execution had. */
  fired: string[];
  pendingExtension: ExtensionRequest | null;
  extensionCount: number;
}

export function initialExecutionState(plan: ExecutionPlan, ladder: ScheduledRung[]): ExecutionState {
  return {
    plan,
    status: 'assigned',
    executorId: plan.executorId,
    controllerId: plan.controllerId,
    submittedBy: null,
    originalDeadlineAt: plan.deadlineAt,
    deadlineAt: plan.deadlineAt,
    ladder,
    fired: [],
    pendingExtension: null,
    extensionCount: 0,
  };
}

export const isOpen = (s: ExecutionStatus) => s === 'assigned' || s === 'in_progress';
export const isFinished = (s: ExecutionStatus) => s === 'accepted' || s === 'cancelled';

/** The actor is the person, or is acting (и.о.) for them. */
export const actsAs = (actor: Actor, personId: string) => actor.personId === personId || actor.actingForId === personId;

/** Not the person in charge, or acting for them without the standing the duty requires. */
function dutyRefusal(actor: Actor, personId: string, duty: Duty, message: string): Refusal | null {
  if (!actsAs(actor, personId)) return refusal('forbidden', message);
  return decideActingStanding(actor, duty);
}

/**
 * Four eyes across substitution chains: whoever reported the work, whoever is the
 * item's executor, and whoever stands in for the executor right now never decide
 * on it — whichever substitutions put them in the controller's seat.
 */
function fourEyes(state: ExecutionState, actor: Actor, ownReport: string): Refusal | null {
  if (state.submittedBy === actor.personId) return refusal('forbidden', `${ownReport} (принцип «четырёх глаз»)`);
  if (isOrStandsInFor(actor, state.executorId)) {
    return refusal('forbidden', 'исполнитель мероприятия и исполняющий его обязанности не принимают решений по его исполнению (принцип «четырёх глаз»)');
  }
  return null;
}

export function decideComplete(state: ExecutionState, actor: Actor): Refusal | null {
  const notHers = dutyRefusal(actor, state.executorId, 'executor', 'отчитаться о выполнении может только исполнитель мероприятия');
  if (notHers) return notHers;
  if (!isOpen(state.status)) {
    return refusal('conflict', state.status === 'submitted' ? 'отчёт уже направлен на приёмку' : 'исполнение мероприятия завершено');
  }
  return null;
}

export function decideAccept(state: ExecutionState, actor: Actor): Refusal | null {
  const refused =
    fourEyes(state, actor, 'нельзя принять собственный отчёт') ??
    dutyRefusal(actor, state.controllerId, 'controller', 'принять исполнение может только контролирующее лицо');
  if (refused) return refused;
  if (state.status !== 'submitted') return refusal('conflict', 'нет отчёта, ожидающего приёмки');
  return null;
}

export function decideReturnForRework(state: ExecutionState, actor: Actor, comment: string): Refusal | null {
  const refused =
    fourEyes(state, actor, 'нельзя принимать решение по собственному отчёту') ??
    dutyRefusal(actor, state.controllerId, 'controller', 'вернуть на доработку может только контролирующее лицо');
  if (refused) return refused;
  if (state.status !== 'submitted') return refusal('conflict', 'нет отчёта, ожидающего приёмки');
  if (!comment.trim()) return refusal('validation', 'укажите, что доработать', [{ field: 'comment', message: 'обязательное поле' }]);
  return null;
}

export function decideRequestExtension(state: ExecutionState, actor: Actor, newDeadlineAt: string, reason: string): Refusal | null {
  const notHers = dutyRefusal(actor, state.executorId, 'executor', 'перенос срока запрашивает исполнитель мероприятия');
  if (notHers) return notHers;
  if (isFinished(state.status)) return refusal('conflict', 'исполнение мероприятия завершено');
  if (state.pendingExtension) return refusal('conflict', 'предыдущий запрос на перенос срока ещё не рассмотрен');
  if (newDeadlineAt <= state.deadlineAt) {
    return refusal('validation', 'новый срок должен быть позже текущего', [{ field: 'newDeadline', message: `позже ${state.deadlineAt}` }]);
  }
  if (!reason.trim()) return refusal('validation', 'укажите причину переноса', [{ field: 'reason', message: 'обязательное поле' }]);
  return null;
}

export function decideExtension(state: ExecutionState, actor: Actor, requestId: string): Refusal | null {
  const notHers = dutyRefusal(actor, state.controllerId, 'controller', 'решение о переносе срока принимает контролирующее лицо');
  if (notHers) return notHers;
  if (state.pendingExtension?.requestId !== requestId) return refusal('conflict', 'этот запрос на перенос срока уже рассмотрен или отозван');
  if (state.pendingExtension.requestedBy === actor.personId) return refusal('forbidden', 'нельзя решать по собственному запросу');
  if (isOrStandsInFor(actor, state.executorId)) return refusal('forbidden', 'исполнитель мероприятия и исполняющий его обязанности не решают по переносу его срока (принцип «четырёх глаз»)');
  return null;
}

export function decideReassign(state: ExecutionState, fromPersonId: string): Refusal | null {
  if (isFinished(state.status)) return refusal('conflict', 'исполнение мероприятия завершено');
  if (state.executorId !== fromPersonId && state.controllerId !== fromPersonId) {
    return refusal('conflict', 'сотрудник больше не отвечает за это исполнение');
  }
  return null;
}
