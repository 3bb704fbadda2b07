import type postgres from 'postgres';
import { RefusedError } from '../../domain/refusal.js';
import { logger } from '../../infra/observability/logger.js';
import type { ServiceDeps } from '../deps.js';
import type { Delivery } from './account-mail.js';
import { invitePerson } from './invitations.js';

const log = logger.child({ component: 'invitations' });

/**
 * The invitations a directory import owes the people it created. They are queued in the import's own
 * transaction and sent by the worker (inviteImportedPeopleWorkflow), not in the upload's request: 2,000 new
 * people are 2,000 e-mails, and an SMTP server that is slow or down must neither hold the administrator's
 * request for minutes nor lose the invitations of an import that did commit.
 */

/** How a queued invitation ended: as `invitePerson` delivered it, or `not_needed` (deactivated, already has a password, removed since). */
export type QueuedOutcome = Delivery | 'not_needed';

export interface InvitationRound {
  outcomes: Partial<Record<QueuedOutcome, number>>;
  /** Invitations of the batch still owed (not given up). */
  remaining: number;
  /** When the next of them may be tried (a lease or a refused send's pause), 0 if now; null when none remain. */
  nextAttemptInMs: number | null;
}

/** The lock an import of the region holds until it commits (services/directory-import/directory-import.ts). */
export const directoryImportLock = (regionCode: string) => `directory-import:${regionCode}`;

/** A sender's lease on the rows it claimed: longer than a round of 50 mails at SMTP_TIMEOUT_SECONDS each, 8 at a time. */
const LEASE_SECONDS = 300;
const SENDERS = 8;

export async function queueInvitations(tx: postgres.TransactionSql, input: { batchId: string; actorId: string | null; personIds: string[] }): Promise<number> {
  if (!input.personIds.length) return 0;
  const rows = await (tx as unknown as postgres.Sql)`
    insert into invitation_queue (person_id, batch_id, actor_id)
    select unnest(${input.personIds}::text[]), ${input.batchId}::uuid, ${input.actorId}
    on conflict (person_id) do nothing
    returning person_id`;
  return rows.length;
}

/**
 * One round of a batch: claims up to `batch` owed invitations (a lease, the attempt counted first), sends each
 * through `invitePerson` (a fresh single-use link; the previous one stops working), and settles each row: gone
 * when delivered or no longer needed; after a refused send, paused 5 s doubling to 30 min, and given up at
 * `maxAttempts`. It first waits for the import that queued the batch to commit or roll back (the region's
 * import lock), so that a round never runs ahead of its rows.
 */
export async function sendQueuedInvitations(
  deps: Pick<ServiceDeps, 'sql' | 'mailer' | 'accountSettings'>,
  input: { batchId: string; regionCode: string; batch: number; maxAttempts: number },
): Promise<InvitationRound> {
  const { sql } = deps;
  await sql.begin((tx) => tx`select pg_advisory_xact_lock(hashtext(${directoryImportLock(input.regionCode)}))`);
  const claimed = await sql<{ person_id: string; actor_id: string | null; attempts: number }[]>`
    update invitation_queue q
    set claimed_until = now() + make_interval(secs => ${LEASE_SECONDS}), attempts = q.attempts + 1
    where q.person_id in (
      select person_id from invitation_queue
      where batch_id = ${input.batchId}::uuid and gave_up_at is null and (claimed_until is null or claimed_until <= now())
      order by queued_at, person_id limit ${input.batch}
      for update skip locked)
    returning q.person_id, q.actor_id, q.attempts`;

  const outcomes: InvitationRound['outcomes'] = {};
  const queue = [...claimed];
  const sender = async () => {
    for (let row = queue.shift(); row; row = queue.shift()) {
      const outcome: QueuedOutcome = await invitePerson(deps, { personId: row.person_id, actorId: row.actor_id, source: 'import' })
        .then((o) => o.delivery)
        .catch((err) => {
          if (err instanceof RefusedError) return 'not_needed' as const;
          log.warn({ personId: row.person_id, err: (err as Error).message }, 'invitation not issued');
          return 'failed' as const;
        });
      outcomes[outcome] = (outcomes[outcome] ?? 0) + 1;
      if (outcome !== 'failed') {
        await sql`delete from invitation_queue where person_id = ${row.person_id} and batch_id = ${input.batchId}::uuid`;
      } else if (row.attempts >= input.maxAttempts) {
        log.warn({ personId: row.person_id, attempts: row.attempts }, 'invitation given up: the administrator resends it');
        await sql`update invitation_queue set gave_up_at = now(), claimed_until = null where person_id = ${row.person_id} and batch_id = ${input.batchId}::uuid`;
      } else {
        await sql`
          update invitation_queue
          set claimed_until = now() + least(interval '30 minutes', interval '5 seconds' * power(2, ${row.attempts - 1}))
          where person_id = ${row.person_id} and batch_id = ${input.batchId}::uuid`;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(SENDERS, queue.length) }, sender));

  const [state] = await sql<{ remaining: number; next_in_ms: number | null }[]>`
    select count(*)::int as remaining,
           greatest(0, extract(epoch from min(coalesce(claimed_until, now())) - now()) * 1000)::int as next_in_ms
    from invitation_queue where batch_id = ${input.batchId}::uuid and gave_up_at is null`;
  return { outcomes, remaining: state.remaining, nextAttemptInMs: state.remaining ? (state.next_in_ms ?? 0) : null };
}
