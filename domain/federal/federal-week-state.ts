/**
 * What the federal week workflow keeps: per expected region its ladder and
 * whether its consolidated report has reached ФОМС. Zod-free (workflow code).
 */

export type FederalRecipient = 'coordinator' | 'director' | 'curator';

export const federalRecipientLabel: Record<FederalRecipient, string> = {
  coordinator: 'координатор мониторинга',
  director: 'директор ТФОМС',
  curator: 'куратор группы',
};

export interface FederalRungPlan {
  rungId: string;
  notify: FederalRecipient;
  fireAt: string;
}

export interface FederalRegionPlan {
  regionCode: string;
  roadMapId: string;
  coordinatorId: string;
  groupId: string;
  timeZone: string;
  dueAt: string;
  ladder: FederalRungPlan[];
  /** Already submitted when the week was opened. */
  submittedAt: string | null;
}

export interface FederalWeekPlan {
  federalWeekId: string;
  programmeId: string;
  week: string;
  regions: FederalRegionPlan[];
}

export interface FederalWeekState {
  submitted: Record<string, string>;
  fired: string[];
}

export const federalWeekWorkflowId = (federalWeekId: string) => `federal-week:${federalWeekId}`;
export const federalCycleWorkflowId = (programmeId: string) => `federal-cycle:${programmeId}`;
export const federalRungKey = (federalWeekId: string, regionCode: string, rungId: string) => `${federalWeekId}:${regionCode}:${rungId}`;

/** The next rung to fire: the earliest not yet fired of a region that has not submitted. */
export function nextFederalRung(plan: FederalWeekPlan, state: FederalWeekState): { region: FederalRegionPlan; rung: FederalRungPlan; key: string } | null {
  const fired = new Set(state.fired);
  let best: { region: FederalRegionPlan; rung: FederalRungPlan; key: string } | null = null;
  for (const region of plan.regions) {
    if (state.submitted[region.regionCode]) continue;
    for (const rung of region.ladder) {
      const key = federalRungKey(plan.federalWeekId, region.regionCode, rung.rungId);
      if (fired.has(key)) continue;
      if (!best || rung.fireAt < best.rung.fireAt) best = { region, rung, key };
      break;
    }
  }
  return best;
}

/** How a region stands in a federal week. */
export type RegionWeekStatus = 'no_roadmap' | 'not_monitored' | 'pending' | 'on_time' | 'late' | 'missing';

export const regionWeekStatusLabel: Record<RegionWeekStatus, string> = {
  no_roadmap: 'дорожная карта не представлена',
  not_monitored: 'дорожная карта не утверждена',
  pending: 'ожидается',
  on_time: 'представлен в срок',
  late: 'представлен с опозданием',
  missing: 'не представлен',
};

/** Traffic light of the district table. */
export const regionWeekLight: Record<RegionWeekStatus, 'green' | 'yellow' | 'red' | 'grey'> = {
  no_roadmap: 'grey',
  not_monitored: 'grey',
  pending: 'yellow',
  on_time: 'green',
  late: 'yellow',
  missing: 'red',
};

export function regionWeekStatus(input: { roadMapStatus: string | null; dueAt: Date; submittedAt: Date | null; now: Date }): RegionWeekStatus {
  if (!input.roadMapStatus) return 'no_roadmap';
  if (input.submittedAt) return input.submittedAt.getTime() <= input.dueAt.getTime() ? 'on_time' : 'late';
  if (input.roadMapStatus !== 'approved') return 'not_monitored';
  return input.now.getTime() > input.dueAt.getTime() ? 'missing' : 'pending';
}
