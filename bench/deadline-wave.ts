/**
 * A wave of deadlines: an approved road map of M executions whose deadline is
 * the same instant, with a one-rung policy at the deadline (PT0S,
 * bench/documents.ts). Launched in three steps so that a phase can do its own
 * work in between (the mixed phase starts its load before the deadline):
 * launch and wait until armed, wait until every rung fired, then read the
 * lag of each `execution.rung_fired` event (payload.lagMs, measured when the
 * rung's activity ran; and recorded_at − dueAt, when its transaction wrote the
 * read model) and check that every execution got exactly one.
 */
import { backlogDrained, type BenchEnv } from './environment.js';
import { approve, launched, submittedRoadMap, visible } from './roadmaps.js';
import { distribution, waitFor, type Distribution } from './stats.js';
import { executionTaskQueue } from '../worker/task-queue.js';

export interface WaveOutcome {
  /** payload.lagMs: deadline → the rung's activity ran. */
  lagMs: Distribution;
  /** deadline → the event's row (and read-model update) committed. */
  recordedLagMs: Distribution;
  fired: number;
  duplicates: number;
  missing: number;
  notifications: number;
  /** The launch had finished before the deadline (else lag includes late starts). */
  launchedBeforeDeadline: boolean;
  /** The workflow-task backlog was empty at the deadline: every timer was armed in time. */
  armedBeforeDeadline: boolean | null;
  leadMs: number;
}

export interface Wave {
  roadMapId: string;
  m: number;
  deadline: Date;
  leadMs: number;
  launchedBeforeDeadline: boolean;
  armedBeforeDeadline: boolean | null;
}

/**
 * Creates and approves the wave's road map, its deadline `leadMs` ahead (whole second), and waits until its
 * executions are in the read model and started and, at most until `armedByMs` before the deadline, until the
 * executions' workflow-task backlog is empty (their first workflow tasks arm the timers).
 */
export async function launchWave(env: BenchEnv, m: number, leadMs: number, opts: { title?: string; armedByMs?: number } = {}): Promise<Wave> {
  const deadline = new Date(Math.ceil((Date.now() + leadMs) / 1000) * 1000);
  const roadMapId = await submittedRoadMap(env, env.stack, m, deadline, opts.title ?? `Эскалация ${m}`);
  await approve(env, env.stack, roadMapId);
  await visible(env, roadMapId, m, leadMs + 600_000);
  // Visible is not yet started: the rows are written before the starts.
  await launched(env, roadMapId, leadMs + 600_000);
  const launchedBeforeDeadline = Date.now() < deadline.getTime();
  let armedBeforeDeadline: boolean | null = null;
  const untilDeadline = deadline.getTime() - (opts.armedByMs ?? 1500) - Date.now();
  if (untilDeadline > 0) {
    const backlog = (await backlogDrained(env.temporal, [executionTaskQueue(env.stack.taskQueue)], untilDeadline)).value[0];
    armedBeforeDeadline = backlog === null ? null : backlog === 0;
  }
  return { roadMapId, m, deadline, leadMs, launchedBeforeDeadline, armedBeforeDeadline };
}

const firedCount = async (env: BenchEnv, roadMapId: string) =>
  (await env.sql<{ n: number }[]>`select count(*)::int as n from events where roadmap_id = ${roadMapId} and type = 'execution.rung_fired'`)[0].n;

/** Waits until M rungs fired or `afterDeadlineMs` past the deadline; `met` is false when the time ran out first. */
export async function untilFired(env: BenchEnv, wave: Wave, afterDeadlineMs = 300_000) {
  return waitFor(() => firedCount(env, wave.roadMapId), (n) => n >= wave.m, Math.max(0, wave.deadline.getTime() - Date.now()) + afterDeadlineMs, 250);
}

/** The wave's lag and exactly-once figures, once its stragglers (a duplicate would arrive late) and e-mail step are done. */
export async function waveOutcome(env: BenchEnv, wave: Wave): Promise<WaveOutcome> {
  const id = wave.roadMapId;
  await waitFor(
    async () => (await env.sql<{ n: number }[]>`select count(*)::int as n from notifications where roadmap_id = ${id} and email_status = 'pending'`)[0].n,
    (n) => n === 0,
    120_000,
    500,
  );
  const rows = await env.sql<{ subject: string; lag_ms: number; recorded_ms: number }[]>`
    select subject, (payload->>'lagMs')::int as lag_ms,
           (extract(epoch from recorded_at - (payload->>'dueAt')::timestamptz) * 1000)::int as recorded_ms
    from events where roadmap_id = ${id} and type = 'execution.rung_fired'`;
  const perSubject = new Map<string, number>();
  for (const r of rows) perSubject.set(r.subject, (perSubject.get(r.subject) ?? 0) + 1);
  const [{ n: executions }] = await env.sql<{ n: number }[]>`select count(*)::int as n from item_executions where roadmap_id = ${id}`;
  const [{ n: notifications }] = await env.sql<{ n: number }[]>`
    select count(*)::int as n from notifications where roadmap_id = ${id} and kind = 'escalation'`;
  return {
    lagMs: distribution(rows.map((r) => r.lag_ms)),
    recordedLagMs: distribution(rows.map((r) => r.recorded_ms)),
    fired: rows.length,
    duplicates: [...perSubject.values()].filter((c) => c > 1).length,
    missing: executions - perSubject.size,
    notifications,
    launchedBeforeDeadline: wave.launchedBeforeDeadline,
    armedBeforeDeadline: wave.armedBeforeDeadline,
    leadMs: wave.leadMs,
  };
}

/**
 * How far ahead a wave's deadline goes: after the whole launch and every first workflow task (the timer is
 * armed there), at `msPerLaunch` (measured: ms per execution until launched and armed) × 1.3 + margin, at most 4 minutes.
 */
export const waveLeadMs = (m: number, msPerLaunch: number) => Math.min(240_000, 15_000 + Math.round(m * msPerLaunch * 1.3));
