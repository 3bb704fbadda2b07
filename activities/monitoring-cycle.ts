import { type Client } from '@temporalio/client';
import type postgres from 'postgres';
import { nextOpening } from '../domain/monitoring-policy.js';
import { workingCalendarFor } from '../domain/calendar/working-calendar.js';
import { monitoringCycleWorkflowId } from '../domain/reporting-period.js';
import type { PeriodOpening } from './monitoring-activity-types.js';
import { monitoredRoadMap } from './monitored-road-map.js';

/**
 * Started after every approval: USE_EXISTING makes the second and later
 * approvals (amendments) find the running cycle, which reads the newest
 * approved version at each period anyway.
 */
export async function startMonitoringCycle(deps: { client: Client; taskQueue: string }, input: { roadMapId: string }): Promise<void> {
  await deps.client.workflow.start('monitoringCycleWorkflow', {
    workflowId: monitoringCycleWorkflowId(input.roadMapId),
    taskQueue: deps.taskQueue,
    args: [{ roadMapId: input.roadMapId, previous: null }],
    workflowIdConflictPolicy: 'USE_EXISTING',
  });
}

export async function planNextPeriod(sql: postgres.Sql, input: { roadMapId: string; previous: PeriodOpening | null }): Promise<PeriodOpening | null> {
  const rm = await monitoredRoadMap(sql, input.roadMapId);
  if (!rm || !rm.active || !rm.policy.enabled) return null;
  let previous = input.previous;
  if (!previous) {
    // A cycle started again (after a finished road map was amended) goes on numbering where the last one stopped.
    const [last] = await sql<{ number: number; opens_at: Date }[]>`
      select number, opens_at from reporting_periods where roadmap_id = ${input.roadMapId} order by number desc limit 1`;
    if (last) previous = { number: last.number, opensAt: last.opens_at.toISOString() };
  }
  return {
    number: (previous?.number ?? 0) + 1,
    opensAt: nextOpening(rm.policy, previous?.opensAt ?? null, new Date(), rm.timeZone, workingCalendarFor(rm.regionCode)),
  };
}
