/**
 * The servers we run as child processes (the Temporal dev server, the
 * PostgreSQL-backed Temporal server, its Web UI, the worker+API child of
 * `npm start`): spawned with the tail of their output kept for error messages,
 * stopped with SIGTERM then SIGKILL, and killed when this process goes away.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream } from 'node:fs';

export interface ExitInfo {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface ManagedChild {
  child: ChildProcess;
  /** The last lines of stdout+stderr (when not inherited). */
  tail(): string;
  /** null while running. */
  exited(): ExitInfo | null;
  /** Resolves when the process has exited. */
  exit: Promise<ExitInfo>;
  /** Rejects when the process could not be spawned. */
  spawnError: Promise<never>;
  /** SIGTERM, then SIGKILL after `graceMs` (default 10 s); idempotent. */
  stop(graceMs?: number): Promise<ExitInfo>;
}

export interface SpawnOptions {
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  /** Also append the output to this file. */
  logFile?: string;
  /** Pass the output through to ours instead of collecting it. */
  inherit?: boolean;
  /** Lines kept for tail() (default 40). */
  tailLines?: number;
  /** Pass the output through to ours as well as collecting it. */
  echo?: boolean;
  /** An IPC channel (process.send in a Node child). */
  ipc?: boolean;
  /** Own process group: Ctrl-C in the terminal does not reach it; we stop it (see killOnProcessExit). */
  detached?: boolean;
}

export function spawnManaged(command: string, args: string[], opts: SpawnOptions = {}): ManagedChild {
  const out = opts.inherit ? 'inherit' : 'pipe';
  const stdio = opts.ipc ? (['ignore', out, out, 'ipc'] as const) : (['ignore', out, out] as const);
  const child = spawn(command, args, { stdio: [...stdio], env: opts.env ?? process.env, cwd: opts.cwd, detached: opts.detached });
  const lines: string[] = [];
  const keep = opts.tailLines ?? 40;
  const file = opts.logFile ? createWriteStream(opts.logFile, { flags: 'a' }) : null;
  const collect = (chunk: Buffer) => {
    file?.write(chunk);
    for (const line of chunk.toString('utf8').split('\n')) {
      if (line.trim() === '') continue;
      lines.push(line);
      if (lines.length > keep) lines.shift();
    }
  };
  child.stdout?.on('data', (chunk: Buffer) => {
    if (opts.echo) process.stdout.write(chunk);
    collect(chunk);
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    if (opts.echo) process.stderr.write(chunk);
    collect(chunk);
  });

  let exitInfo: ExitInfo | null = null;
  const exit = new Promise<ExitInfo>((resolve) => {
    child.once('exit', (code, signal) => {
      exitInfo = { code, signal };
      file?.end();
      resolve(exitInfo);
    });
  });
  const spawnError = new Promise<never>((_, reject) => child.once('error', reject));
  spawnError.catch(() => {});
  killOnProcessExit(child);

  let stopping: Promise<ExitInfo> | undefined;
  const stop = (graceMs = 10_000) =>
    (stopping ??= (async () => {
      if (exitInfo || child.exitCode !== null || child.signalCode !== null || child.pid === undefined) {
        return exitInfo ?? { code: child.exitCode, signal: child.signalCode };
      }
      child.kill('SIGTERM');
      let timer: NodeJS.Timeout | undefined;
      const killed = await Promise.race([
        exit.then(() => true),
        new Promise<boolean>((r) => {
          timer = setTimeout(() => r(false), graceMs);
        }),
      ]);
      clearTimeout(timer);
      if (!killed) child.kill('SIGKILL');
      return exit;
    })());
  return { child, tail: () => lines.join('\n'), exited: () => exitInfo, exit, spawnError, stop };
}

// ---- kill the children when this process goes away ------------------------

const liveChildren = new Set<ChildProcess>();
let hooksInstalled = false;

function killAllSync(): void {
  for (const child of liveChildren) {
    try {
      child.kill('SIGKILL');
    } catch {
      /* already gone */
    }
  }
  liveChildren.clear();
}

function installHooks(): void {
  if (hooksInstalled) return;
  hooksInstalled = true;
  process.on('exit', killAllSync);
  // A fatal signal skips 'exit'. Only take over a signal nobody else handles,
  // and then die of it as before (re-raise after removing our handler).
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    if (process.listenerCount(signal) > 0) continue;
    const handler = () => {
      killAllSync();
      process.removeListener(signal, handler);
      if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
    };
    process.on(signal, handler);
  }
}

export function killOnProcessExit(child: ChildProcess): void {
  installHooks();
  liveChildren.add(child);
  child.once('exit', () => liveChildren.delete(child));
}
