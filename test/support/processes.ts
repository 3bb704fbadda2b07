import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));

/** A child process running one of our entry points (`worker/main.ts`, `api/main.ts`) with its stdout kept line by line. */
export interface Spawned {
  child: ChildProcess;
  lines: string[];
  /** Everything it printed to stdout and stderr, for failure messages. */
  output(): string;
  stop(): Promise<void>;
}

export function spawnEntryPoint(entry: string, env: Record<string, string>): Spawned {
  const child = spawn(process.execPath, ['--import', 'tsx', entry], { cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  const lines: string[] = [];
  let partial = '';
  let all = '';
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
    all += chunk;
    const parts = (partial + chunk).split('\n');
    partial = parts.pop()!;
    lines.push(...parts.filter((l) => l.length > 0));
  });
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => {
    all += chunk;
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    child,
    lines,
    output: () => all,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(timer);
    },
  };
}
