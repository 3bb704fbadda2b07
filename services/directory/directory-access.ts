import type { Actor } from '../../domain/actor.js';
import { administersDirectoryOf, directoryAccess, grantableRoles } from '../../domain/administration.js';
import { refusal, RefusedError } from '../../domain/refusal.js';

/** Whoever administers nothing gets one answer, whatever they name. */
export const notAdministering = refusal('forbidden', 'справочник ведут администратор региона (роль admin) и администратор ФОМС (роль foms_admin)');

export function requireSomeAdministration(actor: Actor): void {
  if (!grantableRoles(actor).length) throw new RefusedError(notAdministering);
}

/**
 * Refuses an entry of a region the actor does not administer: 403 inside the actor's own
 * region, 404 elsewhere (the answer of an id that does not exist).
 */
export function requireAdministers(actor: Actor, regionCode: string | null, notFound: string): void {
  const access = directoryAccess(actor, regionCode);
  if (access === 'forbidden') throw new RefusedError(notAdministering);
  if (access === 'not_found') throw new RefusedError(refusal('not_found', notFound));
}

/** The region whose directory history the actor asks for (their own by default), if they administer it. */
export function requireChangesOf(actor: Actor, region: string | undefined): string | null {
  requireSomeAdministration(actor);
  const code = region ?? actor.regionCode;
  if (!administersDirectoryOf(actor, code ?? null)) throw new RefusedError(notAdministering);
  return code ?? null;
}
