import { allHandlersFinished, condition, proxyActivities, setHandler } from '@temporalio/workflow';
import type { Activities } from '../activities/activity-types.js';
import type { Actor } from '../domain/actor.js';
import type { EventType } from '../domain/events.js';
import type { ExecutionPlan } from '../domain/execution.js';
import { decideAccept, decideComplete, decideReturnForRework, type ExecutionState } from '../domain/execution-lifecycle.js';
import { refusal } from '../domain/refusal.js';
import { domainEvent } from './domain-event.js';
import {
  acceptExecutionUpdate,
  cancelExecutionUpdate,
  completeExecutionUpdate,
  executionStateQuery,
  returnExecutionUpdate,
  type ExecutionCommandResult,
} from './messages.js';
import { refuse } from './refuse.js';
import { serialPersistence } from './serial-persistence.js';

const { recordEvents } = proxyActivities<Activities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '1 second', maximumInterval: '30 seconds' },
});

export interface ItemExecutionInput {
  plan: ExecutionPlan;
  carried?: ExecutionState;
}

/**
 * One road-map item carried out for one МО: the executor reports, the
 * controller accepts or returns it. Its history is that execution's audit trail.
 */
export async function itemExecutionWorkflow(input: ItemExecutionInput): Promise<ExecutionState['status']> {
  const state: ExecutionState = input.carried ?? { plan: input.plan, status: 'assigned', submittedBy: null };
  const persist = serialPersistence(recordEvents);
  const emit = (type: EventType, actor: Actor | null, payload: Record<string, unknown>) =>
    persist([domainEvent(type, state.plan.roadMapId, state.plan.executionId, state.plan.version, actor, payload)]);
  const result = (): ExecutionCommandResult => ({ executionId: state.plan.executionId, status: state.status });

  setHandler(executionStateQuery, () => ({ plan: state.plan, status: state.status }));

  setHandler(
    completeExecutionUpdate,
    async ({ actor, report }) => {
      state.status = 'submitted';
      state.submittedBy = actor.personId;
      await emit('execution.completed', actor, { report });
      return result();
    },
    { validator: ({ actor }) => refuse(decideComplete(state, actor)) },
  );

  setHandler(
    acceptExecutionUpdate,
    async ({ actor }) => {
      state.status = 'accepted';
      await emit('execution.accepted', actor, {});
      return result();
    },
    { validator: ({ actor }) => refuse(decideAccept(state, actor)) },
  );

  setHandler(
    returnExecutionUpdate,
    async ({ actor, comment }) => {
      state.status = 'in_progress';
      state.submittedBy = null;
      await emit('execution.returned', actor, { comment });
      return result();
    },
    { validator: ({ actor, comment }) => refuse(decideReturnForRework(state, actor, comment)) },
  );

  setHandler(
    cancelExecutionUpdate,
    async ({ reason, version }) => {
      state.status = 'cancelled';
      await emit('execution.cancelled', null, { reason, byVersion: version });
      return result();
    },
    {
      validator: (_input) => {
        if (state.status === 'accepted' || state.status === 'cancelled') refuse(refusal('conflict', 'исполнение уже завершено'));
      },
    },
  );

  await condition(() => state.status === 'accepted' || state.status === 'cancelled');
  await condition(allHandlersFinished);
  return state.status;
}
