import type postgres from 'postgres';
import type { OidcClaim } from './oidc-config.js';
import { recordAccountChange } from '../accounts/account-audit.js';

/** Why a person the provider vouched for does not get a session here. */
export type SsoRefusal = 'unknown' | 'ambiguous' | 'deactivated' | 'locked' | 'email_unverified' | 'no_claim';

export type PersonMatch = { kind: 'ok'; personId: string } | { kind: 'refused'; reason: SsoRefusal; personId: string | null };

interface Candidate {
  id: string;
  deactivated_at: Date | null;
  locked_at: Date | null;
}

/**
 * The existing person the provider's claim names: `email` matches people.email
 * ignoring case, `preferred_username` matches people.login exactly. Nobody is
 * created here: a person's position and organisation decide their rights, and the
 * provider knows neither.
 */
export async function matchPerson(sql: postgres.Sql, claim: OidcClaim, value: string): Promise<PersonMatch> {
  const rows =
    claim === 'email'
      ? await sql<Candidate[]>`
          select id, deactivated_at, locked_at from people where lower(email) = lower(${value})`
      : await sql<Candidate[]>`
          select id, deactivated_at, locked_at from people where login = ${value}`;
  // Two people sharing an address (a deactivated one and their successor) is normal: only the active ones count.
  const active = rows.filter((r) => !r.deactivated_at);
  if (rows.length === 0) return { kind: 'refused', reason: 'unknown', personId: null };
  if (active.length > 1) return { kind: 'refused', reason: 'ambiguous', personId: null };
  if (active.length === 0) return { kind: 'refused', reason: 'deactivated', personId: rows.length === 1 ? rows[0].id : null };
  const [person] = active;
  if (person.locked_at) return { kind: 'refused', reason: 'locked', personId: person.id };
  return { kind: 'ok', personId: person.id };
}

export interface RefusalRecord {
  issuer: string;
  claim: OidcClaim;
  subject: string;
  reason: SsoRefusal;
  personId: string | null;
  address: string;
}

/**
 * A refused login on record: on a known person's directory trail (directory_changes,
 * source 'sso', no actor: nothing was changed by anyone), otherwise in sso_refusals.
 */
export async function recordRefusal(sql: postgres.Sql, r: RefusalRecord): Promise<void> {
  const detail = { reason: r.reason, issuer: r.issuer, claim: r.claim, subject: r.subject, address: r.address };
  if (r.personId) {
    await recordAccountChange(sql, { actorId: null, personId: r.personId, action: 'sso_login_refused', source: 'sso', after: detail });
    return;
  }
  await sql`
    insert into sso_refusals (issuer, claim, subject, reason, address)
    values (${r.issuer}, ${r.claim}, ${r.subject.slice(0, 300)}, ${r.reason}, ${r.address})`;
}
