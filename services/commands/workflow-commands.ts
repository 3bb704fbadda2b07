import { WorkflowNotFoundError, WorkflowUpdateFailedError, ApplicationFailure, type WorkflowHandle } from '@temporalio/client';
import type { UpdateDefinition } from '@temporalio/common';
import { RefusedError, refusal, type Refusal, type RefusalCode } from '../../domain/refusal.js';

const codes = new Set<RefusalCode>(['validation', 'forbidden', 'conflict', 'not_found']);

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
  try {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    return await (handle.executeUpdate as any)(update, { args, updateId });
  } catch (err) {
    throw asRefusal(err, whenClosed) ?? err;
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
