import type { Actor } from './actor.js';
import type { ExecutionPlan, ExecutionStatus } from './execution.js';
import { refusal, type Refusal } from './refusal.js';

/**
 * assigned → in progress → submitted for acceptance → accepted, or returned
 * for rework with the controller's comment → in progress. Overdue is derived
 * from the deadline and the clock, never stored.
 */
export interface ExecutionState {
  plan: ExecutionPlan;
  status: ExecutionStatus;
  submittedBy: string | null;
}

const isOpen = (s: ExecutionStatus) => s === 'assigned' || s === 'in_progress';

export function decideComplete(state: ExecutionState, actor: Actor): Refusal | null {
  if (actor.personId !== state.plan.executorId) return refusal('forbidden', 'отчитаться о выполнении может только исполнитель мероприятия');
  if (!isOpen(state.status)) {
    return refusal('conflict', state.status === 'submitted' ? 'отчёт уже направлен на приёмку' : 'исполнение мероприятия завершено');
  }
  return null;
}

export function decideAccept(state: ExecutionState, actor: Actor): Refusal | null {
  if (actor.personId !== state.plan.controllerId) return refusal('forbidden', 'принять исполнение может только контролирующее лицо');
  // Four-eyes: whoever reported the work done cannot be the one who accepts it.
  if (state.submittedBy === actor.personId) return refusal('forbidden', 'нельзя принять собственный отчёт (принцип «четырёх глаз»)');
  if (state.status !== 'submitted') return refusal('conflict', 'нет отчёта, ожидающего приёмки');
  return null;
}

export function decideReturnForRework(state: ExecutionState, actor: Actor, comment: string): Refusal | null {
  if (actor.personId !== state.plan.controllerId) return refusal('forbidden', 'вернуть на доработку может только контролирующее лицо');
  if (state.status !== 'submitted') return refusal('conflict', 'нет отчёта, ожидающего приёмки');
  if (!comment.trim()) return refusal('validation', 'укажите, что доработать', [{ field: 'comment', message: 'обязательное поле' }]);
  return null;
}
