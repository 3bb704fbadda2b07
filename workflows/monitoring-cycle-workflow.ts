import { ParentClosePolicy, continueAsNew, proxyActivities, sleep, startChild } from '@temporalio/workflow';
import type { Activities } from '../activities/activity-types.js';
import type { PeriodOpening } from '../activities/monitoring-activity-types.js';
import { reportingPeriodWorkflowId } from '../domain/reporting-period.js';
import { reportingPeriodWorkflow } from './reporting-period-workflow.js';

const { planNextPeriod, openReportingPeriod } = proxyActivities<Activities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '1 second', maximumInterval: '30 seconds' },
});

export interface MonitoringCycleInput {
  roadMapId: string;
  previous: PeriodOpening | null;
}

/**
 * The weekly rhythm of one approved road map: waits for the next opening,
 * opens the period (its own workflow, which outlives this run) and continues
 * as new, so a year of weeks never grows one history. Ends when the road map
 * is finished (every execution accepted or cancelled) or monitoring is turned off.
 */
export async function monitoringCycleWorkflow(input: MonitoringCycleInput): Promise<'finished'> {
  const next = await planNextPeriod({ roadMapId: input.roadMapId, previous: input.previous });
  if (!next) return 'finished';
  const wait = Date.parse(next.opensAt) - Date.now();
  if (wait > 0) await sleep(wait);
  const plan = await openReportingPeriod({ roadMapId: input.roadMapId, ...next });
  if (!plan) return 'finished';
  try {
    await startChild(reportingPeriodWorkflow, {
      workflowId: reportingPeriodWorkflowId(plan.periodId),
      args: [{ plan, openingEventId: `${plan.periodId}:opened` }],
      // The period goes on (reports, cut-off, submission) after this run has continued as new.
      parentClosePolicy: ParentClosePolicy.ABANDON,
    });
  } catch (err) {
    // A cycle started again after a finished one may meet a period already running: it is the same period.
    if ((err as Error).name !== 'WorkflowExecutionAlreadyStartedError') throw err;
  }
  return continueAsNew<typeof monitoringCycleWorkflow>({ roadMapId: input.roadMapId, previous: { number: plan.number, opensAt: plan.opensAt } });
}
