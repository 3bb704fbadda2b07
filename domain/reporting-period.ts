import type { Actor } from './actor.js';
import type { ScheduledRung } from './escalation-policy.js';
import { actsAs } from './execution-lifecycle.js';
import { refusal, type Refusal } from './refusal.js';
import { formatRuDate, formatRuDateTime } from './zoned-time.js';

/**
 * One week of monitoring: open → closed at the cut-off → its consolidated
 * report submitted to ФОМС by the coordinator. Reports are on time, late
 * (submitted after the due time, still accepted before the cut-off) or missing.
 */
export interface PeriodReporter {
  personId: string;
  controllerIds: string[];
}

/** Kept small on purpose: the lines of each duty live in PostgreSQL, the workflow needs only who and when. */
export interface ReportingPeriodPlan {
  periodId: string;
  roadMapId: string;
  version: number;
  number: number;
  regionCode: string;
  timeZone: string;
  coordinatorId: string;
  opensAt: string;
  dueAt: string;
  cutoffAt: string;
  ladder: ScheduledRung[];
  reporters: PeriodReporter[];
}

export const reportingPeriodId = (roadMapId: string, number: number) => `${roadMapId}.w${number}`;
export const reportingPeriodWorkflowId = (periodId: string) => `reporting-period:${periodId}`;
export const monitoringCycleWorkflowId = (roadMapId: string) => `monitoring-cycle:${roadMapId}`;

/**
 * released: every item of the duty was dropped (its executions cancelled)
 * while the period was open — nothing is owed: no escalation, not missing in
 * the discipline figures, not in the consolidated report.
 */
export type ReportStatus = 'pending' | 'on_time' | 'late' | 'missing' | 'released';

export const reportStatusLabel: Record<ReportStatus, string> = {
  pending: 'ожидается',
  released: 'не требуется: мероприятия исключены',
  on_time: 'представлен в срок',
  late: 'представлен с опозданием',
  missing: 'не представлен',
};

/**
 * A report not in by the due time is owed, not awaited: the period still takes it (it will be marked
 * late) until the cut-off, which marks it «не представлен». Lists read a pending one after the due time so.
 */
export const overdueReportLabel = 'не представлен в срок';

export const pendingOverdue = (dueAt: Date, now: Date = new Date()) => now.getTime() >= dueAt.getTime();

/**
 * The reporting week in dates, as the report form shows it: from the opening to the due day. The two
 * working days of late acceptance after the due time are not the week (they overlap the next one).
 */
export const reportingWeekText = (opensAt: Date, dueAt: Date, timeZone: string) => `${formatRuDate(opensAt, timeZone)} — ${formatRuDate(dueAt, timeZone)}`;

export type PeriodStatus = 'open' | 'closed' | 'submitted';

export const periodStatusLabel: Record<PeriodStatus, string> = {
  open: 'приём отчётов',
  closed: 'приём завершён',
  submitted: 'направлен в ФОМС',
};

export interface ReporterProgress {
  firstSubmittedAt: string | null;
  late: boolean;
  revision: number;
}

export interface Submission {
  by: string;
  actingForId: string | null;
  at: string;
  comment: string;
}

export interface ReportingPeriodState {
  plan: ReportingPeriodPlan;
  phase: 'open' | 'closed';
  progress: Record<string, ReporterProgress>;
  /** Reports received so far (corrections included): a compiled report is current when it saw them all. */
  received: number;
  compiledAt: number | null;
  compilations: number;
  fired: string[];
  submission: Submission | null;
}

export function initialPeriodState(plan: ReportingPeriodPlan): ReportingPeriodState {
  return {
    plan,
    phase: 'open',
    progress: Object.fromEntries(plan.reporters.map((r) => [r.personId, { firstSubmittedAt: null, late: false, revision: 0 }])),
    received: 0,
    compiledAt: null,
    compilations: 0,
    fired: [],
    submission: null,
  };
}

export const allReportsIn = (s: ReportingPeriodState) => Object.values(s.progress).every((p) => p.firstSubmittedAt !== null);

export const outstanding = (s: ReportingPeriodState) => s.plan.reporters.filter((r) => s.progress[r.personId]?.firstSubmittedAt === null);

export const isLate = (plan: ReportingPeriodPlan, at: string) => at > plan.dueAt;

export const rungKeyOf = (periodId: string, rungId: string) => `${periodId}:rung:${rungId}`;

export function decideSubmitReport(state: ReportingPeriodState, actor: Actor, reporterId: string, now: Date): Refusal | null {
  if (!state.progress[reporterId]) return refusal('forbidden', 'этот сотрудник не отчитывается в данном отчётном периоде');
  if (!actsAs(actor, reporterId)) return refusal('forbidden', 'отчёт представляет сам ответственный или исполняющий его обязанности');
  if (state.submission) return refusal('conflict', 'сводный отчёт за период уже направлен в ФОМС: отчёты больше не принимаются');
  if (state.phase === 'closed' || now.toISOString() >= state.plan.cutoffAt) {
    return refusal('conflict', `приём отчётов за период завершён ${formatRuDateTime(new Date(state.plan.cutoffAt), state.plan.timeZone)}`);
  }
  return null;
}

export function decideSubmitConsolidated(state: ReportingPeriodState, actor: Actor): Refusal | null {
  if (!actsAs(actor, state.plan.coordinatorId)) return refusal('forbidden', 'направить сводный отчёт в ФОМС может только координатор мониторинга');
  if (state.submission) return refusal('conflict', 'сводный отчёт за период уже направлен в ФОМС');
  if (state.compiledAt === null) {
    return refusal('conflict', 'сводный отчёт ещё не сформирован: он формируется, когда представлены все отчёты, или по окончании приёма');
  }
  return null;
}
