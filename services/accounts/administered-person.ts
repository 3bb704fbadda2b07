import type postgres from 'postgres';
import type { Actor } from '../../domain/actor.js';
import { administersPilot, administersRegion } from '../../domain/administration.js';
import { refusal, RefusedError } from '../../domain/refusal.js';

export interface AccountHolder {
  id: string;
  login: string;
  fullName: string;
  email: string | null;
  regionCode: string | null;
  hasPassword: boolean;
  lockedAt: Date | null;
  deactivatedAt: Date | null;
  mustChangePassword: boolean;
}

interface Row {
  id: string;
  login: string;
  full_name: string;
  email: string | null;
  region_code: string | null;
  has_password: boolean;
  locked_at: Date | null;
  deactivated_at: Date | null;
  must_change_password: boolean;
}

const holderFrom = (r: Row): AccountHolder => ({
  id: r.id,
  login: r.login,
  fullName: r.full_name,
  email: r.email,
  regionCode: r.region_code,
  hasPassword: r.has_password,
  lockedAt: r.locked_at,
  deactivatedAt: r.deactivated_at,
  mustChangePassword: r.must_change_password,
});

/** The person's account, optionally locked for update (FOR UPDATE of the people row). */
export async function accountHolder(sql: postgres.Sql | postgres.TransactionSql, personId: string, forUpdate = false): Promise<AccountHolder | null> {
  const q = sql as postgres.Sql;
  const [row] = await q<Row[]>`
    select p.id, p.login, p.full_name, p.email, o.region_code, p.password_hash is not null as has_password,
           p.locked_at, p.deactivated_at, p.must_change_password
    from people p join organisations o on o.id = p.organisation_id where p.id = ${personId} ${forUpdate ? q`for update of p` : q``}`;
  return row ? holderFrom(row) : null;
}

/** Whether the actor administers accounts of that region (null: ФОМС staff, the pilot's administrators only). */
export const administersAccountsOf = (actor: Actor, regionCode: string | null) => (regionCode === null ? administersPilot(actor) : administersRegion(actor, regionCode));

const administersSomeone = (actor: Actor) => administersPilot(actor) || actor.roles.includes('admin');

/**
 * A person whose account the actor administers. Someone who administers nobody gets the same
 * 403 whoever they name; a person outside the actor's region the same 404 as one who does not exist.
 */
export async function administeredPerson(sql: postgres.Sql | postgres.TransactionSql, actor: Actor, personId: string, forUpdate = false): Promise<AccountHolder> {
  if (!administersSomeone(actor)) throw new RefusedError(refusal('forbidden', 'учётными записями управляют администраторы региона и ФОМС'));
  const holder = await accountHolder(sql, personId, forUpdate);
  if (!holder || !administersAccountsOf(actor, holder.regionCode)) throw new RefusedError(refusal('not_found', `сотрудник ${personId} не найден`));
  return holder;
}
