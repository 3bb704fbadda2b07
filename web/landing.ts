import type { Actor } from '../domain/actor.js';
import { federalScope } from '../domain/federal/pilot.js';

/**
 * Where a person lands after login: ФОМС staff, the pilot's methodological
 * support and the group curators on the pilot's cockpit (they have no tasks of
 * their own there, and «Мои задачи» would be empty or beside the point);
 * everyone else on their tasks.
 */
export function landingPath(actor: Actor): string {
  const scope = federalScope(actor);
  return scope && scope.kind !== 'own_region' ? '/pilot' : '/tasks';
}
