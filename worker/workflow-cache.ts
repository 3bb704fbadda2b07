/**
 * How many workflows a worker keeps in memory between their tasks
 * (WORKER_MAX_CACHED_WORKFLOWS, default 250). Item executions sit idle for
 * weeks: one evicted from the cache costs a replay when its next task comes.
 * Every cached workflow holds its own instance of the bundle's modules (the
 * SDK's make up five sixths of them), so memory grows with the cache, not with
 * the number of open executions: measured 2026-12-02, 878 MiB with 10,000 open
 * and 938 MiB with 60,000 at 250, but 1.49 GiB with 10,000 at 2,000.
 * The baseline worker of the benchmarks reads the same setting, so that both
 * paths are measured with the same cache.
 */
export function workflowCacheSize(raw = process.env.WORKER_MAX_CACHED_WORKFLOWS): number {
  if (raw === undefined || raw === '') return 250;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0) throw new Error(`WORKER_MAX_CACHED_WORKFLOWS: a non-negative integer, got ${raw}`);
  return n;
}
