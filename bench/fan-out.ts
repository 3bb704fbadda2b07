/**
 * 1. Approval fan-out. Ours: the director's approval of a road map that
 * expands to N item executions, until every one is running and listed in the
 * read model. Baseline: the same N starts of a trivial workflow from one raw
 * client, 64 in flight (our launch runs 2 batches × 32 starts). Both also
 * report when the workflow-task backlog of their queue drained ("settled").
 */
import { backlogDrained, type BenchEnv } from './environment.js';
import { approve, launched, submittedRoadMap, visible } from './roadmaps.js';
import { executionTaskQueue } from '../worker/task-queue.js';
import { inParallel, median } from './stats.js';

export interface FanOutRun {
  path: 'ours' | 'baseline';
  n: number;
  /** Until all N are started (baseline) / started and visible in the read model (ours). */
  ms: number;
  /** Until the queue's workflow-task backlog is empty as well (null: not reported). */
  settledMs: number | null;
  perSecond: number;
  msPerExecution: number;
}

export interface FanOutResult {
  n: number;
  runs: FanOutRun[];
  ours: { ms: number; perSecond: number; msPerExecution: number; settledMs: number | null };
  baseline: { ms: number; perSecond: number; msPerExecution: number; settledMs: number | null };
  /** ours.ms / baseline.ms: 1.0 = as fast as raw starts, 2.0 = twice as slow. */
  ratio: number;
}

const FAR = () => new Date(Date.now() + 20 * 86_400_000);
let runSeq = 0;

async function settled(env: BenchEnv, queue: string, t0: number, n: number): Promise<number | null> {
  // Also keeps the next run fair: it starts only once this one's first workflow tasks are done
  // (capped at 3 min or 20 ms per execution, whichever is longer: 20 min at 60,000).
  const r = await backlogDrained(env.temporal, [queue], Math.max(180_000, 20 * n), 200);
  if (!r.met) return null;
  return r.value[0] === null ? null : r.at - t0;
}

async function ours(env: BenchEnv, n: number): Promise<FanOutRun> {
  const id = await submittedRoadMap(env, env.stack, n, FAR(), `Веер ${n} №${++runSeq}`);
  const t0 = performance.now();
  await approve(env, env.stack, id);
  await visible(env, id, n, 900_000);
  // "Running" is the road-map workflow's own word that every start of the launch returned.
  const ms = (await launched(env, id, 900_000)) - t0;
  return { path: 'ours', n, ms, settledMs: await settled(env, executionTaskQueue(env.stack.taskQueue), t0, n), perSecond: (n * 1000) / ms, msPerExecution: ms / n };
}

async function baseline(env: BenchEnv, n: number): Promise<FanOutRun> {
  const run = ++runSeq;
  const t0 = performance.now();
  await inParallel(n, 64, async (i) => {
    await env.temporal.workflow.start('baselineIdleWorkflow', { workflowId: `base-fan-${run}-${i}`, taskQueue: env.baseline.taskQueue, args: [] });
  });
  const ms = performance.now() - t0;
  return { path: 'baseline', n, ms, settledMs: await settled(env, env.baseline.taskQueue, t0, n), perSecond: (n * 1000) / ms, msPerExecution: ms / n };
}

export async function benchFanOut(env: BenchEnv, sizes: number[], log: (m: string) => void): Promise<FanOutResult[]> {
  const results: FanOutResult[] = [];
  for (const n of sizes) {
    // Small sizes twice (A B B A); large ones once, baseline first: our worker can take minutes to finish the
    // first workflow tasks of a large launch (see README), and a baseline run after it would pay for that.
    const rounds = n <= 2000 ? 2 : 1;
    const runs: FanOutRun[] = [];
    for (let r = 0; r < rounds; r++) {
      const order = rounds === 1 || r % 2 === 0 ? [baseline, ours] : [ours, baseline];
      for (const step of order) {
        const run = await step(env, n);
        log(`fan-out N=${n} ${run.path}: ${Math.round(run.ms)} ms (${Math.round(run.perSecond)}/s), settled ${run.settledMs === null ? '?' : Math.round(run.settledMs)} ms`);
        runs.push(run);
      }
    }
    const pick = (p: FanOutRun['path']) => {
      const rs = runs.filter((r) => r.path === p);
      const ms = median(rs.map((r) => r.ms));
      const s = rs.map((r) => r.settledMs).filter((x): x is number => x !== null);
      return { ms, perSecond: (n * 1000) / ms, msPerExecution: ms / n, settledMs: s.length ? median(s) : null };
    };
    const o = pick('ours');
    const b = pick('baseline');
    results.push({ n, runs, ours: o, baseline: b, ratio: o.ms / b.ms });
  }
  return results;
}
