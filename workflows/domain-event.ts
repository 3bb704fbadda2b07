import { uuid4 } from '@temporalio/workflow';
import type { Actor } from '../domain/actor.js';
import type { DomainEvent, EventType } from '../domain/events.js';

/**
 * Builds an event inside a workflow. uuid4() and Date are deterministic in
 * the workflow sandbox, so a replay or a retried append yields the same id.
 */
export function domainEvent(
  type: EventType,
  roadMapId: string,
  subject: string,
  version: number | null,
  actor: Actor | null,
  payload: Record<string, unknown>,
): DomainEvent {
  return {
    id: uuid4(),
    type,
    roadMapId,
    subject,
    version,
    occurredAt: new Date().toISOString(),
    actorId: actor?.personId ?? null,
    actingForId: actor?.actingForId ?? null,
    payload,
  };
}
