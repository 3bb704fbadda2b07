import type { OrganisationKind } from './organisation.js';
import type { PlatformRole, PositionLevel } from './person.js';
import { curatesRegion } from './federal/pilot.js';

/**
 * Who issues a command, as established by the API from the session: the
 * workflows trust it and check roles with the domain rules below.
 */
// A plain interface, not a zod schema: workflows import this module, and every
// cached workflow re-evaluates its imports (zod alone is ~750 KB of the bundle).
export interface Actor {
  personId: string;
  fullName: string;
  organisationId: string;
  organisationKind: OrganisationKind;
  /** null for ФОМС staff. */
  regionCode: string | null;
  position: PositionLevel;
  roles: PlatformRole[];
  /** Set when the person acts as исполняющий обязанности for someone else. */
  actingForId: string | null;
}

export function isTfomsDirectorOf(actor: Actor, regionCode: string): boolean {
  return actor.organisationKind === 'TFOMS' && actor.regionCode === regionCode && actor.position === 'director';
}

/** Who may see a region's road maps: its own participants, ФОМС staff, administrators, and the curator of its pilot group (read-only). */
export function canReadRegion(actor: Actor, regionCode: string): boolean {
  return actor.regionCode === regionCode || actor.organisationKind === 'FOMS' || actor.roles.includes('admin') || curatesRegion(actor, regionCode);
}

/** Drafting is the fund's staff work: ТФОМС of the region, head of division or above. */
export function canDraftRoadMap(actor: Actor, regionCode: string): boolean {
  return (
    actor.organisationKind === 'TFOMS' &&
    actor.regionCode === regionCode &&
    ['director', 'head_of_directorate', 'head_of_division'].includes(actor.position)
  );
}
