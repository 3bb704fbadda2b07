/**
 * 3. Escalation lag. M executions whose deadline is the same instant, with a
 * one-rung policy at the deadline (PT0S): the lag of each `execution.rung_fired`
 * event (payload.lagMs, measured when the rung's activity ran; and
 * recorded_at − dueAt, when its transaction wrote the read model), and that
 * every execution got exactly one (bench/deadline-wave.ts). Baseline: M raw
 * workflows sleeping to the same instant, then one activity writing one row.
 */
import type { BenchEnv } from './environment.js';
import { launchWave, untilFired, waveLeadMs, waveOutcome, type WaveOutcome } from './deadline-wave.js';
import { distribution, inParallel, waitFor, type Distribution } from './stats.js';

export interface LagResult {
  m: number;
  ours: WaveOutcome;
  baseline: { lagMs: Distribution; fired: number; leadMs: number; startedBeforeDeadline: boolean };
  /** ours.lagMs.p99 / baseline.lagMs.p99. */
  ratioP99: number;
}

async function ours(env: BenchEnv, m: number, leadMs: number): Promise<WaveOutcome> {
  const wave = await launchWave(env, m, leadMs);
  await untilFired(env, wave);
  return waveOutcome(env, wave);
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
    // The deadline must come after the whole launch and every first workflow task (the timer is armed there).
    const leadOurs = waveLeadMs(m, msPerLaunch);
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
