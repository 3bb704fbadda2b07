/**
 * 2. Task completion. Ours: 32 keep-alive connections to the API, each
 * completing executions (POST /api/executions/{id}/complete as the executor)
 * one after another: session check, read-model lookup, Update, the handler's
 * event + notification transaction, answer. Baseline: the same number of raw
 * Temporal Updates from one Node client, 32 in flight, to minimal workflows
 * whose handler answers without any activity.
 */
import { untilQuiet, type BenchEnv } from './environment.js';
import { completionReport } from './documents.js';
import { runLoad, type LoadRequest, type LoadResult } from './http-load.js';
import { openExecutions } from './roadmaps.js';
import { distribution, inParallel, median } from './stats.js';
import { childPids } from './processes.js';
import { perUnit, pidsNamed, startCpuStretch, type ProcessGroups } from './cpu-accounting.js';

export const CONNECTIONS = 32;

export interface CommandsResult {
  connections: number;
  rounds: { path: 'ours' | 'baseline'; result: LoadResult }[];
  ours: { perSecond: number; p50: number; p95: number; p99: number; max: number; errors: number; sent: number };
  baseline: { perSecond: number; p50: number; p95: number; p99: number; max: number; errors: number; sent: number };
  /** baseline.perSecond / ours.perSecond: how many times fewer completions per second than raw Updates. */
  ratio: number;
  /** CPU ms per completed command, by process, summed over the rounds of each path. */
  cpuMsPerCommand: { ours: Record<string, number>; baseline: Record<string, number> };
}

/** Every process a command touches: both paths share the engine, PostgreSQL and this client. */
export function commandProcesses(env: BenchEnv): ProcessGroups {
  const fixed = (pid: number) => () => [pid];
  return {
    temporal: () => childPids('temporal'),
    postgres: () => pidsNamed('postgres'),
    api: fixed(env.stack.api.pid),
    worker: fixed(env.stack.worker.pid),
    baselineWorker: fixed(env.baseline.worker.pid),
    benchClient: fixed(process.pid),
  };
}

export function completionRequests(env: BenchEnv, ids: string[], from = 0): LoadRequest[] {
  return ids.map((id, i) => ({
    method: 'POST',
    path: `/api/executions/${encodeURIComponent(id)}/complete`,
    token: env.tokens.executor,
    body: completionReport(from + i),
  }));
}

/** Raw Updates, `connections` in flight, bounded like the HTTP load. */
async function rawUpdates(env: BenchEnv, workflowIds: string[], maxMs: number): Promise<LoadResult> {
  const latencies: number[] = [];
  const errors: Record<string, number> = {};
  let ok = 0;
  let next = 0;
  const started = performance.now();
  const lane = async () => {
    while (next < workflowIds.length && performance.now() < started + maxMs) {
      const id = workflowIds[next++];
      const t = performance.now();
      try {
        await env.temporal.workflow.getHandle(id).executeUpdate('baselineComplete', { args: [{ by: 'executor' }], updateId: `complete-${id}` });
        ok++;
      } catch (err) {
        const k = (err as Error).name || 'error';
        errors[k] = (errors[k] ?? 0) + 1;
      }
      latencies.push(performance.now() - t);
    }
  };
  await Promise.all(Array.from({ length: CONNECTIONS }, lane));
  const elapsedMs = performance.now() - started;
  return { sent: latencies.length, ok, errors, elapsedMs, perSecond: (ok * 1000) / elapsedMs, latencyMs: distribution(latencies) };
}

export async function startBaselineIdle(env: BenchEnv, prefix: string, n: number): Promise<string[]> {
  const ids = Array.from({ length: n }, (_, i) => `${prefix}-${i}`);
  await inParallel(n, 64, async (i) => {
    await env.temporal.workflow.start('baselineIdleWorkflow', { workflowId: ids[i], taskQueue: env.baseline.taskQueue, args: [] });
  });
  return ids;
}

