/**
 * 3. Escalation lag. M executions whose deadline is the same instant, with a
 * one-rung policy at the deadline (PT0S): the lag of each `execution.rung_fired`
 * event (payload.lagMs, measured when the rung's activity ran; and
 * recorded_at − dueAt, when its transaction wrote the read model), and that
 * every execution got exactly one. Baseline: M raw workflows sleeping to the
 * same instant, then one activity writing one row.
 */
import { backlogDrained, type BenchEnv } from './environment.js';
import { approve, submittedRoadMap, visible } from './roadmaps.js';
import { distribution, inParallel, waitFor, type Distribution } from './stats.js';
import { executionTaskQueue } from '../worker/task-queue.js';

export interface LagResult {
  m: number;
  ours: {
    /** payload.lagMs: deadline → the rung's activity ran. */
    lagMs: Distribution;
    /** deadline → the event's row (and read-model update) committed. */
    recordedLagMs: Distribution;
    fired: number;
    duplicates: number;
    missing: number;
    notifications: number;
    /** The launch had finished before the deadline (else lag includes late starts). */
    launchedBeforeDeadline: boolean;
    /** The workflow-task backlog was empty at the deadline: every timer was armed in time. */
    armedBeforeDeadline: boolean | null;
    leadMs: number;
  };
  baseline: { lagMs: Distribution; fired: number; leadMs: number; startedBeforeDeadline: boolean };
  /** ours.lagMs.p99 / baseline.lagMs.p99. */
  ratioP99: number;
}

async function ours(env: BenchEnv, m: number, leadMs: number) {
  const deadline = new Date(Math.ceil((Date.now() + leadMs) / 1000) * 1000);
  const id = await submittedRoadMap(env, env.stack, m, deadline, `Эскалация ${m}`);
  await approve(env, env.stack, id);
  await visible(env, id, m, leadMs + 600_000);
  const launchedBeforeDeadline = Date.now() < deadline.getTime();
  let armedBeforeDeadline: boolean | null = null;
  const untilDeadline = deadline.getTime() - 1500 - Date.now();
  if (untilDeadline > 0) {
    const backlog = (await backlogDrained(env.temporal, [executionTaskQueue(env.stack.taskQueue)], untilDeadline)).value[0];
    armedBeforeDeadline = backlog === null ? null : backlog === 0;
  }
  const count = async () =>
    (await env.sql<{ n: number }[]>`select count(*)::int as n from events where roadmap_id = ${id} and type = 'execution.rung_fired'`)[0].n;
  await waitFor(count, (n) => n >= m, Math.max(0, deadline.getTime() - Date.now()) + 300_000, 250);
  // Let stragglers (a duplicate would arrive late) and the e-mail step finish before the next measurement.
  await waitFor(
    async () => (await env.sql<{ n: number }[]>`select count(*)::int as n from notifications where roadmap_id = ${id} and email_status = 'pending'`)[0].n,
    (n) => n === 0,
    120_000,
    500,
  );
  const rows = await env.sql<{ subject: string; lag_ms: number; recorded_ms: number }[]>`
    select subject, (payload->>'lagMs')::int as lag_ms,
           (extract(epoch from recorded_at - (payload->>'dueAt')::timestamptz) * 1000)::int as recorded_ms
    from events where roadmap_id = ${id} and type = 'execution.rung_fired'`;
  const perSubject = new Map<string, number>();
  for (const r of rows) perSubject.set(r.subject, (perSubject.get(r.subject) ?? 0) + 1);
  const [{ n: executions }] = await env.sql<{ n: number }[]>`select count(*)::int as n from item_executions where roadmap_id = ${id}`;
  const [{ n: notifications }] = await env.sql<{ n: number }[]>`
    select count(*)::int as n from notifications where roadmap_id = ${id} and kind = 'escalation'`;
  return {
    lagMs: distribution(rows.map((r) => r.lag_ms)),
    recordedLagMs: distribution(rows.map((r) => r.recorded_ms)),
    fired: rows.length,
    duplicates: [...perSubject.values()].filter((c) => c > 1).length,
    missing: executions - perSubject.size,
    notifications,
    launchedBeforeDeadline,
    armedBeforeDeadline,
    leadMs,
  };
}

async function baseline(env: BenchEnv, m: number, leadMs: number) {
  const dueAt = new Date(Math.ceil((Date.now() + leadMs) / 1000) * 1000).toISOString();
  const run = `lag-${Date.now()}`;
  await inParallel(m, 64, async (i) => {
    await env.temporal.workflow.start('baselineTimerWorkflow', {
      workflowId: `base-${run}-${i}`,
      taskQueue: env.baseline.taskQueue,
      args: [{ key: `${run}-${i}`, dueAt }],
    });
  });
  const startedBeforeDeadline = Date.now() < Date.parse(dueAt);
  const count = async () => (await env.sql<{ n: number }[]>`select count(*)::int as n from bench_lag where key like ${run + '-%'}`)[0].n;
  await waitFor(count, (n) => n >= m, Math.max(0, Date.parse(dueAt) - Date.now()) + 300_000, 250);
  const rows = await env.sql<{ lag_ms: number }[]>`select lag_ms from bench_lag where key like ${run + '-%'}`;
  return { lagMs: distribution(rows.map((r) => r.lag_ms)), fired: rows.length, leadMs, startedBeforeDeadline };
}

export async function benchEscalationLag(
  env: BenchEnv,
  sizes: number[],
  /** Measured ms per execution until launched and armed (fan-out "settled"); sets how far ahead the deadline is put. */
  msPerLaunch: number,
  log: (m: string) => void,
): Promise<LagResult[]> {
  const results: LagResult[] = [];
  for (const [k, m] of sizes.entries()) {
    // The deadline must come after the whole launch and every first workflow task (the timer is armed there):
    // lead = that time at the rate measured by the fan-out × 1.3 + margin, at most 4 minutes.
    const leadOurs = Math.min(240_000, 15_000 + Math.round(m * msPerLaunch * 1.3));
    const leadBase = 10_000 + Math.round(m * 2);
    let o: LagResult['ours'] | undefined;
    let b: LagResult['baseline'] | undefined;
    for (const step of k % 2 === 0 ? ['baseline', 'ours'] : ['ours', 'baseline']) {
      if (step === 'ours') {
        o = await ours(env, m, leadOurs);
        log(`lag M=${m} ours: p50 ${o.lagMs.p50} p99 ${o.lagMs.p99} max ${o.lagMs.max} ms; fired ${o.fired}, duplicates ${o.duplicates}, missing ${o.missing}`);
      } else {
        b = await baseline(env, m, leadBase);
        log(`lag M=${m} baseline: p50 ${b.lagMs.p50} p99 ${b.lagMs.p99} max ${b.lagMs.max} ms; fired ${b.fired}`);
      }
    }
    results.push({ m, ours: o!, baseline: b!, ratioP99: o!.lagMs.p99 / Math.max(1, b!.lagMs.p99) });
  }
  return results;
}
