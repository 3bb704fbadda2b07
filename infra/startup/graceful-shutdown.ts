/**
 * SIGINT/SIGTERM for our processes (`npm run worker`, `npm run api`, the
 * worker+API child of `npm start`): the first signal runs the stop steps in
 * order (drain the worker, finish in-flight HTTP requests, close Temporal and
 * PostgreSQL) and exits 0; a second signal is only logged; steps that hang are
 * cut off by a deadline so the process is gone within 10 s (what systemd's
 * and Kubernetes' stop timeouts expect) — then with exit code 1.
 */
import type { Server } from 'node:http';
import type { Http2SecureServer, Http2Server } from 'node:http2';

export type StopStep = { name: string; run: () => Promise<unknown> };

export interface ShutdownOptions {
  log: (m: string) => void;
  /** Exit with 1 if the steps have not finished by then (default 9 s). */
  deadlineMs?: number;
  /** Also stop when the parent process goes away (IPC channel closed): the `npm start` child. */
  withParent?: boolean;
}

export function stopOnSignals(steps: () => StopStep[], opts: ShutdownOptions): { stop(reason: string, code?: number): Promise<void> } {
  let stopping: Promise<void> | undefined;
  const stop = (reason: string, code = 0) =>
    (stopping ??= (async () => {
      opts.log(`${reason}: stopping…`);
      const deadline = setTimeout(() => {
        opts.log(`still stopping after ${(opts.deadlineMs ?? 9_000) / 1000} s: exiting anyway`);
        process.exit(1);
      }, opts.deadlineMs ?? 9_000);
      deadline.unref();
      let failed = false;
      for (const step of steps()) {
        try {
          await step.run();
        } catch (err) {
          failed = true;
          opts.log(`stopping ${step.name} failed: ${(err as Error).stack ?? String(err)}`);
        }
      }
      opts.log('stopped');
      process.exit(failed ? 1 : code);
    })());
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      if (stopping) opts.log(`${signal} again: already stopping`);
      void stop(signal);
    });
  }
  if (opts.withParent && process.channel) process.on('disconnect', () => void stop('parent process gone'));
  return { stop };
}

/**
 * Stops accepting connections and resolves once every in-flight request is
 * answered; idle keep-alive connections are closed at once, busy ones after
 * their response (or after `graceMs`, default 5 s).
 */
export function closeHttpServer(server: Server | Http2Server | Http2SecureServer, graceMs = 5_000): Promise<void> {
  const http1 = server as Server;
  return new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => http1.closeAllConnections?.(), graceMs);
    timer.unref();
    server.close((err) => {
      clearTimeout(timer);
      // Not running (already closed) is what we want anyway.
      if (err && (err as NodeJS.ErrnoException).code !== 'ERR_SERVER_NOT_RUNNING') reject(err);
      else resolve();
    });
    http1.closeIdleConnections?.();
  });
}
