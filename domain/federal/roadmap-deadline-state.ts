/**
 * The pilot's deadline for the road maps themselves: what its workflow keeps
 * and which rung comes next. Zod-free (workflow code).
 */
import { rungKey } from '../rung-key.js';
import type { FederalRungPlan } from './federal-week-state.js';

/** One region without an approved road map: its due time and the rungs not yet fired. */
export interface RoadMapDeadlineRegion {
  regionCode: string;
  dueAt: string;
  /** In order; the fired ones are left out by the plan. */
  ladder: (FederalRungPlan & { key: string })[];
}

export interface RoadMapDeadlinePlan {
  programmeId: string;
  regions: RoadMapDeadlineRegion[];
}

export const roadMapDeadlineWorkflowId = (programmeId: string) => `pilot-roadmap-deadline:${programmeId}`;

/**
 * Once per region, due time and rung: a deadline moved by the pilot's data
 * is a new deadline with a ladder of its own, as for an execution.
 */
export const roadMapDeadlineRungKey = (programmeId: string, regionCode: string, dueAt: string, rungId: string) =>
  rungKey(`pilot-roadmap:${programmeId}:${regionCode}`, dueAt, rungId);

/** The next rung to fire: a region climbs its ladder in order; across regions, the earliest first. */
export function nextRoadMapRung(plan: RoadMapDeadlinePlan): { region: RoadMapDeadlineRegion; rung: FederalRungPlan & { key: string } } | null {
  let best: { region: RoadMapDeadlineRegion; rung: FederalRungPlan & { key: string } } | null = null;
  for (const region of plan.regions) {
    const rung = region.ladder[0];
    if (rung && (!best || rung.fireAt < best.rung.fireAt)) best = { region, rung };
  }
  return best;
}
