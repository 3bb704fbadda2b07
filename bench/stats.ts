/** Percentiles and small helpers shared by the benchmarks. */

export interface Distribution {
  n: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  mean: number;
}

/** Nearest-rank percentile of an ascending array. */
export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))];
}

export function distribution(values: number[]): Distribution {
  const s = [...values].sort((a, b) => a - b);
  const sum = s.reduce((a, b) => a + b, 0);
  return {
    n: s.length,
    p50: percentile(s, 50),
    p95: percentile(s, 95),
    p99: percentile(s, 99),
    max: s.length ? s[s.length - 1] : NaN,
    mean: s.length ? sum / s.length : NaN,
  };
}

/** The middle value; the mean of the two middle ones for an even count (two runs: their mean). */
export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  if (s.length === 0) return NaN;
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Runs fn(0..n-1) with at most `concurrency` in flight. */
export async function inParallel(n: number, concurrency: number, fn: (i: number) => Promise<void>): Promise<void> {
  let next = 0;
  const lane = async () => {
    while (next < n) await fn(next++);
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, n) }, lane));
}

/** Polls until `probe` returns a value accepted by `ok`, or the time is up; returns the last value and when it was seen. */
export async function waitFor<T>(probe: () => Promise<T>, ok: (v: T) => boolean, timeoutMs: number, intervalMs = 100): Promise<{ value: T; met: boolean; at: number }> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    const at = performance.now();
    if (ok(value)) return { value, met: true, at };
    if (Date.now() > deadline) return { value, met: false, at };
    await sleep(intervalMs);
  }
}

export const round = (x: number, digits = 1) => (Number.isFinite(x) ? Number(x.toFixed(digits)) : x);
