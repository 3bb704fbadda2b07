import { ApplicationFailure } from '@temporalio/workflow';
import { refusal, type Refusal } from '../domain/refusal.js';
import { findUnstorableText } from '../domain/text-rules.js';
import { UNSTORABLE_EVENT } from '../domain/unstorable.js';

/**
 * Update validators throw this: the update is rejected before it reaches
 * history, and the API turns the type back into 400/403/409.
 */
export function refuse(r: Refusal | null): void {
  if (r) throw ApplicationFailure.create({ message: r.message, type: r.code, details: [r], nonRetryable: true });
}

/**
 * Defence in depth behind the API's schemas: a command sent straight through
 * the Temporal client with a NUL or another control character in any text is
 * refused here, before it reaches history or PostgreSQL.
 */
export function unstorableInput(input: unknown): Refusal | null {
  const found = findUnstorableText(input);
  return found ? refusal('validation', `недопустимый символ в поле «${found.field}»`, [found]) : null;
}

/**
 * Runs a handler that changes `state` and then records its event. When the
 * event cannot be stored (a PostgreSQL data error, which the activity reports
 * as non-retryable) the state goes back to what it was and the Update fails
 * with a validation error: the workflow takes the next command as if this one
 * had never come. Other failures propagate unchanged.
 */
export async function undoneIfUnstorable<S extends object, T>(state: S, handler: () => Promise<T>): Promise<T> {
  const before = JSON.stringify(state);
  try {
    return await handler();
  } catch (err) {
    const cause = unstorableCause(err);
    if (!cause) throw err;
    const saved = JSON.parse(before) as S;
    for (const key of Object.keys(state)) delete (state as Record<string, unknown>)[key];
    Object.assign(state, saved);
    throw ApplicationFailure.create({
      type: 'validation',
      message: 'данные команды не могут быть сохранены',
      details: [refusal('validation', 'данные команды не могут быть сохранены', [{ field: '', message: cause.message }])],
      nonRetryable: true,
    });
  }
}

/** The activity's failure, found by type along the cause chain (a local activity's may arrive unwrapped). */
function unstorableCause(err: unknown): ApplicationFailure | null {
  for (let e: unknown = err, depth = 0; e instanceof Error && depth < 5; e = e.cause, depth++) {
    if (e instanceof ApplicationFailure && e.type === UNSTORABLE_EVENT) return e;
  }
  return null;
}
