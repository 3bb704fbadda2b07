import { z } from 'zod';
import { SingleLineText } from './text.js';
import { OrganisationId } from './organisation.js';

/**
 * Position levels in the order seed 000 relies on: road-map executors and
 * controllers must be at least head of a directorate (начальник управления),
 * the monitoring coordinator at least head of a division (начальник отдела).
 */
export const PositionLevel = z.enum(['director', 'head_of_directorate', 'head_of_division', 'specialist']);
export type PositionLevel = z.infer<typeof PositionLevel>;

export { isAtLeast, positionLabel } from './position-rank.js';

/**
 * Platform roles that are not implied by the position (position implies the director role).
 *   admin        a region's administrator: its directory (people, organisations, МО), accounts,
 *                substitutions and transfers; nothing outside the region;
 *   foms_admin   a ФОМС administrator: the pilot (regions, groups, curators) and each region's
 *                first administrator;
 *   foms_curator reads every region (ФОМС staff).
 */
export const PlatformRole = z.enum(['admin', 'foms_admin', 'foms_curator']);
export type PlatformRole = z.infer<typeof PlatformRole>;

/** The roles as the pages, the documents and the import files name them (the import accepts these words). */
export const roleLabel: Record<PlatformRole, string> = {
  admin: 'администратор региона',
  foms_admin: 'администратор ФОМС',
  foms_curator: 'куратор ФОМС',
};

export const PersonId = z.string().min(1).max(64).regex(/^[a-z0-9][a-z0-9._-]*$/, 'латиница в нижнем регистре, цифры, . _ -');

export const Person = z.object({
  id: PersonId,
  fullName: SingleLineText.min(1).max(500),
  organisationId: OrganisationId,
  position: PositionLevel,
  positionTitle: SingleLineText.min(1).max(500),
  email: z.string().email().nullable().default(null),
  roles: z.array(PlatformRole).default([]),
});
export type Person = z.infer<typeof Person>;
