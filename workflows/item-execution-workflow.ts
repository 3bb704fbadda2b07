import { allHandlersFinished, condition, continueAsNew, patched, proxyActivities, proxyLocalActivities, setHandler, workflowInfo } from '@temporalio/workflow';
import type { Activities } from '../activities/activity-types.js';
import type { Actor } from '../domain/actor.js';
import type { ScheduledRung } from '../domain/escalation-policy.js';
import { rungKey } from '../domain/rung-key.js';
import type { EventType } from '../domain/events.js';
import type { ExecutionPlan } from '../domain/execution.js';
import { EXECUTION_REVISION } from '../domain/execution-revision.js';
import {
  decideAccept,
  decideComplete,
  decideExtension,
  decideReassign,
  decideRequestExtension,
  decideReturnForRework,
  initialExecutionState,
  isFinished,
  type ExecutionState,
} from '../domain/execution-lifecycle.js';
import { refusal } from '../domain/refusal.js';
import { domainEvent } from './domain-event.js';
import {
  acceptExecutionUpdate,
  cancelExecutionUpdate,
  completeExecutionUpdate,
  decideExtensionUpdate,
  executionStateQuery,
  reassignExecutionUpdate,
  requestExtensionUpdate,
  returnExecutionUpdate,
  type ExecutionCommandResult,
} from './messages.js';
import { refuse, undoneIfUnstorable, unstorableInput } from './refuse.js';
import { serialPersistence } from './serial-persistence.js';

// Short timeouts: if a worker dies mid-activity, the retry on another worker comes after this long.
// Commands wait for their event to be recorded: as a local activity it runs inside the
// workflow task, without a second trip through the task queue (the API answers sooner).
const { recordEvents } = proxyLocalActivities<Activities>({
  startToCloseTimeout: '20 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '30 seconds' },
});
const { scheduleLadder, fireRung } = proxyActivities<Activities>({
  startToCloseTimeout: '20 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '30 seconds' },
});
// A rung is one short transaction: run inside the workflow task its timer woke, it costs that one
// task instead of three (the timer's, the activity's own trip through the queue, its result's).
const { fireRung: fireRungHere } = proxyLocalActivities<Activities>({
  startToCloseTimeout: '20 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '30 seconds' },
});
// Mail servers go away for hours: keep trying, slower and slower, without holding up the ladder.
const { deliverNotifications } = proxyActivities<Activities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '5 seconds', backoffCoefficient: 2, maximumInterval: '30 minutes' },
});

export interface ItemExecutionInput {
  plan: ExecutionPlan;
  /** The ladder for the plan's deadline, computed by the launch. */
  ladder?: ScheduledRung[];
  carried?: ExecutionState;
  /** The workflow's behaviour this run was started with (EXECUTION_REVISION); absent: before it was named. */
  revision?: number;
}

/**
 * One road-map item carried out for one МО. Durable timers run the reminder
 * and escalation ladder of the current deadline; commands arrive as Updates.
 * Its history is that execution's audit trail.
 */
