import type { Actor } from './actor.js';
import { curatesRegion } from './federal/pilot.js';

/**
 * Who may see a region's road maps: its own participants, ФОМС staff, and the curator of its pilot group (read-only).
 * (Here rather than in actor.ts, which the pilot's rules import: no module imports back.)
 */
export function canReadRegion(actor: Actor, regionCode: string): boolean {
  return actor.regionCode === regionCode || actor.organisationKind === 'FOMS' || curatesRegion(actor, regionCode);
}

/**
 * What a person may read of the work done under road maps. A road map itself is
 * public within its region and to ФОМС (see canReadRegion); the work — executions,
 * weekly reports, reporting duties, tasks — is read by the region's ТФОМС staff and
 * by ФОМС, while an СМО (or any other participant) reads only its own
 * organisation's: competing insurers never see each other's work.
 */
export type WorkScope =
  | { kind: 'every_region' }
  | { kind: 'region'; regionCode: string }
  | { kind: 'organisation'; regionCode: string; organisationId: string }
  | { kind: 'nothing' };

export function workScopeOf(actor: Pick<Actor, 'organisationKind' | 'regionCode' | 'organisationId'>): WorkScope {
  if (actor.organisationKind === 'FOMS') return { kind: 'every_region' };
  if (!actor.regionCode) return { kind: 'nothing' };
  if (actor.organisationKind === 'TFOMS') return { kind: 'region', regionCode: actor.regionCode };
  return { kind: 'organisation', regionCode: actor.regionCode, organisationId: actor.organisationId };
}

/** Whose work a thing is: the region and the organisations of the people responsible for it. */
export interface WorkOwnership {
  regionCode: string;
  organisationIds: readonly string[];
}

export function canReadWork(actor: Actor, work: WorkOwnership): boolean {
  const scope = workScopeOf(actor);
  switch (scope.kind) {
    case 'every_region':
      return true;
    case 'region':
      return scope.regionCode === work.regionCode || curatesRegion(actor, work.regionCode);
    case 'organisation':
      return scope.regionCode === work.regionCode && work.organisationIds.includes(scope.organisationId);
    case 'nothing':
      return false;
  }
}

/**
 * Weekly reports are work like any other, and ФОМС reads a region's reports of a
 * week only once the region's coordinator has submitted the consolidated report.
 */
export function canReadWeeklyReport(actor: Actor, report: WorkOwnership & { periodSubmitted: boolean }): boolean {
  // Read from outside the region (ФОМС, a group's curator): only what the coordinator has submitted.
  if (actor.regionCode !== report.regionCode && !report.periodSubmitted) return false;
  return canReadWork(actor, report);
}

/**
 * Views built from everyone's work in a region (the consolidated report, the
 * discipline figures): the region's ТФОМС and ФОМС, never a single СМО, which
 * would see its competitors there.
 */
export function canReadRegionWideWork(actor: Actor, regionCode: string): boolean {
  const scope = workScopeOf(actor);
  return scope.kind === 'every_region' || (scope.kind === 'region' && (scope.regionCode === regionCode || curatesRegion(actor, regionCode)));
}

/**
 * The consolidated report and every figure taken from it (the СМО reporting
 * form in the federal week, its XLSX, the region page): the region's ТФОМС see
 * it as it is compiled; from outside the region (ФОМС, a curator) only once
 * the coordinator has submitted it. One rule wherever the figures appear.
 */
export function canReadConsolidated(actor: Actor, period: { regionCode: string; submitted: boolean }): boolean {
  if (actor.regionCode !== period.regionCode && !period.submitted) return false;
  return canReadRegionWideWork(actor, period.regionCode);
}
