/** The machine, the versions, the table printed at the end, and the JSON written to bench/results/<timestamp>.json. */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type postgres from 'postgres';
import type { Client } from '@temporalio/client';
import type { FanOutResult } from './fan-out.js';
import type { CommandsResult } from './task-completion.js';
import type { LagResult } from './escalation-lag.js';
import type { ReadModelLagResult } from './read-model-lag.js';
import type { MemoryResult } from './memory.js';
import type { PilotBenchResult } from './pilot.js';
import type { DirectoryImportBenchResult } from './directory-import.js';
import type { MixedResult } from './mixed-load.js';
import { PAGE_KINDS } from './page-browsing.js';
import { REPO_ROOT, RESULTS_DIR } from './processes.js';

export interface Machine {
  date: string;
  host: string;
  cores: number;
  cpu: string;
  memoryGiB: number;
  loadAverageAtStart: number[];
  loadAverageAtEnd?: number[];
  node: string;
  temporalServer: string;
  temporalCli: string;
  temporalSdk: string;
  postgres: string;
  note: string;
}

export interface BenchReport {
  command: string;
  /** The Temporal server measured: dev, postgres or HOST:PORT, and what that was. */
  engine: { name: string; description: string; address: string };
  machine: Machine;
  fanOut?: FanOutResult[];
  commands?: CommandsResult;
  escalationLag?: LagResult[];
  readModelLag?: ReadModelLagResult;
  memory?: MemoryResult[];
  pilot?: PilotBenchResult;
  directoryImport?: DirectoryImportBenchResult;
  mixed?: MixedResult[];
  failures: { bench: string; error: string }[];
  durationS?: number;
}

const pkgVersion = (name: string) => JSON.parse(readFileSync(path.join(REPO_ROOT, 'node_modules', name, 'package.json'), 'utf8')).version as string;

export async function describeMachine(sql: postgres.Sql, temporal: Client): Promise<Machine> {
  const info = await temporal.workflowService.getSystemInfo({}).catch(() => null);
  let cli = '?';
  try {
    const bin = path.join(REPO_ROOT, '.tools', 'bin', 'temporal');
    cli = execFileSync(process.env.TEMPORAL_CLI ?? bin, ['--version'], { encoding: 'utf8' }).trim();
  } catch {
    /* on PATH elsewhere */
  }
  const [{ version }] = await sql<{ version: string }[]>`select version()`;
  return {
    date: new Date().toISOString(),
    host: os.hostname(),
    cores: os.cpus().length,
    cpu: os.cpus()[0]?.model ?? '?',
    memoryGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    loadAverageAtStart: os.loadavg().map((x) => Math.round(x * 100) / 100),
    node: process.version,
    temporalServer: info?.serverVersion ?? '?',
    temporalCli: cli,
    temporalSdk: pkgVersion('@temporalio/worker'),
    postgres: version.split(' on ')[0],
    note: 'Shared 2-core machine (other engineers run tests on it): absolute figures are noisy; the ratios, measured alternately in the same run, are what to compare.',
  };
}

export function writeReport(report: BenchReport, stamp: string): string {
  mkdirSync(RESULTS_DIR, { recursive: true });
  const file = path.join(RESULTS_DIR, `${stamp}.json`);
  writeFileSync(file, JSON.stringify(report, null, 2) + '\n');
  return file;
}

const f = (x: number | null | undefined, d = 0) => (x === null || x === undefined || !Number.isFinite(x) ? '—' : x.toFixed(d));
const mib = (m: { peakRssMiB: number } | null) => (m ? `${f(m.peakRssMiB)} MiB` : '—');