export async function benchTaskCompletion(
  env: BenchEnv,
  opts: { perRound: number; rounds: number; maxMsPerRound: number; warm?: number },
  log: (m: string) => void,
): Promise<CommandsResult> {
  // Long enough for the sandbox's code to be optimised: with 64, our first two rounds of 750 ran at
  // 60–68/s and the next two at 80–83/s (2026-12-05), while the baseline's were even from the first.
  const warm = opts.warm ?? 500;
  const total = opts.perRound * opts.rounds + warm;
  log(`commands: preparing ${total} open executions and ${total} baseline workflows`);
  const { ids } = await openExecutions(env, env.stack, total, new Date(Date.now() + 20 * 86_400_000), 'Нагрузка: приём отчётов');
  const baseIds = await startBaselineIdle(env, `base-cmd-${Date.now()}`, total);
  // The rows are visible before every execution has run its first workflow task (arming its timer): without
  // this wait the first rounds of both paths shared the CPU with the tail of the preparation.
  await untilQuiet(env, 10 * 60_000, log);

  // Warm-up (not counted): compiled routes, connections, prepared statements on both paths.
  await runLoad(env.stack.client, completionRequests(env, ids.slice(0, warm)), { connections: CONNECTIONS, maxMs: 30_000 });
  await rawUpdates(env, baseIds.slice(0, warm), 30_000);

  const rounds: CommandsResult['rounds'] = [];
  const groups = commandProcesses(env);
  const cpu = { ours: {} as Record<string, number>, baseline: {} as Record<string, number> };
  const done = { ours: 0, baseline: 0 };
  for (let r = 0; r < opts.rounds; r++) {
    const slice = (all: string[]) => all.slice(warm + r * opts.perRound, warm + (r + 1) * opts.perRound);
    const steps = [
      async () => ({ path: 'baseline' as const, result: await rawUpdates(env, slice(baseIds), opts.maxMsPerRound) }),
      async () => ({
        path: 'ours' as const,
        result: await runLoad(env.stack.client, completionRequests(env, slice(ids), r * opts.perRound), { connections: CONNECTIONS, maxMs: opts.maxMsPerRound }),
      }),
    ];
    for (const step of r % 2 === 0 ? steps : steps.reverse()) {
      const stretch = startCpuStretch(groups);
      const round = await step();
      for (const [k, v] of Object.entries(stretch.stop())) cpu[round.path][k] = (cpu[round.path][k] ?? 0) + v;
      done[round.path] += round.result.ok;
      const l = round.result.latencyMs;
      log(`commands ${round.path}: ${round.result.ok}/${round.result.sent} ok, ${Math.round(round.result.perSecond)}/s, p50 ${Math.round(l.p50)} p99 ${Math.round(l.p99)} ms, errors ${JSON.stringify(round.result.errors)}`);
      rounds.push(round);
    }
  }
  const summary = (p: 'ours' | 'baseline') => {
    const rs = rounds.filter((x) => x.path === p).map((x) => x.result);
    return {
      perSecond: median(rs.map((x) => x.perSecond)),
      p50: median(rs.map((x) => x.latencyMs.p50)),
      p95: median(rs.map((x) => x.latencyMs.p95)),
      p99: median(rs.map((x) => x.latencyMs.p99)),
      max: Math.max(...rs.map((x) => x.latencyMs.max)),
      errors: rs.reduce((a, x) => a + Object.values(x.errors).reduce((s, v) => s + v, 0), 0),
      sent: rs.reduce((a, x) => a + x.sent, 0),
    };
  };
  const ours = summary('ours');
  const baseline = summary('baseline');
  const cpuMsPerCommand = { ours: perUnit(cpu.ours, done.ours), baseline: perUnit(cpu.baseline, done.baseline) };
  log(`commands CPU ms per command: ours ${JSON.stringify(cpuMsPerCommand.ours)}; baseline ${JSON.stringify(cpuMsPerCommand.baseline)}`);
  return { connections: CONNECTIONS, rounds, ours, baseline, ratio: baseline.perSecond / ours.perSecond, cpuMsPerCommand };
}
