import { allHandlersFinished, condition, continueAsNew, proxyActivities, proxyLocalActivities, setHandler, workflowInfo } from '@temporalio/workflow';
import type { Activities } from '../activities/activity-types.js';
import type { Actor } from '../domain/actor.js';
import type { EventType } from '../domain/events.js';
import {
  allReportsIn,
  decideSubmitConsolidated,
  decideSubmitReport,
  initialPeriodState,
  isLate,
  outstanding,
  rungKeyOf,
  type ReportingPeriodPlan,
  type ReportingPeriodState,
} from '../domain/reporting-period.js';
import type { ScheduledRung } from '../domain/escalation-policy.js';
import { domainEvent } from './domain-event.js';
import { reportingPeriodStateQuery, submitConsolidatedUpdate, submitWeeklyReportUpdate } from './monitoring-messages.js';
import { refuse, undoneIfUnstorable, unstorableInput } from './refuse.js';
import { serialPersistence } from './serial-persistence.js';

// recordEvents is local: a report's answer waits for it (see item-execution-workflow.ts).
const { recordEvents } = proxyLocalActivities<Activities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '30 seconds' },
});
const { fireReportRung, compileConsolidatedReport } = proxyActivities<Activities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '30 seconds' },
});
const { deliverNotifications, deliverEventNotifications } = proxyActivities<Activities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '5 seconds', backoffCoefficient: 2, maximumInterval: '30 minutes' },
});

export interface ReportingPeriodInput {
  plan: ReportingPeriodPlan;
  /** Notifications the opening wrote (report requests), to e-mail. */
  openingEventId?: string;
  carried?: ReportingPeriodState;
}

/**
 * One week of monitoring. Durable timers run the late-report ladder from the
 * due time and close reception at the cut-off; reports and the coordinator's
 * submission to ФОМС arrive as Updates. Only who-reported-when lives here:
 * the reports themselves are in PostgreSQL, so 200 reporters keep it small.
 */
