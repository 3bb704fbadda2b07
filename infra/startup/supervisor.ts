/**
 * Restarts a child process when it dies, with backoff, and says why: what
 * `npm start` does for its worker+API child (a crash is not an outage; the
 * Temporal server and the embedded database stay up in the parent). In
 * production the same job belongs to systemd or the container runtime (README).
 */
import type { ManagedChild } from './child-process.js';

export interface SupervisorOptions {
  name: string;
  start: () => ManagedChild;
  log: (m: string) => void;
  /** First delay before a restart (default 1 s), doubled per crash up to maxDelayMs (default 30 s). */
  initialDelayMs?: number;
  maxDelayMs?: number;
  /** A child that ran this long before dying starts the backoff afresh (default 60 s). */
  resetAfterMs?: number;
  /** Called with each new child (e.g. to listen for its ready message). */
  onStart?: (child: ManagedChild, restarts: number) => void;
}

export interface Supervisor {
  current(): ManagedChild | null;
  restarts(): number;
  /** Stops supervising and stops the child (SIGTERM, then SIGKILL after graceMs). */
  stop(graceMs?: number): Promise<void>;
}

export function supervise(opts: SupervisorOptions): Supervisor {
  const initial = opts.initialDelayMs ?? 1_000;
  const max = opts.maxDelayMs ?? 30_000;
  const resetAfter = opts.resetAfterMs ?? 60_000;
  let current: ManagedChild | null = null;
  let restarts = 0;
  let delay = initial;
  let stopping = false;
  let wake: (() => void) | null = null;

  const loop = async () => {
    while (!stopping) {
      const started = Date.now();
      const child = opts.start();
      current = child;
      opts.onStart?.(child, restarts);
      const exit = await Promise.race([child.exit, child.spawnError.catch((err: Error) => ({ code: null, signal: null, error: err }))]);
      if (stopping) return;
      const ranMs = Date.now() - started;
      if (ranMs > resetAfter) delay = initial;
      const how = 'error' in exit ? `could not start (${exit.error.message})` : exit.signal ? `was killed by ${exit.signal}` : `exited with code ${exit.code}`;
      const lastLines = child.tail().split('\n').slice(-3).join(' | ');
      restarts++;
      opts.log(
        `${opts.name} ${how} after ${(ranMs / 1000).toFixed(1)} s${lastLines ? ` (last output: ${lastLines})` : ''}; ` +
          `restarting in ${(delay / 1000).toFixed(0)} s (restart ${restarts})`,
      );
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, delay);
        wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      wake = null;
      delay = Math.min(delay * 2, max);
    }
  };
  const done = loop().catch((err: Error) => opts.log(`supervisor of ${opts.name} failed: ${err.stack}`));

  return {
    current: () => current,
    restarts: () => restarts,
    async stop(graceMs = 10_000) {
      stopping = true;
      wake?.();
      await current?.stop(graceMs);
      await done;
    },
  };
}
