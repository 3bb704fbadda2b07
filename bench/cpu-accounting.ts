/**
 * CPU time by process over a stretch of a benchmark, from /proc/<pid>/stat
 * (user + system, children not included): on a 2-core machine every process
 * of both paths competes for the same cores, so "CPU ms per command, by
 * process" says where a command's cost goes without the distortion of a
 * profiler (--profile slows our processes, not the baseline's).
 */
import { readFileSync } from 'node:fs';
import { pidsWhere } from './processes.js';

const TICKS_PER_SECOND = 100; // USER_HZ: 100 on every Linux the project targets

export type ProcessGroups = Record<string, () => number[]>;

function ticksOf(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may contain spaces): state is field 3, utime 14, stime 15.
    const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(rest[11]) + Number(rest[12]);
  } catch {
    return 0; // gone: its time is lost, which a short stretch can afford
  }
}

/** Every process whose command name is `comm` (all PostgreSQL back ends: `postgres`). */
export const pidsNamed = (comm: string): number[] => pidsWhere((c) => c === comm);

export interface CpuStretch {
  /** CPU milliseconds each group used during the stretch. */
  stop(): Record<string, number>;
}

/**
 * Starts counting. Back ends that start during the stretch count from zero;
 * those that end during it are lost (the pools here keep theirs open).
 */
export function startCpuStretch(groups: ProcessGroups): CpuStretch {
  const before = new Map<string, Map<number, number>>();
  for (const [name, pids] of Object.entries(groups)) before.set(name, new Map(pids().map((p) => [p, ticksOf(p)])));
  return {
    stop() {
      const out: Record<string, number> = {};
      for (const [name, pids] of Object.entries(groups)) {
        const start = before.get(name)!;
        let ticks = 0;
        for (const p of pids()) ticks += ticksOf(p) - (start.get(p) ?? 0);
        out[name] = (ticks * 1000) / TICKS_PER_SECOND;
      }
      return out;
    },
  };
}

/** Each group's CPU milliseconds divided by `by`, rounded to `digits`, with their sum as `total`. */
function shares(cpuMs: Record<string, number>, by: number, digits: number): Record<string, number> {
  const round = (x: number) => (by ? Math.round((x / by) * 10 ** digits) / 10 ** digits : 0);
  const out: Record<string, number> = {};
  let total = 0;
  for (const [k, v] of Object.entries(cpuMs)) {
    out[k] = round(v);
    total += v;
  }
  out.total = round(total);
  return out;
}

/** CPU milliseconds per unit of work (a command), rounded to 0.1. */
export const perUnit = (cpuMs: Record<string, number>, units: number) => shares(cpuMs, units, 1);

/** The cores each group kept busy on average over `wallMs`, rounded to 0.01. */
export const coresOver = (cpuMs: Record<string, number>, wallMs: number) => shares(cpuMs, wallMs, 2);
