import { ParentClosePolicy, continueAsNew, proxyActivities, sleep, startChild } from '@temporalio/workflow';
import type { Activities } from '../activities/activity-types.js';
import { federalWeekWorkflowId } from '../domain/federal/federal-week-state.js';
import { federalWeekWorkflow } from './federal-week-workflow.js';

const { planFederalWeek, openFederalWeek } = proxyActivities<Activities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '1 second', maximumInterval: '30 seconds' },
});

export interface FederalCycleInput {
  programmeId: string;
  previousWeek: string | null;
}

/**
 * The pilot's weekly rhythm: opens each federal week (its own workflow,
 * which outlives this run) and continues as new, so years of weeks never
 * grow one history.
 */
export async function federalCycleWorkflow(input: FederalCycleInput): Promise<never> {
  const next = await planFederalWeek({ programmeId: input.programmeId, previousWeek: input.previousWeek });
  const wait = Date.parse(next.opensAt) - Date.now();
  if (wait > 0) await sleep(wait);
  const federalWeekId = `${input.programmeId}:${next.week}`;
  const plan = await openFederalWeek({ programmeId: input.programmeId, week: next.week, federalWeekId });
  try {
    await startChild(federalWeekWorkflow, {
      workflowId: federalWeekWorkflowId(federalWeekId),
      args: [{ plan }],
      parentClosePolicy: ParentClosePolicy.ABANDON,
    });
  } catch (err) {
    if ((err as Error).name !== 'WorkflowExecutionAlreadyStartedError') throw err;
  }
  return continueAsNew<typeof federalCycleWorkflow>({ programmeId: input.programmeId, previousWeek: next.week });
}
