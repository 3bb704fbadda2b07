import type { DomainEvent } from '../domain/events.js';

/**
 * Handlers change state synchronously (so the next validator already sees it)
 * but their events must reach PostgreSQL in the order they happened: this
 * chains the appends one after another.
 */
export function serialPersistence<R>(record: (events: DomainEvent[]) => Promise<R>) {
  let tail: Promise<unknown> = Promise.resolve();
  return (events: DomainEvent[]): Promise<R> => {
    const next = tail.then(() => record(events));
    tail = next.catch(() => undefined);
    return next;
  };
}
