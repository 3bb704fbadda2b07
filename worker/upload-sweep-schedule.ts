import { ScheduleAlreadyRunning, ScheduleOverlapPolicy, type Client, type ScheduleOptions } from '@temporalio/client';
import type { UploadSweepPolicy } from '../services/attachments/attachment-rules.js';

/** One schedule per task queue (in production, one); tests each run a queue of their own. */
export const uploadSweepScheduleId = (taskQueue: string) => `sweep-unattached-uploads-${taskQueue}`;

/**
 * The sweep of unattached uploads runs on a Temporal Schedule, not a loop in a process: every
 * ATTACHMENT_SWEEP_INTERVAL_MINUTES, one run at a time (an overlapping one is skipped). Created
 * at worker start; a second worker, or a restart, finds it and only brings its settings up to
 * date — so this is safe to call from every worker process.
 */
export async function ensureUploadSweepSchedule(client: Client, taskQueue: string, policy: UploadSweepPolicy): Promise<string> {
  const scheduleId = uploadSweepScheduleId(taskQueue);
  const spec = { intervals: [{ every: `${policy.everyMinutes} minutes` as const }] };
  const action = {
    type: 'startWorkflow' as const,
    workflowType: 'sweepUnattachedUploadsWorkflow',
    taskQueue,
    workflowId: scheduleId,
    args: [{ olderThanHours: policy.unattachedTtlHours }],
  };
  const options: ScheduleOptions = { scheduleId, spec, action, policies: { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: '1 hour' } };
  try {
    await client.schedule.create(options);
  } catch (err) {
    if (!(err instanceof ScheduleAlreadyRunning)) throw err;
    await client.schedule.getHandle(scheduleId).update((previous) => ({ ...previous, spec, action }));
  }
  return scheduleId;
}
