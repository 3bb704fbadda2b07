/**
 * `npm run bench [-- --engine=dev|postgres|HOST:PORT] [--n=1000,10000] [--full] [--only=fanout,commands,lag,readmodel,memory,pilot,directory-import,mixed] [--m=1000,6000] [--profile] [--quick]`
 *
 * --engine: the Temporal dev server (default), the PostgreSQL-backed server of
 * `npm run temporal:server` started for the run, or an existing server.
 * --m: the deadline-wave sizes of the lag and mixed phases (without it: 1000,6000 and 6000).
 * --quick: small sizes everywhere (a smoke test of the benchmarks themselves, not figures).
 *
 * Runs each benchmark against its own Temporal dev server and a fresh
 * PostgreSQL database, our path and the raw baseline alternately, then prints
 * the table and writes bench/results/<timestamp>.json. --profile writes V8 CPU
 * profiles of the worker and API processes into bench/results/profiles.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseEngine, setUpEnvironment, untilQuiet, type BenchEnv } from './environment.js';
import { benchEscalationLag } from './escalation-lag.js';
import { benchFanOut } from './fan-out.js';
import { benchMemory } from './memory.js';
import { benchReadModelLag } from './read-model-lag.js';
import { describeMachine, formatTable, writeReport, type BenchReport } from './report.js';
import { RESULTS_DIR } from './processes.js';
import { benchTaskCompletion } from './task-completion.js';
import { benchPilot } from './pilot.js';
import { benchDirectoryImport } from './directory-import.js';
import { benchMixedLoad } from './mixed-load.js';
import os from 'node:os';

const BENCHES = ['fanout', 'commands', 'lag', 'readmodel', 'memory', 'pilot', 'directory-import', 'mixed'] as const;
type Bench = (typeof BENCHES)[number];

function parseArgs(argv: string[]) {
  const flag = (name: string) => argv.find((a) => a === `--${name}` || a.startsWith(`--${name}=`));
  const value = (name: string) => flag(name)?.split('=').slice(1).join('=');
  const full = Boolean(flag('full'));
  const list = (v: string | undefined) => v?.split(',').map((s) => s.trim()).filter(Boolean);
  const sizes = list(value('n'))?.map(Number) ?? [1000, 10000];
  if (sizes.some((n) => !Number.isInteger(n) || n < 1)) throw new Error(`--n: positive integers, got ${value('n')}`);
  if (full && !sizes.includes(60000)) sizes.push(60000);
  const only = (list(value('only')) ?? [...BENCHES]) as Bench[];
  for (const b of only) if (!BENCHES.includes(b)) throw new Error(`--only: one of ${BENCHES.join(', ')}, got ${b}`);
  const waves = list(value('m'))?.map(Number);
  if (waves?.some((m) => !Number.isInteger(m) || m < 1)) throw new Error(`--m: positive integers, got ${value('m')}`);
  // A survey wave of the pilot reaches every МО of 30 regions, ~6,000: the mixed phase measures that one size unless told otherwise.
  const lagSizes = waves ?? [1000, 6000];
  const mixedSizes = waves ?? [6000];
  return { sizes, full, only, profile: Boolean(flag('profile')), quick: Boolean(flag('quick')), lagSizes, mixedSizes, engine: parseEngine(value('engine')) };
}

const log = (m: string) => process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${m}\n`);

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const started = Date.now();
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  log(`benchmarks: ${args.only.join(', ')}; fan-out sizes ${args.sizes.join(', ')}; engine ${args.engine}${args.profile ? '; CPU profiles on' : ''}`);
  const env: BenchEnv = await setUpEnvironment({ stamp, cpuProfile: args.profile, engine: args.engine });
  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    log(`${signal}: cleaning up`);
    await env.close();
    process.exit(130);
  };
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));

  const report: BenchReport = {
    command: `npm run bench${process.argv.length > 2 ? ' -- ' + process.argv.slice(2).join(' ') : ''}`,
    engine: env.engine,
    machine: await describeMachine(env.sql, env.temporal),
    failures: [],
  };
  const attempt = async (bench: Bench, fn: () => Promise<void>) => {
    if (!args.only.includes(bench)) return;
    const t = Date.now();
    try {
      // Each phase measures its own work: it starts once the previous phase's workflow tasks are done.
      await untilQuiet(env, 20 * 60_000, log);
      await env.relogin();
      await fn();
      log(`${bench} done in ${Math.round((Date.now() - t) / 1000)} s`);
    } catch (err) {
      log(`${bench} FAILED: ${(err as Error).stack}`);
      report.failures.push({ bench, error: (err as Error).message });
    }
  };
  try {
    await attempt('fanout', async () => {
      report.fanOut = await benchFanOut(env, args.sizes, log);
    });
    await attempt('commands', async () => {
      report.commands = await benchTaskCompletion(env, args.quick ? { perRound: 200, rounds: 2, maxMsPerRound: 20_000, warm: 64 } : { perRound: 750, rounds: 4, maxMsPerRound: 45_000 }, log);
    });
    await attempt('lag', async () => {
      // ms per execution until its first workflow task ran (the timer is armed there): the slowest fan-out run;
      // without a fan-out in this run, 60 ms (what it measured on the shared 2-core machine).
      const last = report.fanOut?.at(-1);
      const settled = last?.runs.filter((r) => r.path === 'ours').map((r) => r.settledMs ?? r.ms * 3);
      const rate = last && settled?.length ? Math.max(...settled) / last.n : 60;
      report.escalationLag = await benchEscalationLag(env, args.quick ? [200] : args.lagSizes, rate, log);
    });
    await attempt('readmodel', async () => {
      report.readModelLag = await benchReadModelLag(env, args.quick ? { load: 400, probes: 30, maxMs: 20_000 } : { load: 3000, probes: 200, maxMs: 40_000 }, log);
    });
    await attempt('memory', async () => {
      report.memory = await benchMemory(env, args.quick ? [1000] : args.full ? [10000, 60000] : [10000], log);
    });
    await attempt('pilot', async () => {
      report.pilot = await benchPilot(env, args.quick ? { weeks: 2, repeats: 6 } : { weeks: 8, repeats: 31 }, log);
    });
    await attempt('directory-import', async () => {
      report.directoryImport = await benchDirectoryImport(env, log);
    });
    await attempt('mixed', async () => {
      report.mixed = await benchMixedLoad(
        env,
        { sizes: args.quick ? [200] : args.mixedSizes, officials: 50, thinkMs: [1000, 3000], afterDeadlineMs: args.quick ? 120_000 : 300_000 },
        log,
      );
    });
  } finally {
    report.machine.loadAverageAtEnd = os.loadavg().map((x) => Math.round(x * 100) / 100);
    report.durationS = Math.round((Date.now() - started) / 1000);
    const file = writeReport(report, stamp);
    const table = formatTable(report);
    writeFileSync(path.join(RESULTS_DIR, `${stamp}.md`), table + '\n');
    process.stdout.write(`\n${table}\n\nJSON: ${path.relative(process.cwd(), file)} (${report.durationS} s)\n`);
    await env.close();
  }
  if (report.failures.length) process.exitCode = 1;
}

main().catch((err) => {
  log((err as Error).stack ?? String(err));
  process.exit(1);
});
