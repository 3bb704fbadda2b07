import type { FederalRung } from '../domain/federal/federal-week.js';
import type { FederalRungPlan } from '../domain/federal/federal-week-state.js';
import type { RoadMapDeadlinePlan } from '../domain/federal/roadmap-deadline-state.js';

/** Overrides of the road-map deadline, for tests and demonstrations. */
export interface RoadMapDeadlineTiming {
  /** The due time of every region, instead of the pilot's date. */
  dueAt: string;
  /** ISO durations from the due time. */
  rungs: FederalRung[];
  /** Only these regions (a test watches its own). */
  only?: string[];
}

/** The road-map deadline part of the activity surface (see activity-types.ts). */
export interface RoadMapDeadlineActivities {
  /** Every pilot region without an approved road map, its due time and the rungs it has not climbed yet (fired ones read from the events). */
  planRoadMapDeadlines(input: { programmeId: string; timing?: RoadMapDeadlineTiming }): Promise<RoadMapDeadlinePlan>;
  /** One rung for one region, unless its road map has been approved meanwhile (checked in the read model); keyed, so once. */
  fireRoadMapDeadlineRung(input: FireRoadMapDeadlineRung): Promise<{ notificationIds: string[]; approved: boolean }>;
}

export interface FireRoadMapDeadlineRung {
  programmeId: string;
  regionCode: string;
  dueAt: string;
  rung: FederalRungPlan & { key: string };
}
