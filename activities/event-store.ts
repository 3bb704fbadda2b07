import { ApplicationFailure } from '@temporalio/common';
import type postgres from 'postgres';
import { isDataException, UNSTORABLE_EVENT } from '../domain/unstorable.js';
import type { DomainEvent } from '../domain/events.js';
import { eventAppendDuration, eventsAppended } from '../infra/observability/metrics.js';
import { projectEvents } from './read-model-projection.js';
import type { EmailMode } from './notification-outbox.js';

/**
 * Appends events once (with their notifications, queued for the e-mail step or,
 * without SMTP, settled: notification-outbox.ts): a retried activity (worker crash after commit, lost
 * acknowledgement) finds its ids already there and projects nothing twice.
 */
export async function appendEvents(sql: postgres.Sql, events: DomainEvent[], email: EmailMode = 'queue'): Promise<number> {
  if (events.length === 0) return 0;
  const timer = eventAppendDuration.startTimer();
  const fresh = await insertAndProject(sql, events, email).catch((err: unknown) => {
    // A data error comes back the same on every retry: retrying forever would block the workflow behind it.
    if (!isDataException(err)) throw err;
    const e = err as Error & { code: string };
    throw ApplicationFailure.create({
      type: UNSTORABLE_EVENT,
      message: `событие ${events.map((ev) => ev.type).join(', ')} не может быть сохранено: ${e.code} ${e.message}`,
      nonRetryable: true,
    });
  });
  timer();
  eventsAppended.inc(fresh);
  return fresh;
}

function insertAndProject(sql: postgres.Sql, events: DomainEvent[], email: EmailMode): Promise<number> {
  return sql.begin(async (tx) => {
    const rows = events.map((e) => ({
      id: e.id,
      roadmap_id: e.roadMapId,
      subject: e.subject,
      type: e.type,
      version: e.version,
      occurred_at: e.occurredAt,
      actor_id: e.actorId,
      acting_for_id: e.actingForId,
      payload: tx.json(e.payload as never),
    }));
    const inserted = await tx<{ id: string }[]>`insert into events ${tx(rows)} on conflict (id) do nothing returning id`;
    const fresh = new Set(inserted.map((r) => r.id));
    await projectEvents(tx, events.filter((e) => fresh.has(e.id)), email);
    return fresh.size;
  });
}
