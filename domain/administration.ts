import type { Actor } from './actor.js';
import type { OrganisationKind } from './organisation.js';
import type { PlatformRole } from './person.js';

/**
 * Who administers what (onboarding). A region's administrator keeps that region's
 * directory and accounts; a ФОМС administrator keeps the pilot and appoints each
 * region's first administrator. Nobody raises their own rights: a role is granted
 * only by someone who holds a wider one, and never to oneself.
 */

/** ФОМС staff holding the foms_admin role. */
export function administersPilot(actor: Pick<Actor, 'organisationKind' | 'roles'>): boolean {
  return actor.organisationKind === 'FOMS' && actor.roles.includes('foms_admin');
}

/** The region's own administrator (role admin, in that region), or a ФОМС administrator. */
export function administersRegion(actor: Pick<Actor, 'organisationKind' | 'regionCode' | 'roles'>, regionCode: string): boolean {
  return administersPilot(actor) || (actor.roles.includes('admin') && actor.regionCode === regionCode);
}

/**
 * Which roles the actor may grant to (or take from) someone else. A region's administrator
 * may appoint other administrators of the region; only a ФОМС administrator grants ФОМС roles.
 */
export function grantableRoles(actor: Pick<Actor, 'organisationKind' | 'regionCode' | 'roles'>): PlatformRole[] {
  if (administersPilot(actor)) return ['admin', 'foms_admin', 'foms_curator'];
  if (actor.roles.includes('admin')) return ['admin'];
  return [];
}

/**
 * Whether the actor may change a person's roles from `before` to `after`: never their own,
 * and only roles the actor may grant (roles outside that set stay as they were).
 */
export function mayChangeRoles(
  actor: Pick<Actor, 'personId' | 'organisationKind' | 'regionCode' | 'roles'>,
  personId: string,
  before: readonly PlatformRole[],
  after: readonly PlatformRole[],
): boolean {
  const changed = [...before.filter((r) => !after.includes(r)), ...after.filter((r) => !before.includes(r))];
  if (!changed.length) return true;
  if (actor.personId === personId) return false;
  const grantable = grantableRoles(actor);
  return changed.every((r) => grantable.includes(r));
}

/**
 * Whether the actor keeps the directory entries of this region (null: ФОМС itself,
 * kept by a ФОМС administrator only).
 */
export function administersDirectoryOf(actor: Pick<Actor, 'organisationKind' | 'regionCode' | 'roles'>, regionCode: string | null): boolean {
  return regionCode === null ? administersPilot(actor) : administersRegion(actor, regionCode);
}

/**
 * How a directory entry outside the actor's administration answers: someone of the same
 * region who administers nothing is refused (403); for anyone else the entry does not exist
 * (404), as with files and people — nobody probes which ids exist in another region.
 */
export function directoryAccess(
  actor: Pick<Actor, 'organisationKind' | 'regionCode' | 'roles'>,
  regionCode: string | null,
): 'administers' | 'forbidden' | 'not_found' {
  if (administersDirectoryOf(actor, regionCode)) return 'administers';
  return actor.regionCode !== null && actor.regionCode === regionCode ? 'forbidden' : 'not_found';
}

/**
 * ФОМС roles belong to ФОМС staff, a region's administrator role to a region's people:
 * the message names what does not fit, or null.
 */
export function rolesMisfit(organisationKind: OrganisationKind, roles: readonly PlatformRole[]): string | null {
  const federal = organisationKind === 'FOMS';
  const wrong = roles.filter((r) => (r === 'admin' ? federal : !federal));
  if (!wrong.length) return null;
  return federal
    ? `роль администратора региона (admin) не даётся сотруднику ФОМС`
    : `роли ФОМС (${wrong.join(', ')}) даются только сотрудникам ФОМС`;
}
