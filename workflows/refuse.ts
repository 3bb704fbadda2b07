import { ApplicationFailure } from '@temporalio/workflow';
import type { Refusal } from '../domain/refusal.js';

/**
 * Update validators throw this: the update is rejected before it reaches
 * history, and the API turns the type back into 400/403/409.
 */
export function refuse(r: Refusal | null): void {
  if (r) throw ApplicationFailure.create({ message: r.message, type: r.code, details: [r], nonRetryable: true });
}
