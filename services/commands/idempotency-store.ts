import type postgres from 'postgres';

/** The first successful answer to a keyed command, per person and Idempotency-Key. */
export interface StoredAnswer {
  request_hash: string;
  status: number;
  body: unknown;
}

export async function storedAnswer(sql: postgres.Sql, personId: string, key: string): Promise<StoredAnswer | undefined> {
  const [stored] = await sql<StoredAnswer[]>`
    select request_hash, status, body from command_results where person_id = ${personId} and idempotency_key = ${key}`;
  return stored;
}

/**
 * A key taken by a request still running: `status` 0 until its answer is stored. Another request with the same
 * key and another body is refused while it runs (the same body is the same command and runs: Temporal's update
 * id makes it one). A reservation left by a process that died is ignored after this long.
 */
export const RESERVATION_SECONDS = 60;

export type Reservation = { kind: 'reserved' } | { kind: 'answered'; stored: StoredAnswer } | { kind: 'running'; requestHash: string };

export async function reserveKey(sql: postgres.Sql, personId: string, key: string, requestHash: string): Promise<Reservation> {
  // Taken if free, or if a reservation was left behind by a request that never finished.
  const [taken] = await sql`
    insert into command_results (person_id, idempotency_key, request_hash, status, body)
    values (${personId}, ${key}, ${requestHash}, 0, 'null'::jsonb)
    on conflict (person_id, idempotency_key) do update set request_hash = excluded.request_hash, created_at = now()
      where command_results.status = 0 and command_results.created_at < now() - make_interval(secs => ${RESERVATION_SECONDS})
    returning 1`;
  if (taken) return { kind: 'reserved' };
  const stored = await storedAnswer(sql, personId, key);
  if (!stored) return reserveKey(sql, personId, key, requestHash); // released in between: try again
  return stored.status === 0 ? { kind: 'running', requestHash: stored.request_hash } : { kind: 'answered', stored };
}

/** The first successful answer wins: it replaces the reservation; one stored already is kept. */
export async function storeAnswer(sql: postgres.Sql, personId: string, key: string, a: StoredAnswer): Promise<void> {
  await sql`insert into command_results (person_id, idempotency_key, request_hash, status, body)
            values (${personId}, ${key}, ${a.request_hash}, ${a.status}, ${sql.json(a.body as never)})
            on conflict (person_id, idempotency_key) do update set request_hash = excluded.request_hash, status = excluded.status, body = excluded.body, created_at = now()
              where command_results.status = 0`;
}

/** A refused or failed command stores nothing: its reservation goes, and the key may be used again. */
export async function releaseKey(sql: postgres.Sql, personId: string, key: string, requestHash: string): Promise<void> {
  await sql`delete from command_results where person_id = ${personId} and idempotency_key = ${key} and status = 0 and request_hash = ${requestHash}`;
}
