import type { Actor } from '../../domain/actor.js';
import { refusal, RefusedError } from '../../domain/refusal.js';
import type { ServiceDeps } from '../deps.js';
import { recordAccountChange } from './account-audit.js';
import { administeredPerson, type AccountHolder } from './administered-person.js';

export interface AccountState {
  personId: string;
  login: string;
  locked: boolean;
  lockedAt: string | null;
  deactivated: boolean;
  /** Whether the person has set a password (an invited person has not yet). */
  hasPassword: boolean;
  mustChangePassword: boolean;
}

export const accountState = (h: AccountHolder): AccountState => ({
  personId: h.id,
  login: h.login,
  locked: h.lockedAt !== null,
  lockedAt: h.lockedAt?.toISOString() ?? null,
  deactivated: h.deactivatedAt !== null,
  hasPassword: h.hasPassword,
  mustChangePassword: h.mustChangePassword,
});

/**
 * An invitation a directory import still owes the person (invitation-queue.ts): waiting for the worker or
 * for its next try after the mail server refused it (`queued`, `attempts` so far), or given up after
 * EMAIL_MAX_ATTEMPTS (`given_up`: the administrator resends it).
 */
export interface QueuedInvitationState {
  state: 'queued' | 'given_up';
  attempts: number;
}

/** The account's state as its administrator sees it, with an import's invitation still owed to the person. */
export async function accountOf(deps: Pick<ServiceDeps, 'sql'>, actor: Actor, personId: string): Promise<AccountState & { queuedInvitation: QueuedInvitationState | null }> {
  const holder = await administeredPerson(deps.sql, actor, personId);
  const [q] = await deps.sql<{ attempts: number; given_up: boolean }[]>`
    select attempts, gave_up_at is not null as given_up from invitation_queue where person_id = ${personId}`;
  const queuedInvitation: QueuedInvitationState | null = q
    ? { state: q.given_up ? 'given_up' : 'queued', attempts: q.attempts }
    : null;
  return { ...accountState(holder), queuedInvitation };
}

/**
 * Lock by an administrator of the person's region: the person's sessions end in the same
 * transaction, and logins, sessions and API tokens are refused while locked_at is set.
 * Locking a locked account changes nothing (a retry is harmless); nobody locks themselves.
 */
export async function lockAccount(deps: Pick<ServiceDeps, 'sql'>, actor: Actor, personId: string, source: 'api' | 'page' = 'api'): Promise<AccountState> {
  if (personId === actor.personId) throw new RefusedError(refusal('conflict', 'нельзя заблокировать собственную учётную запись'));
  const state = await deps.sql.begin(async (tx) => {
    const holder = await administeredPerson(tx, actor, personId, true);
    if (holder.lockedAt) return accountState(holder);
    const [row] = await tx<{ locked_at: Date }[]>`update people set locked_at = now() where id = ${personId} returning locked_at`;
    await tx`delete from sessions where person_id = ${personId}`;
    await recordAccountChange(tx, { actorId: actor.personId, personId, action: 'locked', source });
    return accountState({ ...holder, lockedAt: row.locked_at });
  });
  return state as AccountState;
}

/** Unlock: the person may log in again (with the same password); an unlocked account is left as it is. */
export async function unlockAccount(deps: Pick<ServiceDeps, 'sql'>, actor: Actor, personId: string, source: 'api' | 'page' = 'api'): Promise<AccountState> {
  const state = await deps.sql.begin(async (tx) => {
    const holder = await administeredPerson(tx, actor, personId, true);
    if (!holder.lockedAt) return accountState(holder);
    await tx`update people set locked_at = null where id = ${personId}`;
    await recordAccountChange(tx, { actorId: actor.personId, personId, action: 'unlocked', source });
    return accountState({ ...holder, lockedAt: null });
  });
  return state as AccountState;
}