export async function itemExecutionWorkflow(input: ItemExecutionInput): Promise<ExecutionState['status']> {
  const state: ExecutionState = input.carried ?? initialExecutionState(input.plan, input.ladder ?? []);
  const id = state.plan.executionId;
  const revised = (input.revision ?? 1) >= 2;
  let armed = 0;
  const deliveries: Promise<unknown>[] = [];
  const deliver = (notificationIds: string[] | undefined) => {
    if (notificationIds?.length) deliveries.push(deliverNotifications({ notificationIds }));
  };
  const persist = serialPersistence(recordEvents);
  const emit = async (type: EventType, actor: Actor | null, payload: Record<string, unknown>) => {
    const recorded = await persist([domainEvent(type, state.plan.roadMapId, id, state.plan.version, actor, payload)]);
    // A command's notifications (to the controller, to the executor) are e-mailed like a rung's, off the
    // command's path: the Update answers once the event is recorded. Histories recorded before this
    // step existed replay without it (their recordEvents returned nothing).
    if (revised || patched('command-notifications-emailed')) deliver(recorded?.notificationIds);
  };
  const result = (extra: Partial<ExecutionCommandResult> = {}): ExecutionCommandResult => ({
    executionId: id,
    status: state.status,
    deadlineAt: state.deadlineAt,
    ...extra,
  });

  setHandler(executionStateQuery, () => state);

  setHandler(
    completeExecutionUpdate,
    async ({ actor, report }) =>
      undoneIfUnstorable(state, async () => {
        state.status = 'submitted';
        state.submittedBy = actor.personId;
        await emit('execution.completed', actor, { report, onTime: new Date().toISOString() <= state.originalDeadlineAt });
        return result();
      }),
    { validator: (input) => refuse(decideComplete(state, input.actor) ?? unstorableInput(input)) },
  );

  setHandler(
    acceptExecutionUpdate,
    async ({ actor }) =>
      undoneIfUnstorable(state, async () => {
        state.status = 'accepted';
        await emit('execution.accepted', actor, {});
        return result();
      }),
    { validator: (input) => refuse(decideAccept(state, input.actor) ?? unstorableInput(input)) },
  );

  setHandler(
    returnExecutionUpdate,
    async ({ actor, comment }) =>
      undoneIfUnstorable(state, async () => {
        state.status = 'in_progress';
        state.submittedBy = null;
        await emit('execution.returned', actor, { comment });
        return result();
      }),
    { validator: (input) => refuse(decideReturnForRework(state, input.actor, input.comment) ?? unstorableInput(input)) },
  );

  setHandler(
    requestExtensionUpdate,
    async ({ actor, newDeadlineAt, newDeadline, reason, attachments }) =>
      undoneIfUnstorable(state, async () => {
        const request = {
          requestId: `${id}~x${state.extensionCount + 1}`,
          newDeadlineAt,
          reason,
          requestedBy: actor.personId,
          requestedAt: new Date().toISOString(),
        };
        state.pendingExtension = request;
        state.extensionCount++;
        // Only the event's payload grows (no new command), and only when files came: older histories replay unchanged.
        const files = attachments?.length ? { attachments } : {};
        await emit('execution.extension_requested', actor, { ...request, newDeadline, currentDeadlineAt: state.deadlineAt, ...files });
        return result({ requestId: request.requestId });
      }),
    { validator: (input) => refuse(decideRequestExtension(state, input.actor, input.newDeadlineAt, input.reason) ?? unstorableInput(input)) },
  );

  setHandler(
    decideExtensionUpdate,
    async ({ actor, requestId, granted, comment }) =>
      undoneIfUnstorable(state, async () => {
        const request = state.pendingExtension!;
        state.pendingExtension = null;
        if (granted) {
          // Deadline and ladder change together: the loop must never see one without the other.
          const ladder = await scheduleLadder({ roadMapId: state.plan.roadMapId, version: state.plan.version, deadlineAt: request.newDeadlineAt });
          state.deadlineAt = request.newDeadlineAt;
          state.ladder = ladder;
          armed++;
        }
        await emit('execution.extension_decided', actor, { requestId, granted, comment, deadlineAt: state.deadlineAt });
        return result({ requestId });
      }),
    { validator: (input) => refuse(decideExtension(state, input.actor, input.requestId) ?? unstorableInput(input)) },
  );

  setHandler(
    reassignExecutionUpdate,
    async ({ actor, fromPersonId, toPersonId, transferId }) =>
      undoneIfUnstorable(state, async () => {
        const roles: string[] = [];
        if (state.executorId === fromPersonId) {
          state.executorId = toPersonId;
          roles.push('executor');
        }
        if (state.controllerId === fromPersonId) {
          state.controllerId = toPersonId;
          roles.push('controller');
        }
        await emit('execution.reassigned', actor, { fromPersonId, toPersonId, transferId, roles });
        return result();
      }),
    { validator: (input) => refuse(decideReassign(state, input.fromPersonId) ?? unstorableInput(input)) },
  );

  setHandler(
    cancelExecutionUpdate,
    async ({ reason, version }) =>
      undoneIfUnstorable(state, async () => {
        state.status = 'cancelled';
        await emit('execution.cancelled', null, { reason, byVersion: version });
        return result();
      }),
    { validator: (input) => refuse(isFinished(state.status) ? refusal('conflict', 'исполнение уже завершено') : unstorableInput(input)) },
  );

  /** Reminders of a deadline already past are not sent; escalations still are, however late. */
  function skipRemindersPastDeadline(): void {
    if (Date.now() <= Date.parse(state.deadlineAt)) return;
    for (const r of state.ladder) {
      const key = rungKey(id, state.deadlineAt, r.rung.id);
      if (r.rung.kind === 'reminder' && !state.fired.includes(key)) state.fired.push(key);
    }
  }
  // An execution launched after its deadline (a late approval) starts at the overdue rungs.
  if (!input.carried) skipRemindersPastDeadline();

  while (!isFinished(state.status)) {
    const at = armed;
    const rearmed = () => isFinished(state.status) || armed !== at;
    const fired = new Set(state.fired);
    const next = state.ladder.find((r) => !fired.has(rungKey(id, state.deadlineAt, r.rung.id)));
    if (!next) {
      await condition(() => rearmed() || workflowInfo().continueAsNewSuggested);
    } else {
      const wait = Date.parse(next.fireAt) - Date.now();
      if (wait > 0 && (await condition(rearmed, wait))) continue;
      // Work waiting for acceptance is not late work: the ladder waits for the controller's decision.
      if (state.status === 'submitted') {
        await condition(() => rearmed() || state.status !== 'submitted');
        // Returned for rework after the deadline: the reminders it slept through are noise now.
        if (!rearmed()) skipRemindersPastDeadline();
        continue;
      }
      const key = rungKey(id, state.deadlineAt, next.rung.id);
      const { notificationIds } = await (revised ? fireRungHere : fireRung)({
        key,
        roadMapId: state.plan.roadMapId,
        executionId: id,
        version: state.plan.version,
        rung: next.rung,
        dueAt: next.fireAt,
        deadlineAt: state.deadlineAt,
        executorId: state.executorId,
        controllerId: state.controllerId,
        coordinatorId: state.plan.coordinatorId,
      });
      deliver(notificationIds);
      state.fired.push(key);
    }
    if (workflowInfo().continueAsNewSuggested && !isFinished(state.status)) {
      await condition(allHandlersFinished);
      await Promise.all(deliveries);
      // A new run has a new history: it takes today's revision whatever this one was started with.
      await continueAsNew<typeof itemExecutionWorkflow>({ plan: state.plan, carried: state, revision: EXECUTION_REVISION });
    }
  }
  await condition(allHandlersFinished);
  await Promise.all(deliveries);
  return state.status;
}
