import type { DomainEvent } from '../domain/events.js';

/** The activity surface the workflows see; implemented in activities/, bound to real clients in worker/. */
export interface LaunchBatch {
  roadMapId: string;
  version: number;
  offset: number;
  limit: number;
}

export interface Activities {
  recordEvents(events: DomainEvent[]): Promise<void>;
  launchExecutions(batch: LaunchBatch): Promise<{ started: number; existing: number }>;
  cancelRemovedExecutions(input: { roadMapId: string; version: number }): Promise<{ cancelled: number }>;
}
