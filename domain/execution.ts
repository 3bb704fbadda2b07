import type { RoadMapDocument } from './roadmap.js';
import { itemsOf, moTargets } from './roadmap-structure.js';
import { resolveDeadline } from './deadline.js';

/** One item of one version executed for one МО (or for the fund as a whole). */
export interface ExecutionPlan {
  executionId: string;
  roadMapId: string;
  version: number;
  directionId: string;
  itemId: string;
  itemTitle: string;
  moId: string | null;
  executorId: string;
  controllerId: string;
  coordinatorId: string;
  deadlineAt: string;
}

/** Stable across versions, so an amendment keeps an unchanged item's execution running. */
export function executionId(roadMapId: string, itemId: string, moId: string | null): string {
  return `${roadMapId}.${itemId}.${moId ?? 'fund'}`;
}

export function executionWorkflowId(executionId: string): string {
  return `item-execution:${executionId}`;
}

/**
 * The executions a version expands to, in a stable order, from `offset` on:
 * a launch batch asks for its slice without building all 60,000 plans.
 */
export function planExecutions(
  roadMapId: string,
  version: number,
  doc: RoadMapDocument,
  timeZone: string,
  offset = 0,
  limit = Number.POSITIVE_INFINITY,
): ExecutionPlan[] {
  const plans: ExecutionPlan[] = [];
  let index = 0;
  for (const { direction, item } of itemsOf(doc)) {
    const targets = moTargets(doc, item);
    if (index + targets.length <= offset) {
      index += targets.length;
      continue;
    }
    const deadlineAt = resolveDeadline(item.deadline, timeZone, doc.workdayEnd).toISOString();
    for (const moId of targets) {
      if (index++ < offset) continue;
      if (plans.length >= limit) return plans;
      plans.push({
        executionId: executionId(roadMapId, item.id, moId),
        roadMapId,
        version,
        directionId: direction.id,
        itemId: item.id,
        itemTitle: item.title,
        moId,
        executorId: item.executorId,
        controllerId: item.controllerId,
        coordinatorId: doc.coordinatorId,
        deadlineAt,
      });
    }
  }
  return plans;
}

export type ExecutionStatus = 'assigned' | 'in_progress' | 'submitted' | 'accepted' | 'cancelled';
