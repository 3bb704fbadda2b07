import { randomBytes } from 'node:crypto';
import type postgres from 'postgres';
import { hashToken } from '../auth/sessions.js';

export type LinkPurpose = 'invitation' | 'reset';

/** Where a link of each purpose leads (the pages of web/account/). */
export const linkPath = (purpose: LinkPurpose, token: string) => `/login/set-password?token=${encodeURIComponent(token)}`;

/**
 * A new single-use link for the person: the previous live links of the same purpose stop
 * working (a resent invitation replaces the old one). Only the hash is stored.
 */
export async function issueLink(tx: postgres.TransactionSql | postgres.Sql, personId: string, purpose: LinkPurpose, ttlMs: number): Promise<{ token: string; expiresAt: Date }> {
  const q = tx as postgres.Sql;
  const token = randomBytes(32).toString('base64url');
  const expiresAt = new Date(Date.now() + ttlMs);
  await q`delete from account_links where person_id = ${personId} and purpose = ${purpose} and used_at is null`;
  await q`insert into account_links (token_hash, person_id, purpose, expires_at) values (${hashToken(token)}, ${personId}, ${purpose}, ${expiresAt})`;
  return { token, expiresAt };
}

export interface RedeemableLink {
  personId: string;
  purpose: LinkPurpose;
  login: string;
  fullName: string;
}

/** The live link behind a token (not used, not expired, the person active and not locked), locked for update in `tx`. */
export async function liveLink(tx: postgres.TransactionSql | postgres.Sql, token: string, forUpdate: boolean): Promise<RedeemableLink | null> {
  const q = tx as postgres.Sql;
  const lock = forUpdate ? q`for update of l` : q``;
  const [row] = await q<{ person_id: string; purpose: LinkPurpose; login: string; full_name: string }[]>`
    select l.person_id, l.purpose, p.login, p.full_name from account_links l join people p on p.id = l.person_id
    where l.token_hash = ${hashToken(token)} and l.used_at is null and l.expires_at > now()
      and p.deactivated_at is null and p.locked_at is null ${lock}`;
  return row ? { personId: row.person_id, purpose: row.purpose, login: row.login, fullName: row.full_name } : null;
}

/** Every outstanding link of the person is spent once a password is set, whichever link set it. */
export async function spendLinks(tx: postgres.TransactionSql | postgres.Sql, personId: string): Promise<void> {
  const q = tx as postgres.Sql;
  await q`update account_links set used_at = now() where person_id = ${personId} and used_at is null`;
}
