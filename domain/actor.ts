import { z } from 'zod';
import { OrganisationKind } from './organisation.js';
import { PlatformRole, PositionLevel } from './person.js';

/**
 * Who issues a command, as established by the API from the session: the
 * workflows trust it and check roles with the domain rules below.
 */
export const Actor = z.object({
  personId: z.string(),
  fullName: z.string(),
  organisationId: z.string(),
  organisationKind: OrganisationKind,
  /** null for ФОМС staff. */
  regionCode: z.string().nullable(),
  position: PositionLevel,
  roles: z.array(PlatformRole),
  /** Set when the person acts as исполняющий обязанности for someone else. */
  actingForId: z.string().nullable().default(null),
});
export type Actor = z.infer<typeof Actor>;

export function isTfomsDirectorOf(actor: Actor, regionCode: string): boolean {
  return actor.organisationKind === 'TFOMS' && actor.regionCode === regionCode && actor.position === 'director';
}

/** Who may see a region's road maps: its own participants, ФОМС staff and administrators. */
export function canReadRegion(actor: Actor, regionCode: string): boolean {
  return actor.regionCode === regionCode || actor.organisationKind === 'FOMS' || actor.roles.includes('admin');
}

/** Drafting is the fund's staff work: ТФОМС of the region, head of division or above. */
export function canDraftRoadMap(actor: Actor, regionCode: string): boolean {
  return (
    actor.organisationKind === 'TFOMS' &&
    actor.regionCode === regionCode &&
    ['director', 'head_of_directorate', 'head_of_division'].includes(actor.position)
  );
}
