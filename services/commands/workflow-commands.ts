import { WorkflowNotFoundError, WorkflowUpdateFailedError, ApplicationFailure, type WorkflowHandle } from '@temporalio/client';
import type { UpdateDefinition } from '@temporalio/common';
import { commandDeadlineMs, withCommandDeadline } from '../../infra/temporal/temporal-client.js';
import { RefusedError, refusal, type Refusal, type RefusalCode } from '../../domain/refusal.js';
import { annotateLogContext, logger } from '../../infra/observability/logger.js';
import { CommandQueueFullError, commandAdmission } from './command-admission.js';

const log = logger.child({ component: 'command' });

const codes = new Set<RefusalCode>(['validation', 'forbidden', 'conflict', 'not_found']);

/**
 * The read model shows a thing whose workflow does not exist yet: an execution's row is
 * written before its workflow is started (activities/launch-executions.ts), so a command
 * sent right after an approval can find no workflow. That is "not yet", never "finished":
 * a 503 with Retry-After, and the retry with the same key happens once.
 */
export class WorkflowNotStartedError extends Error {
  readonly retryAfterSeconds = 1;
  constructor(readonly workflowId: string) {
    super('процесс ещё запускается (например, исполнение только что утверждённого мероприятия); повторите запрос через секунду с тем же Idempotency-Key');
    this.name = 'WorkflowNotStartedError';
  }
}

/** How long a command waits for a workflow that does not exist yet before its 503 (a launch batch starts hundreds in about a second). */
const NOT_STARTED_WAITS_MS = [100, 250, 500, 1000];
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Sends a command as a Temporal Update and turns a validator's refusal back
 * into a RefusedError. The update id makes a retried command a no-op that
 * returns the first answer.
 */
export async function sendCommand<Ret, Args extends unknown[]>(
  handle: WorkflowHandle,
  update: UpdateDefinition<Ret, Args>,
  args: Args,
  updateId: string,
  whenClosed: Refusal = refusal('conflict', 'процесс уже завершён'),
): Promise<Ret> {
  // Every later line of this request (its access line included) names the command and its workflow.
  annotateLogContext({ commandId: updateId, workflowId: handle.workflowId });
  const started = Date.now();
  const line = (outcome: string) => ({ update: update.name, outcome, ms: Date.now() - started });
  try {
    // One deadline from the command's start, so that a Temporal server gone away (or too busy to give a turn) is a
    // quick 503, not a ~20 s wait (infra/temporal/temporal-client.ts): a turn's wait leaves the Update the rest of it.
    const until = started + commandDeadlineMs();
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const sendUpdate = () => withCommandDeadline<Ret>(handle.client, () => (handle.executeUpdate as any)(update, { args, updateId }), Math.max(1, until - Date.now()));
    // Each attempt waits for its turn among the process's commands in flight (command-admission.ts); a wait for a
    // workflow not started yet holds no turn.
    const admission = commandAdmission();
    const send = () => (admission ? admission.run(until, sendUpdate) : sendUpdate());
    let result: Ret | undefined;
    for (let attempt = 0; ; attempt++) {
      try {
        result = await send();
        break;
      } catch (err) {
        // The server says NOT_FOUND for a finished workflow too ("workflow execution already completed"): that one is closed.
        if (!(err instanceof WorkflowNotFoundError) || /already completed/i.test(err.message)) throw err;
        if (attempt >= NOT_STARTED_WAITS_MS.length) throw new WorkflowNotStartedError(handle.workflowId);
        await sleep(NOT_STARTED_WAITS_MS[attempt]);
      }
    }
    log.info(line('accepted'), 'command');
    return result as Ret;
  } catch (err) {
    if (err instanceof WorkflowNotStartedError) {
      log.info(line('not started yet'), 'command');
      throw err;
    }
    if (err instanceof CommandQueueFullError) {
      log.warn(line('no turn before the deadline'), 'command not admitted');
      throw err;
    }
    const refused = asRefusal(err, whenClosed);
    if (refused) log.info(line(`refused: ${refused.refusal.code}`), 'command');
    else log.error({ ...line('failed'), err }, 'command failed');
    throw refused ?? err;
  }
}

export function asRefusal(err: unknown, whenClosed: Refusal): RefusedError | null {
  if (err instanceof WorkflowUpdateFailedError && err.cause instanceof ApplicationFailure) {
    const cause = err.cause;
    const detail = cause.details?.[0] as Refusal | undefined;
    if (cause.type && codes.has(cause.type as RefusalCode)) {
      return new RefusedError(detail ?? refusal(cause.type as RefusalCode, cause.message));
    }
  }
  if (err instanceof WorkflowNotFoundError) return new RefusedError(whenClosed);
  if (err instanceof Error && /workflow execution already completed/i.test(err.message)) return new RefusedError(whenClosed);
  return null;
}
