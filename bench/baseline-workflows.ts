/**
 * The raw baselines: the least a Temporal workflow can do for each thing we
 * measure, run by a worker of their own (bench/baseline-worker.ts) on the
 * same server. Bundled on its own: no imports but the SDK.
 */
import { condition, defineUpdate, proxyActivities, setHandler, sleep } from '@temporalio/workflow';

export const baselineCompleteUpdate = defineUpdate<{ ok: true }, [{ by: string }]>('baselineComplete');

/** Fan-out and command baseline: open until one Update, answered without any activity. */
export async function baselineIdleWorkflow(): Promise<void> {
  let done = false;
  setHandler(baselineCompleteUpdate, () => {
    done = true;
    return { ok: true as const };
  });
  await condition(() => done);
}

const { recordLag } = proxyActivities<{ recordLag(input: { key: string; dueAt: string }): Promise<void> }>({
  startToCloseTimeout: '20 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '30 seconds' },
});

/** Escalation-lag baseline: a durable timer to `dueAt`, then one activity that writes one row. */
export async function baselineTimerWorkflow(input: { key: string; dueAt: string }): Promise<void> {
  const wait = Date.parse(input.dueAt) - Date.now();
  if (wait > 0) await sleep(wait);
  await recordLag(input);
}
