import type { OrganisationKind } from './organisation.js';
import type { PlatformRole, PositionLevel } from './person.js';

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
  /**
   * Everyone this person stands in for right now (substitutions in force when the
   * command was sent), resolved by the API with the command. The rules need it to
   * hold separation of duties across substitution chains and to check that an
   * acting official meets the standing of the person replaced. Absent: nobody.
   */
  standsInFor?: StoodInFor[];
  /**
   * The pilot regions this person curates (as the ТФОМС director of a group's curator
   * region), as the pilot's set-up in the database says — a ФОМС administrator changes it.
   * Resolved with the session; absent (actors built elsewhere): domain/federal/pilot.ts decides.
   */
  curatedRegionCodes?: string[];
}

/** The person replaced, as the rules need to know them. */
export interface StoodInFor {
  personId: string;
  organisationId: string;
  organisationKind: OrganisationKind;
  regionCode: string | null;
  position: PositionLevel;
}

/** The person replaced for this command, if the actor acts for someone. */
export function replacedPerson(actor: Actor): StoodInFor | null {
  if (!actor.actingForId) return null;
  return actor.standsInFor?.find((p) => p.personId === actor.actingForId) ?? null;
}

/** Whether the actor is this person or stands in for them right now (for this command or not). */
export function isOrStandsInFor(actor: Actor, personId: string): boolean {
  return actor.personId === personId || actor.actingForId === personId || (actor.standsInFor ?? []).some((p) => p.personId === personId);
}

export function isTfomsDirectorOf(actor: Pick<Actor, 'organisationKind' | 'regionCode' | 'position'>, regionCode: string): boolean {
  return actor.organisationKind === 'TFOMS' && actor.regionCode === regionCode && actor.position === 'director';
}

/** Drafting is the fund's staff work: ТФОМС of the region, head of division or above. */
export function canDraftRoadMap(actor: Actor, regionCode: string): boolean {
  return (
    actor.organisationKind === 'TFOMS' &&
    actor.regionCode === regionCode &&
    ['director', 'head_of_directorate', 'head_of_division'].includes(actor.position)
  );
}
