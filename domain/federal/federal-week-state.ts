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
  /** Regions found at their first rung to owe nothing this week: their ladder stops. */
  notOwed?: string[];
}

export const federalWeekWorkflowId = (federalWeekId: string) => `federal-week:${federalWeekId}`;
export const federalCycleWorkflowId = (programmeId: string) => `federal-cycle:${programmeId}`;
export const federalRungKey = (federalWeekId: string, regionCode: string, rungId: string) => `${federalWeekId}:${regionCode}:${rungId}`;

/** The next rung to fire: the earliest not yet fired of a region that has not submitted. */
export function nextFederalRung(plan: FederalWeekPlan, state: FederalWeekState): { region: FederalRegionPlan; rung: FederalRungPlan; key: string } | null {
  const fired = new Set(state.fired);
  let best: { region: FederalRegionPlan; rung: FederalRungPlan; key: string } | null = null;
  for (const region of plan.regions) {
    if (state.submitted[region.regionCode] || state.notOwed?.includes(region.regionCode)) continue;
    for (const rung of region.ladder) {
      const key = federalRungKey(plan.federalWeekId, region.regionCode, rung.rungId);
      if (fired.has(key)) continue;
      if (!best || rung.fireAt < best.rung.fireAt) best = { region, rung, key };
      break;
    }
  }
  return best;
}

/**
 * How a region stands in a federal week. Every pilot region is in exactly one
 * state, so the states add up to the pilot:
 * - no_roadmap: no road map existed by the end of the week (or by now);
 * - not_monitored: a road map was drafted or submitted but not approved;
 * - not_due: approved, but nothing was owed that week — its monitoring had no
 *   period open in the week by the federal due time (it starts later), or it
 *   was approved after the due time;
 * - pending: owed, not yet submitted, the due time not passed;
 * - on_time / late: submitted by / after the due time;
 * - missing: owed and not submitted by the due time.
 */
export type RegionWeekStatus = 'no_roadmap' | 'not_monitored' | 'not_due' | 'pending' | 'on_time' | 'late' | 'missing';

export const regionWeekStatuses: readonly RegionWeekStatus[] = ['on_time', 'late', 'missing', 'pending', 'not_due', 'not_monitored', 'no_roadmap'];

export const regionWeekStatusLabel: Record<RegionWeekStatus, string> = {
  no_roadmap: 'дорожная карта не представлена',
  not_monitored: 'дорожная карта не утверждена',
  not_due: 'отчёт не требовался',
  pending: 'ожидается',
  on_time: 'представлен в срок',
  late: 'представлен с опозданием',
  missing: 'не представлен',
};

/** Why nothing was owed in a week (status not_due). */
export type NotDueReason = 'monitoring_later' | 'approved_after_due';

export const notDueReasonLabel: Record<NotDueReason, string> = {
  monitoring_later: 'мониторинг начинается позже',
  approved_after_due: 'утверждена после срока отчёта этой недели',
};

/**
 * Traffic light of the district table. «Ожидается» (nothing wrong yet) is blue and drawn as a ring,
 * apart from the amber disc of «представлен с опозданием»: no two states of an owed report share a mark.
 */
export type RegionWeekLight = 'green' | 'yellow' | 'red' | 'grey' | 'blue';

export const regionWeekLight: Record<RegionWeekStatus, RegionWeekLight> = {
  no_roadmap: 'grey',
  not_monitored: 'grey',
  not_due: 'grey',
  pending: 'blue',
  on_time: 'green',
  late: 'yellow',
  missing: 'red',
};

/** A report was owed in a week when the region's monitoring had a period open in it by the federal due time. */
export const reportOwed = (periodOpensAt: Date | null, dueAt: Date): boolean => periodOpensAt !== null && periodOpensAt.getTime() <= dueAt.getTime();

export interface RegionWeekFacts {
  /** The road map as it stood in the week (null: none yet). */
  roadMapStatus: string | null;
  /** A reporting period of the region was open in the week by the due time: a report was owed. */
  owed: boolean;
  approvedAt: Date | null;
  dueAt: Date;
  submittedAt: Date | null;
  now: Date;
}

export function regionWeekStatus(input: RegionWeekFacts): RegionWeekStatus {
  if (input.submittedAt) return input.submittedAt.getTime() <= input.dueAt.getTime() ? 'on_time' : 'late';
  if (input.owed) return input.now.getTime() > input.dueAt.getTime() ? 'missing' : 'pending';
  if (!input.roadMapStatus) return 'no_roadmap';
  if (input.roadMapStatus !== 'approved') return 'not_monitored';
  return 'not_due';
}

export function notDueReason(input: RegionWeekFacts): NotDueReason | null {
  if (regionWeekStatus(input) !== 'not_due') return null;
  return input.approvedAt && input.approvedAt.getTime() > input.dueAt.getTime() ? 'approved_after_due' : 'monitoring_later';
}