/** The table, as Markdown (it goes into the README as is). */
export function formatTable(r: BenchReport): string {
  const rows: string[][] = [];
  const add = (bench: string, measure: string, ours: string, baseline: string, ratio: string, target = '') => rows.push([bench, measure, ours, baseline, ratio, target]);
  for (const x of r.fanOut ?? []) {
    add(`fan-out N=${x.n}`, 'time to all running + in read model', `${f(x.ours.ms / 1000, 1)} s`, `${f(x.baseline.ms / 1000, 1)} s`, `${f(x.ratio, 2)}×`, '≤ 1.3×');
    add('', 'executions/s', f(x.ours.perSecond), f(x.baseline.perSecond), '');
    add('', 'ms per execution', f(x.ours.msPerExecution, 2), f(x.baseline.msPerExecution, 2), '', 'flat in N');
    add('', 'until first workflow tasks done (backlog 0, approx.)', x.ours.settledMs === null ? '> 180 s' : `${f(x.ours.settledMs / 1000, 1)} s`, x.baseline.settledMs === null ? '> 180 s' : `${f(x.baseline.settledMs / 1000, 1)} s`, x.ours.settledMs && x.baseline.settledMs ? `${f(x.ours.settledMs / x.baseline.settledMs, 2)}×` : '');
  }
  if (r.commands) {
    const c = r.commands;
    add(`task completion (${c.connections} conn.)`, 'completions/s', f(c.ours.perSecond), f(c.baseline.perSecond), `${f(c.ratio, 2)}× fewer`, '≥ 200/s');
    add('', 'latency p50 / p95 / p99 ms', `${f(c.ours.p50)} / ${f(c.ours.p95)} / ${f(c.ours.p99)}`, `${f(c.baseline.p50)} / ${f(c.baseline.p95)} / ${f(c.baseline.p99)}`, `p99 ${f(c.ours.p99 / c.baseline.p99, 1)}×`, 'p99 < 250 ms');
    add('', 'errors / sent', `${c.ours.errors} / ${c.ours.sent}`, `${c.baseline.errors} / ${c.baseline.sent}`, '');
  }
  for (const x of r.escalationLag ?? []) {
    add(`escalation lag M=${x.m}`, 'lag p50 / p99 / max ms', `${f(x.ours.lagMs.p50)} / ${f(x.ours.lagMs.p99)} / ${f(x.ours.lagMs.max)}`, `${f(x.baseline.lagMs.p50)} / ${f(x.baseline.lagMs.p99)} / ${f(x.baseline.lagMs.max)}`, `p99 ${f(x.ratioP99, 1)}×`, x.m >= 6000 ? 'p99 < 2000 ms' : '');
    add('', 'deadline → read model p50 / p99 ms', `${f(x.ours.recordedLagMs.p50)} / ${f(x.ours.recordedLagMs.p99)}`, '', '');
    add('', 'fired / duplicates / missing', `${x.ours.fired} / ${x.ours.duplicates} / ${x.ours.missing}${x.ours.launchedBeforeDeadline ? '' : ' (launch late!)'}${x.ours.armedBeforeDeadline === false ? ' (timers armed late)' : ''}`, `${x.baseline.fired}`, '', 'exactly once');
  }
  if (r.readModelLag) {
    const m = r.readModelLag;
    add('read-model lag (under load 2)', '200 → visible p50 / p99 ms', `${f(m.lagMs.p50, 1)} / ${f(m.lagMs.p99, 1)}`, 'n/a', '');
    add('', 'visible on first read', `${m.visibleOnFirstRead} / ${m.probes}`, '', '');
    add('', 'load meanwhile', `${f(m.load.perSecond)}/s, p99 ${f(m.load.latencyMs.p99)} ms`, '', '');
  }
  for (const x of r.memory ?? []) {
    add(`memory, ${x.n} open executions`, 'worker peak RSS', mib(x.ours.worker), mib(x.baseline.worker), `${f(x.ratio, 2)}×`, x.n >= 60000 ? '< 1 GiB' : '');
    add('', 'worker peak RSS while starting (bundling)', `${f(x.ours.startUpPeakMiB.worker)} MiB`, `${f(x.baseline.startUpPeakMiB)} MiB`, '');
    add('', 'API peak RSS (start-up)', `${mib(x.ours.api)} (${f(x.ours.startUpPeakMiB.api)} MiB)`, '', '');
    add('', 'Temporal dev server RSS now / peak', x.temporalServer ? `${f(x.temporalServer.rssMiB)} / ${f(x.temporalServer.peakRssMiB)} MiB` : '—', '', '');
  }
  if (r.pilot) {
    const p = r.pilot;
    add(`pilot week view (${p.regions} regions, ${p.executions} executions, ${p.reportsPerWeek} reports/week × ${p.weeks} weeks)`, 'ФОМС, all regions: p50 / p95 / max ms', `${f(p.fomsMs.p50, 1)} / ${f(p.fomsMs.p95, 1)} / ${f(p.fomsMs.max, 1)}`, 'n/a', '', 'p95 < 300 ms');
    add('', 'curator, 13 regions: p50 / p95 / max ms', `${f(p.curatorMs.p50, 1)} / ${f(p.curatorMs.p95, 1)} / ${f(p.curatorMs.max, 1)}`, '', '');
  }
  if (r.directoryImport) {
    const d = r.directoryImport;
    add(`directory import (${d.mo} МО + ${d.people} people, ${d.fileKiB} KiB xlsx)`, 'all new: check / apply ms', `${d.firstCheckMs} / ${d.firstApplyMs} (${d.created} created)`, 'n/a', '', 'seconds');
    add('', 'a tenth changed: check / apply ms', `${d.changeCheckMs} / ${d.changeApplyMs} (${d.changed} changed, ${d.deactivated} left)`, '', '');
    add('', 'same file again: check / apply ms', `${d.repeatCheckMs} / ${d.repeatApplyMs} (nothing written)`, '', '');
  }
  for (const x of r.mixed ?? []) {
    // No raw baseline here: the third column holds the same wave with nobody working.
    const wave = (w: MixedResult['quiet']) => `${w.fired} / ${w.duplicates} / ${w.missing}${w.launchedBeforeDeadline ? '' : ' (launch late!)'}${w.armedBeforeDeadline === false ? ' (timers armed late)' : ''}`;
    const p = x.pages;
    const c = x.commands;
    add(`mixed M=${x.m} (${p.officials} officials, ${c.connections} command clients)`, 'wave lag p50 / p99 / max ms (under load; baseline column: the same wave quiet)', `${f(x.mixed.lagMs.p50)} / ${f(x.mixed.lagMs.p99)} / ${f(x.mixed.lagMs.max)}`, `${f(x.quiet.lagMs.p50)} / ${f(x.quiet.lagMs.p99)} / ${f(x.quiet.lagMs.max)}`, `p99 ${f(x.ratioP99, 2)}×`, '≤ 1.5× quiet');
    add('', 'wave deadline → read model p50 / p99 ms', `${f(x.mixed.recordedLagMs.p50)} / ${f(x.mixed.recordedLagMs.p99)}`, `${f(x.quiet.recordedLagMs.p50)} / ${f(x.quiet.recordedLagMs.p99)}`, '');
    add('', 'wave fired / duplicates / missing', `${wave(x.mixed)}${x.mixed.allFired ? '' : ' (time cap)'}`, wave(x.quiet), '', 'exactly once');
    add('', `pages during the wave (${f(x.mixed.loadMs / 1000)} s): p50 / p95 / p99 ms`, `${f(p.latencyMs.p50)} / ${f(p.latencyMs.p95)} / ${f(p.latencyMs.p99)} (${f(p.perSecond, 1)}/s)`, 'n/a', '', 'p95 < 500 ms');
    const kinds = PAGE_KINDS.filter((k) => p.byKind[k]);
    add('', `pages p50 / p95 ms: ${kinds.join(' · ')}`, kinds.map((k) => `${f(p.byKind[k]!.latencyMs.p50)} / ${f(p.byKind[k]!.latencyMs.p95)}`).join(' · '), '', '');
    add('', 'page errors / sent', `${p.sent - p.ok} / ${p.sent}`, '', '', '0');
    add('', 'commands during the wave: per s; p50 / p99 ms', `${f(c.perSecond)}/s; ${f(c.latencyMs.p50)} / ${f(c.latencyMs.p99)}${c.ranOut ? ` (ran out of its ${c.available} open executions)` : ''}`, 'n/a', '', 'p99 < 2000 ms');
    add('', 'command errors / sent', `${c.sent - c.ok} / ${c.sent}`, '', '', '0');
    const cores = (u: Record<string, number>) => Object.entries(u).filter(([, v]) => v >= 0.01).map(([k, v]) => `${k} ${f(v, 2)}`).join(' · ');
    add('', 'cores used, deadline → last rung (under load; baseline column: quiet)', cores(x.coresUsed.mixed), cores(x.coresUsed.quiet), '', '');
  }
  const head = ['benchmark', 'measure', 'ours', 'raw baseline', 'ratio', 'target'];
  const lines = [head, head.map(() => '---'), ...rows].map((cols) => `| ${cols.join(' | ')} |`);
  const m = r.machine;
  return [
    `${m.date.slice(0, 16).replace('T', ' ')} UTC · ${m.cores} cores (${m.cpu}), ${m.memoryGiB} GiB · Node ${m.node} · Temporal ${m.temporalServer} (CLI ${m.temporalCli}), SDK ${m.temporalSdk} · ${m.postgres}`,
    `load average at start ${m.loadAverageAtStart.join(' ')}${m.loadAverageAtEnd ? `, at end ${m.loadAverageAtEnd.join(' ')}` : ''} · ${m.note}`,
    `engine: ${r.engine.name} — ${r.engine.description}`,
    `command: ${r.command}`,
    '',
    ...lines,
    ...(r.failures.length ? ['', ...r.failures.map((x) => `FAILED ${x.bench}: ${x.error}`)] : []),
  ].join('\n');
}
