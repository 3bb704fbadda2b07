import { continueAsNew, proxyActivities, sleep } from '@temporalio/workflow';
import type { Activities } from '../activities/activity-types.js';

const { sendQueuedInvitations } = proxyActivities<Activities>({
  // A round of 50 mails, 8 at a time, each bounded by SMTP_TIMEOUT_SECONDS.
  startToCloseTimeout: '10 minutes',
  retry: { initialInterval: '5 seconds', maximumInterval: '5 minutes' },
});

const BATCH = 50;
/** Rounds per run before its history starts afresh: 2,000 people are 40 rounds; refused sends add a few each. */
const ROUNDS_PER_RUN = 200;

export interface InviteImportedPeople {
  batchId: string;
  regionCode: string;
}

/**
 * The invitations one directory import owes (services/accounts/invitation-queue.ts): round after round until none
 * is owed. A refused send pauses its invitation, and the workflow waits on a durable timer for the earliest one
 * due instead of asking again. Started by the import inside its transaction: the first round waits for that
 * transaction, so a rolled-back import's run finds nothing and ends.
 */
export async function inviteImportedPeopleWorkflow(input: InviteImportedPeople): Promise<Record<string, number>> {
  const total: Record<string, number> = {};
  for (let round = 0; round < ROUNDS_PER_RUN; round++) {
    const r = await sendQueuedInvitations({ ...input, batch: BATCH });
    for (const [outcome, n] of Object.entries(r.outcomes)) total[outcome] = (total[outcome] ?? 0) + (n ?? 0);
    if (r.remaining === 0 || r.nextAttemptInMs === null) return total;
    if (r.nextAttemptInMs > 0) await sleep(r.nextAttemptInMs);
  }
  return continueAsNew<typeof inviteImportedPeopleWorkflow>(input);
}
