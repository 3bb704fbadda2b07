/**
 * 5. Memory. A fresh worker and API (separate processes, so that each peak
 * is this phase's own), N executions launched and open, then a burst of
 * completions spread over all of them (every one outside the 2,000-workflow
 * cache is replayed): peak RSS (VmHWM) of each process. Baseline: a fresh
 * raw worker with N open minimal workflows and the same burst of Updates.
 */
import type { BenchEnv } from './environment.js';
import { runLoad } from './http-load.js';
import { childPids, memoryOf, resetPeak, type Memory, type NodeProcess } from './processes.js';
import { openExecutions } from './roadmaps.js';
import { inParallel, sleep } from './stats.js';
import { completionRequests, CONNECTIONS } from './task-completion.js';

export interface MemoryResult {
  n: number;
  commands: number;
  /** Peaks of this phase (VmHWM reset after start-up); startUp = the peak while starting (webpack bundling of the workflow code). */
  ours: { worker: Memory | null; api: Memory | null; launchMs: number; startUpPeakMiB: { worker: number; api: number }; timeline: Sample[] };
  baseline: { worker: Memory | null; startUpPeakMiB: number; timeline: Sample[] };
  temporalServer: Memory | null;
  /** ours.worker.peakRssMiB / baseline.worker.peakRssMiB. */
  ratio: number;
}

/** Seconds since the phase began, RSS now (MiB) of each process. */
export type Sample = [number, ...number[]];

function startUpPeak(p: NodeProcess): number {
  const peak = p.memory()?.peakRssMiB ?? NaN;
  if (!resetPeak(p.pid)) throw new Error(`cannot reset the peak RSS of pid ${p.pid} (/proc/<pid>/clear_refs)`);
  return peak;
}

/** Samples the processes while `work` runs (VmHWM is exact; the samples keep the last reading if a process ends). */
async function sampled<T>(read: () => void, work: () => Promise<T>): Promise<T> {
  let on = true;
  const loop = (async () => {
    while (on) {
      read();
      await sleep(500);
    }
  })();
  try {
    return await work();
  } finally {
    on = false;
    await loop;
  }
}

/** At most ~60 samples kept for the JSON. */
const thin = (xs: Sample[]) => xs.filter((_, i) => i % Math.ceil(xs.length / 60) === 0);

export async function benchMemory(env: BenchEnv, sizes: number[], log: (m: string) => void): Promise<MemoryResult[]> {
  const results: MemoryResult[] = [];
  for (const n of sizes) {
    const commands = Math.min(2000, n);
    const stack = await env.startStack(`bench-mem-${n}`);
    let ours: MemoryResult['ours'];
    try {
      const startUpPeakMiB = { worker: startUpPeak(stack.worker), api: startUpPeak(stack.api) };
      const timeline: Sample[] = [];
      const t0 = performance.now();
      ours = await sampled(
        () => {
          const w = stack.worker.memory()?.rssMiB ?? NaN;
          const a = stack.api.memory()?.rssMiB ?? NaN;
          timeline.push([Math.round((performance.now() - t0) / 100) / 10, Math.round(w), Math.round(a)]);
        },
        async () => {
          const { ids } = await openExecutions(env, stack, n, new Date(Date.now() + 20 * 86_400_000), `Память ${n}`);
          const launchMs = performance.now() - t0;
          const step = Math.max(1, Math.floor(ids.length / commands));
          const spread = ids.filter((_, i) => i % step === 0).slice(0, commands);
          await runLoad(stack.client, completionRequests(env, spread, 300_000), { connections: CONNECTIONS, maxMs: 120_000 });
          await sleep(3000);
          return { worker: stack.worker.memory(), api: stack.api.memory(), launchMs, startUpPeakMiB, timeline: thin(timeline) };
        },
      );
    } finally {
      await stack.stop();
    }
    log(`memory N=${n} ours: worker peak ${ours.worker?.peakRssMiB.toFixed(0)} MiB (start-up ${ours.startUpPeakMiB.worker.toFixed(0)}), API peak ${ours.api?.peakRssMiB.toFixed(0)} MiB (start-up ${ours.startUpPeakMiB.api.toFixed(0)})`);

    const queue = `bench-mem-base-${n}`;
    const worker = await env.startBaselineWorker(queue);
    let baseline: MemoryResult['baseline'];
    try {
      const startUpPeakMiB = startUpPeak(worker);
      const timeline: Sample[] = [];
      const t0 = performance.now();
      baseline = await sampled(
        () => timeline.push([Math.round((performance.now() - t0) / 100) / 10, Math.round(worker.memory()?.rssMiB ?? NaN)]),
        async () => {
          const ids = Array.from({ length: n }, (_, i) => `${queue}-${i}`);
          await inParallel(n, 64, async (i) => {
            await env.temporal.workflow.start('baselineIdleWorkflow', { workflowId: ids[i], taskQueue: queue, args: [] });
          });
          const step = Math.max(1, Math.floor(n / commands));
          await inParallel(commands, CONNECTIONS, async (i) => {
            const id = ids[(i * step) % n];
            await env.temporal.workflow.getHandle(id).executeUpdate('baselineComplete', { args: [{ by: 'executor' }], updateId: `m-${id}` });
          });
          await sleep(3000);
          return { worker: worker.memory(), startUpPeakMiB, timeline: thin(timeline) };
        },
      );
    } finally {
      await worker.stop();
    }
    log(`memory N=${n} baseline: worker peak ${baseline.worker?.peakRssMiB.toFixed(0)} MiB (start-up ${baseline.startUpPeakMiB.toFixed(0)})`);
    const [serverPid] = childPids('temporal');
    results.push({
      n,
      commands,
      ours,
      baseline,
      temporalServer: serverPid ? memoryOf(serverPid) : null,
      ratio: (ours.worker?.peakRssMiB ?? NaN) / (baseline.worker?.peakRssMiB ?? NaN),
    });
  }
  return results;
}

