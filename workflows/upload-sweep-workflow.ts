import { proxyActivities } from '@temporalio/workflow';
import type { Activities } from '../activities/activity-types.js';

const { sweepUnattachedUploads } = proxyActivities<Activities>({
  startToCloseTimeout: '5 minutes',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute', maximumAttempts: 10 },
});

const BATCH = 500;
/** A run removes at most this many batches; the next scheduled run takes the rest. */
const MAX_BATCHES = 100;

/**
 * Started by the Temporal Schedule of worker/upload-sweep-schedule.ts: removes the uploads
 * nobody attached within ATTACHMENT_UNATTACHED_TTL_HOURS, batch by batch.
 */
export async function sweepUnattachedUploadsWorkflow(input: { olderThanHours: number }): Promise<{ attachments: number; blobs: number }> {
  const total = { attachments: 0, blobs: 0 };
  for (let i = 0; i < MAX_BATCHES; i++) {
    const removed = await sweepUnattachedUploads({ olderThanHours: input.olderThanHours, batch: BATCH });
    total.attachments += removed.attachments;
    total.blobs += removed.blobs;
    if (removed.attachments < BATCH && removed.blobs < BATCH) break;
  }
  return total;
}