export async function reportingPeriodWorkflow(input: ReportingPeriodInput): Promise<'submitted'> {
  const state: ReportingPeriodState = input.carried ?? initialPeriodState(input.plan);
  const plan = state.plan;
  const persist = serialPersistence(recordEvents);
  const deliveries: Promise<unknown>[] = [];
  let reportsInFlight = 0;
  let submissionRecorded = input.carried?.submission != null;
  const emit = async (type: EventType, actor: Actor | null, payload: Record<string, unknown>) => {
    const event = domainEvent(type, plan.roadMapId, plan.periodId, plan.version, actor, payload);
    await persist([event]);
    return event.id;
  };

  setHandler(reportingPeriodStateQuery, () => state);

  setHandler(
    submitWeeklyReportUpdate,
    async ({ actor, reporterId, report }) =>
      undoneIfUnstorable(state, async () => {
        reportsInFlight++;
        try {
          const now = new Date().toISOString();
          const progress = state.progress[reporterId];
          const correction = progress.firstSubmittedAt !== null;
          if (!correction) {
            progress.firstSubmittedAt = now;
            // Late is decided once, by the first submission: a correction never makes an on-time report late.
            progress.late = isLate(plan, now);
          }
          const revision = ++progress.revision;
          const firstSubmittedAt = progress.firstSubmittedAt!;
          await emit('monitoring.report_submitted', actor, {
            reporterId,
            report,
            revision,
            correction,
            late: progress.late,
            lateByMs: progress.late ? Date.parse(firstSubmittedAt) - Date.parse(plan.dueAt) : 0,
            firstSubmittedAt,
          });
          state.received++;
          return { periodId: plan.periodId, reporterId, revision, late: progress.late, submittedAt: now, firstSubmittedAt };
        } finally {
          reportsInFlight--;
        }
      }),
    { validator: (input) => refuse(decideSubmitReport(state, input.actor, input.reporterId, new Date()) ?? unstorableInput(input)) },
  );

  setHandler(
    submitConsolidatedUpdate,
    async ({ actor, comment }) =>
      undoneIfUnstorable(state, async () => {
        const at = new Date().toISOString();
        // Set first: from here on corrections are refused, and the report sent is the one compiled from all of them.
        state.submission = { by: actor.personId, actingForId: actor.actingForId, at, comment };
        await condition(() => reportsInFlight === 0 && state.compiledAt === state.received);
        const eventId = await emit('monitoring.consolidated_submitted', actor, { comment, compilation: state.compilations });
        submissionRecorded = true;
        deliveries.push(deliverEventNotifications({ eventIds: [eventId] }));
        return { periodId: plan.periodId, submittedAt: at, submittedBy: actor.personId };
      }),
    { validator: (input) => refuse(decideSubmitConsolidated(state, input.actor) ?? unstorableInput(input)) },
  );

  if (input.openingEventId) deliveries.push(deliverEventNotifications({ eventIds: [input.openingEventId] }));

  const needsCompile = () => allReportsIn(state) && reportsInFlight === 0 && state.compiledAt !== state.received;

  async function compile(reason: 'all_in' | 'cutoff') {
    const received = state.received;
    const compilation = ++state.compilations;
    await compileConsolidatedReport({ periodId: plan.periodId, compilation, reason });
    state.compiledAt = received;
    deliveries.push(deliverEventNotifications({ eventIds: [`${plan.periodId}:compiled:${compilation}`] }));
  }

  async function fire(next: ScheduledRung) {
    const key = rungKeyOf(plan.periodId, next.rung.id);
    const missing = outstanding(state);
    // Nothing to say when everyone has reported; a reminder due after the due time would only be noise.
    if (missing.length && !(next.rung.kind === 'reminder' && Date.now() > Date.parse(plan.dueAt))) {
      const { notificationIds } = await fireReportRung({
        key,
        periodId: plan.periodId,
        roadMapId: plan.roadMapId,
        version: plan.version,
        rung: next.rung,
        dueAt: next.fireAt,
        outstanding: missing,
        coordinatorId: plan.coordinatorId,
      });
      if (notificationIds.length) deliveries.push(deliverNotifications({ notificationIds }));
    }
    state.fired.push(key);
  }

  async function continueIfSuggested() {
    if (!workflowInfo().continueAsNewSuggested) return;
    await condition(() => reportsInFlight === 0 && allHandlersFinished());
    await Promise.all(deliveries);
    await continueAsNew<typeof reportingPeriodWorkflow>({ plan, carried: state });
  }

  const cutoff = Date.parse(plan.cutoffAt);
  while (state.phase === 'open') {
    await continueIfSuggested();
    const now = Date.now();
    if (now >= cutoff) break;
    if (needsCompile()) {
      await compile('all_in');
      continue;
    }
    const fired = new Set(state.fired);
    const next = plan.ladder.find((r) => !fired.has(rungKeyOf(plan.periodId, r.rung.id)));
    const wakeAt = next ? Math.min(Date.parse(next.fireAt), cutoff) : cutoff;
    if (wakeAt > now && (await condition(() => needsCompile() || workflowInfo().continueAsNewSuggested, wakeAt - now))) continue;
    if (next && Date.now() >= Date.parse(next.fireAt)) await fire(next);
  }

  if (state.phase === 'open') {
    state.phase = 'closed';
    await condition(() => reportsInFlight === 0);
    await emit('monitoring.period_closed', null, { missing: outstanding(state).map((r) => r.personId) });
  }
  if (state.compiledAt === null || state.compiledAt !== state.received) await compile('cutoff');

  // The coordinator may take days to review: the period waits, cheaply, for the submission to ФОМС.
  while (!submissionRecorded) {
    await condition(() => submissionRecorded || workflowInfo().continueAsNewSuggested);
    await continueIfSuggested();
  }
  await condition(allHandlersFinished);
  await Promise.all(deliveries);
  return 'submitted';
}
