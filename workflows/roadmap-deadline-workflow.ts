import { condition, continueAsNew, proxyActivities, setHandler, workflowInfo } from '@temporalio/workflow';
import type { Activities } from '../activities/activity-types.js';
import type { RoadMapDeadlineTiming } from '../activities/roadmap-deadline-types.js';
import { nextRoadMapRung } from '../domain/federal/roadmap-deadline-state.js';
import { pilotRoadMapApprovedSignal } from './roadmap-deadline-messages.js';

const { planRoadMapDeadlines, fireRoadMapDeadlineRung } = proxyActivities<Activities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '1 second', maximumInterval: '30 seconds' },
});
const { deliverNotifications } = proxyActivities<Activities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '5 seconds', backoffCoefficient: 2, maximumInterval: '30 minutes' },
});

export interface RoadMapDeadlineInput {
  programmeId: string;
  timing?: RoadMapDeadlineTiming;
}

/**
 * The pilot's deadline for the road maps: every region without an approved
 * road map climbs coordinator → director → curator on durable timers, each
 * rung once. The plan is read from the read model each time the workflow
 * wakes — at a rung's time or when an approval arrives as a signal — so an
 * approved region drops out and a fired rung (an event, keyed) never comes
 * back. Ends when no region has a rung left; started again at every start
 * of the platform, it picks up a deadline the pilot's data has moved.
 */
export async function roadMapDeadlineWorkflow(input: RoadMapDeadlineInput): Promise<'done'> {
  let changed = 0;
  setHandler(pilotRoadMapApprovedSignal, () => {
    changed++;
  });
  const deliveries: Promise<unknown>[] = [];
  for (;;) {
    if (workflowInfo().continueAsNewSuggested) {
      await Promise.all(deliveries);
      return continueAsNew<typeof roadMapDeadlineWorkflow>(input);
    }
    const seen = changed;
    const plan = await planRoadMapDeadlines({ programmeId: input.programmeId, timing: input.timing });
    const next = nextRoadMapRung(plan);
    if (!next) break;
    const wait = Date.parse(next.rung.fireAt) - Date.now();
    if (wait > 0) {
      // Wakes at the rung's time, or earlier when a region's road map is approved: then the plan is read again.
      await condition(() => changed !== seen, wait);
      continue;
    }
    const { notificationIds } = await fireRoadMapDeadlineRung({ programmeId: input.programmeId, regionCode: next.region.regionCode, dueAt: next.region.dueAt, rung: next.rung });
    if (notificationIds.length) deliveries.push(deliverNotifications({ notificationIds }));
  }
  await Promise.all(deliveries);
  return 'done';
}
