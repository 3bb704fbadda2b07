import type { Actor } from '../../domain/actor.js';
import { federalScope } from '../../domain/federal/pilot.js';
import { refusal, RefusedError } from '../../domain/refusal.js';

/** The pilot regions the actor may see in the federal view, or 403: СМО, МО and ТФОМС outside the pilot get none. */
export function requireFederalScope(actor: Actor): { all: boolean; regionCodes: string[] } {
  const scope = federalScope(actor);
  if (!scope) throw new RefusedError(refusal('forbidden', 'федеральный уровень доступен ФОМС, кураторам групп и ТФОМС пилотных регионов (свой регион)'));
  return scope;
}
