import { createHash } from 'node:crypto';
import type postgres from 'postgres';

/**
 * A login started at the provider and not yet back: the state, nonce and PKCE
 * verifier stay on the server; the browser holds only the state (HttpOnly cookie),
 * which the callback must echo. Consumed on the first callback, so a state works once.
 */
export interface OidcTransaction {
  nonce: string;
  codeVerifier: string;
  /** Where the person goes after login (already checked to be a path of this site). */
  next: string;
}

const PURGE_BATCH = 200;
const hashState = (state: string) => createHash('sha256').update(state).digest('hex');

export async function saveTransaction(sql: postgres.Sql, state: string, t: OidcTransaction, ttlSeconds: number): Promise<void> {
  // Expired, never-finished logins are purged here, bounded, like expired sessions on each login.
  await sql`delete from oidc_transactions where state_hash in (select state_hash from oidc_transactions where expires_at <= now() limit ${PURGE_BATCH})`;
  await sql`
    insert into oidc_transactions (state_hash, nonce, code_verifier, next, expires_at)
    values (${hashState(state)}, ${t.nonce}, ${t.codeVerifier}, ${t.next}, now() + make_interval(secs => ${ttlSeconds}))`;
}

/** The transaction of this state, removed in the same statement: a second callback with it finds nothing. */
export async function consumeTransaction(sql: postgres.Sql, state: string): Promise<OidcTransaction | null> {
  const [row] = await sql<{ nonce: string; code_verifier: string; next: string; live: boolean }[]>`
    delete from oidc_transactions where state_hash = ${hashState(state)}
    returning nonce, code_verifier, next, expires_at > now() as live`;
  return row?.live ? { nonce: row.nonce, codeVerifier: row.code_verifier, next: row.next } : null;
}
