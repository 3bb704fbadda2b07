import { condition, continueAsNew, proxyActivities, setHandler, workflowInfo } from '@temporalio/workflow';
import type { Activities } from '../activities/activity-types.js';
import { nextFederalRung, type FederalWeekPlan, type FederalWeekState } from '../domain/federal/federal-week-state.js';
import { federalWeekStateQuery, regionalReportSubmittedSignal } from './federal-messages.js';

const { fireFederalRung } = proxyActivities<Activities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '30 seconds' },
});
const { deliverNotifications } = proxyActivities<Activities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '5 seconds', backoffCoefficient: 2, maximumInterval: '30 minutes' },
});

export interface FederalWeekInput {
  plan: FederalWeekPlan;
  carried?: FederalWeekState;
}

/**
 * One federal week of the pilot: every expected region's ladder on durable
 * timers, each in the region's own local time (the plan carries the
 * instants). A region's submission arrives as a signal and stops its ladder;
 * the week ends when every region has submitted or climbed its last rung.
 * 30 regions × 3 rungs keep the history small; it continues as new anyway
 * if Temporal suggests it.
 */
export async function federalWeekWorkflow(input: FederalWeekInput): Promise<'done'> {
  const { plan } = input;
  const state: FederalWeekState = input.carried ?? {
    submitted: Object.fromEntries(plan.regions.filter((r) => r.submittedAt).map((r) => [r.regionCode, r.submittedAt!])),
    fired: [],
  };
  let changed = 0;
  setHandler(regionalReportSubmittedSignal, ({ regionCode, submittedAt }) => {
    if (state.submitted[regionCode]) return;
    state.submitted[regionCode] = submittedAt;
    changed++;
  });
  setHandler(federalWeekStateQuery, () => state);
  const deliveries: Promise<unknown>[] = [];

  for (;;) {
    if (workflowInfo().continueAsNewSuggested) {
      await Promise.all(deliveries);
      return continueAsNew<typeof federalWeekWorkflow>({ plan, carried: state });
    }
    const next = nextFederalRung(plan, state);
    if (!next) break;
    const wait = Date.parse(next.rung.fireAt) - Date.now();
    if (wait > 0) {
      const seen = changed;
      if (await condition(() => changed !== seen, wait)) continue;
    }
    const { notificationIds, submittedAt, notOwed } = await fireFederalRung({
      key: next.key,
      federalWeekId: plan.federalWeekId,
      week: plan.week,
      regionCode: next.region.regionCode,
      roadMapId: next.region.roadMapId,
      coordinatorId: next.region.coordinatorId,
      dueAt: next.region.dueAt,
      rung: next.rung,
    });
    if (submittedAt) state.submitted[next.region.regionCode] = submittedAt;
    else if (notOwed) state.notOwed = [...(state.notOwed ?? []), next.region.regionCode];
    else state.fired.push(next.key);
    if (notificationIds.length) deliveries.push(deliverNotifications({ notificationIds }));
  }
  await Promise.all(deliveries);
  return 'done';
}
