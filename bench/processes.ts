/**
 * The worker and the API as separate processes (`node --import tsx …`), as in
 * production, so that each one's memory is its own: peak RSS is the kernel's
 * VmHWM from /proc/<pid>/status.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, openSync, closeSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sleep } from './stats.js';

export const REPO_ROOT = fileURLToPath(new URL('..', import.meta.url));
export const RESULTS_DIR = path.join(REPO_ROOT, 'bench', 'results');

export interface Memory {
  /** Peak resident set (VmHWM), MiB. */
  peakRssMiB: number;
  /** Resident set now (VmRSS), MiB. */
  rssMiB: number;
}

export function memoryOf(pid: number): Memory | null {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
    return { peakRssMiB: kb('VmHWM') / 1024, rssMiB: kb('VmRSS') / 1024 };
  } catch {
    return null;
  }
}

/**
 * Resets the kernel's peak-RSS counter (VmHWM) of a process we started
 * (`echo 5 > /proc/<pid>/clear_refs`, Linux ≥ 4.0): the peak that follows is
 * the phase's own, not the start-up's (bundling the workflow code with webpack).
 */
export function resetPeak(pid: number): boolean {
  try {
    writeFileSync(`/proc/${pid}/clear_refs`, '5');
    return true;
  } catch {
    return false;
  }
}

/** Processes whose command name and parent pid pass `match` (command names may hold spaces and parentheses). */
export function pidsWhere(match: (comm: string, parentPid: number) => boolean): number[] {
  const out: number[] = [];
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = readFileSync(`/proc/${d}/stat`, 'utf8');
      const close = stat.lastIndexOf(')');
      if (match(stat.slice(stat.indexOf('(') + 1, close), Number(stat.slice(close + 2).split(' ')[1]))) out.push(Number(d));
    } catch {
      /* gone */
    }
  }
  return out;
}

/** Children of this process whose command is `comm` (the Temporal dev server we started). */
export function childPids(comm: string): number[] {
  return pidsWhere((c, parent) => c === comm && parent === process.pid);
}

export interface NodeProcess {
  name: string;
  pid: number;
  child: ChildProcess;
  logFile: string;
  memory(): Memory | null;
  /** SIGTERM, then SIGKILL after `graceMs`; returns the last memory reading taken before it ended. */
  stop(graceMs?: number): Promise<Memory | null>;
}

export interface SpawnOptions {
  name: string;
  /** Script relative to the repository root, e.g. "worker/main.ts". */
  entry: string;
  env: Record<string, string>;
  /** Write a V8 CPU profile (.cpuprofile) into bench/results/profiles on exit. */
  cpuProfile?: boolean;
  /** Modules to --import before the entry (after tsx). */
  preload?: string[];
  logDir: string;
}

/** Children still running: killed when the bench exits (one listener for all of them). */
const running = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

export function spawnNode(opts: SpawnOptions): NodeProcess {
  mkdirSync(opts.logDir, { recursive: true });
  const logFile = path.join(opts.logDir, `${opts.name}.log`);
  const fd = openSync(logFile, 'a');
  const args: string[] = [];
  if (opts.cpuProfile) {
    // One file per thread (the workflows run in a worker thread): CPU.<date>.<time>.<pid>.<thread>.<seq>.cpuprofile
    const dir = path.join(RESULTS_DIR, 'profiles', opts.name);
    mkdirSync(dir, { recursive: true });
    args.push('--cpu-prof', `--cpu-prof-dir=${dir}`);
  }
  args.push('--import', 'tsx');
  for (const p of opts.preload ?? []) args.push('--import', p);
  args.push(opts.entry);
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined) env[k] = v;
  delete env.SMTP_URL; // notifications are logged, never mailed, in a benchmark
  Object.assign(env, opts.env);
  const child = spawn(process.execPath, args, { cwd: REPO_ROOT, env, stdio: ['ignore', fd, fd] });
  closeSync(fd);
  const pid = child.pid!;
  let last: Memory | null = null;
  running.add(child);
  const exited = new Promise<void>((resolve) =>
    child.once('exit', () => {
      running.delete(child);
      resolve();
    }),
  );
  return {
    name: opts.name,
    pid,
    child,
    logFile,
    memory() {
      const m = memoryOf(pid);
      if (m) last = m;
      return m ?? last;
    },
    async stop(graceMs = 20_000) {
      this.memory();
      if (child.exitCode !== null || child.signalCode !== null) return last;
      child.kill('SIGTERM');
      const done = await Promise.race([exited.then(() => true), sleep(graceMs).then(() => false)]);
      if (!done) {
        child.kill('SIGKILL');
        await exited;
      }
      return last;
    },
  };
}

/** Waits for `ready()` while the process is alive; throws with the log's tail if it dies first. */
export async function waitReady(p: NodeProcess, ready: () => Promise<boolean>, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (p.child.exitCode !== null) break;
    if (await ready().catch(() => false)) return;
    await sleep(250);
  }
  const tail = readFileSync(p.logFile, 'utf8').split('\n').slice(-30).join('\n');
  throw new Error(`${p.name} (pid ${p.pid}) did not become ready:\n${tail}`);
}
