import type { Actor } from '../../domain/actor.js';
import { federalScope } from '../../domain/federal/pilot.js';
import { refusal, RefusedError } from '../../domain/refusal.js';

/** The pilot regions the actor may see in the federal view, or 403: region staff and directors who curate nothing get none. */
export function requireFederalScope(actor: Actor): { all: boolean; regionCodes: string[] } {
  const scope = federalScope(actor);
  if (!scope) throw new RefusedError(refusal('forbidden', 'федеральный уровень доступен ФОМС и кураторам групп пилотных регионов'));
  return scope;
}
