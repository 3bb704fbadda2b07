import { z } from 'zod';
import { IdText, MultiLineText, SingleLineText } from './text.js';

/** «не менее» (≥) or «не более» (≤): which way a target indicator must move. */
export const IndicatorDirection = z.enum(['at_least', 'at_most', 'unspecified']);
export type IndicatorDirection = z.infer<typeof IndicatorDirection>;

export const TargetIndicator = z
  .object({
    id: IdText.max(64),
    title: MultiLineText.min(1).max(2000),
    unit: SingleLineText.min(1).max(200),
    direction: IndicatorDirection,
    /** Year → target value; breakdowns (urban/rural, …) are separate indicators. */
    targets: z.record(z.string().regex(/^\d{4}$/), z.number()),
    source: MultiLineText.min(1).max(2000).optional(),
  })
  .strict();
export type TargetIndicator = z.infer<typeof TargetIndicator>;

/** Whether an actual value meets the target; unspecified direction never fails. */
export function meetsTarget(direction: IndicatorDirection, target: number, actual: number): boolean {
  if (direction === 'at_least') return actual >= target;
  if (direction === 'at_most') return actual <= target;
  return true;
}
