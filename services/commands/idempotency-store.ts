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

/** The first answer wins: a concurrent retry that also succeeded does not overwrite it. */
export async function storeAnswer(sql: postgres.Sql, personId: string, key: string, a: StoredAnswer): Promise<void> {
  await sql`insert into command_results (person_id, idempotency_key, request_hash, status, body)
            values (${personId}, ${key}, ${a.request_hash}, ${a.status}, ${sql.json(a.body as never)})
            on conflict do nothing`;
}
