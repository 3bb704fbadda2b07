import { z } from 'zod';
import { applyOffset, PolicyOffset } from './calendar/duration.js';
import { russianProductionCalendar, type WorkingCalendar } from './calendar/working-calendar.js';

/** Who a rung reaches, named by role: the people are resolved when it fires (substitutions apply then). */
export const RecipientRole = z.enum(['executor', 'controller', 'director', 'coordinator']);
export type RecipientRole = z.infer<typeof RecipientRole>;

export const recipientLabel: Record<RecipientRole, string> = {
  executor: 'исполнитель',
  controller: 'контролирующее лицо',
  director: 'директор ТФОМС',
  coordinator: 'координатор',
};

export const Rung = z
  .object({
    id: z.string().min(1).max(32).regex(/^[a-z0-9-]+$/, 'латиница в нижнем регистре, цифры, -'),
    /** Reminders come before the deadline, escalations at or after it. */
    kind: z.enum(['reminder', 'escalation']),
    /** From the deadline: "-3WD" three working days before, "PT0S" at it, "2WD" two working days after. */
    offset: PolicyOffset,
    notify: z.array(RecipientRole).min(1),
  })
  .strict();
export type Rung = z.infer<typeof Rung>;

/**
 * The reminder and escalation ladder of a road map. The deck says nothing of
 * escalation; our rule: the responsible person, then the controlling
 * official, then the ТФОМС director, each rung once.
 */
export const EscalationPolicy = z
  .object({ rungs: z.array(Rung).min(1).max(20) })
  .strict()
  .superRefine((p, ctx) => {
    const seen = new Set<string>();
    p.rungs.forEach((r, i) => {
      if (seen.has(r.id)) ctx.addIssue({ code: 'custom', path: ['rungs', i, 'id'], message: `ступень «${r.id}» указана дважды` });
      seen.add(r.id);
    });
  });
export type EscalationPolicy = z.infer<typeof EscalationPolicy>;

export const defaultEscalationPolicy: EscalationPolicy = {
  rungs: [
    { id: 'remind-3wd', kind: 'reminder', offset: '-3WD', notify: ['executor'] },
    { id: 'remind-1wd', kind: 'reminder', offset: '-1WD', notify: ['executor'] },
    { id: 'overdue', kind: 'escalation', offset: 'PT0S', notify: ['executor', 'controller'] },
    { id: 'overdue-2wd', kind: 'escalation', offset: '2WD', notify: ['director'] },
  ],
};

export interface ScheduledRung {
  rung: Rung;
  fireAt: string;
}

/**
 * When each rung fires for one deadline, in firing order. Computed outside
 * the workflow (calendar data may be corrected), then kept in its state.
 */
export function scheduleLadder(
  policy: EscalationPolicy,
  deadline: Date,
  timeZone: string,
  workdayEnd?: string,
  calendar: WorkingCalendar = russianProductionCalendar,
): ScheduledRung[] {
  return policy.rungs
    .map((rung) => ({ rung, fireAt: applyOffset(deadline, rung.offset, calendar, timeZone, workdayEnd).toISOString() }))
    .sort((a, b) => a.fireAt.localeCompare(b.fireAt));
}

export { rungKey } from './rung-key.js';
