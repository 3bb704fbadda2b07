import type { FederalRungPlan, FederalWeekPlan } from '../domain/federal/federal-week-state.js';
import type { FederalRung } from '../domain/federal/federal-week.js';

/** Overrides of the federal week's timing, for tests and demonstrations (elapsed time from the opening). */
export interface FederalWeekTiming {
  /** The due time of every region, instead of Friday 18:00 local. */
  dueAt: string;
  /** Per region, instead of dueAt (a week opened late sees regions whose due time has passed and others whose has not). */
  dueAtByRegion?: Record<string, string>;
  /** ISO durations from the due time. */
  rungs: FederalRung[];
}

/** The federal part of the activity surface (see activity-types.ts). */
export interface FederalActivities {
  /** The week the cycle opens next and when (Monday 00:00 Moscow; the current week at once on a first start). */
  planFederalWeek(input: { programmeId: string; previousWeek: string | null }): Promise<{ week: string; opensAt: string }>;
  /** Records the week and every expected region (an approved road map) with its due time and ladder; once per id. */
  openFederalWeek(input: { programmeId: string; week: string; federalWeekId: string; timing?: FederalWeekTiming }): Promise<FederalWeekPlan>;
  /**
   * One rung for one region, unless its report has arrived meanwhile or was
   * never owed (no reporting period of the region open in the week by the due
   * time), both checked in the read model; keyed, so once.
   */
  fireFederalRung(input: FireFederalRung): Promise<{ notificationIds: string[]; submittedAt: string | null; notOwed?: boolean }>;
}

export interface FireFederalRung {
  key: string;
  federalWeekId: string;
  week: string;
  regionCode: string;
  roadMapId: string;
  coordinatorId: string;
  dueAt: string;
  rung: FederalRungPlan;
}
