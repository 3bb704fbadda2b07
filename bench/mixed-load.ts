/**
 * 8. Mixed load: a pilot's evening. A survey wave falls due at 18:00 for every
 * МО of 30 regions while officials keep working. M executions share one
 * deadline with a one-rung policy at it (the escalation-lag phase's wave,
 * bench/deadline-wave.ts); from a little before the deadline until every rung
 * fired (or a time cap), 50 officials browse the web pages with sessions of
 * their own (bench/page-browsing.ts) and 32 HTTP clients complete open
 * executions of another road map (the commands phase's requests). The same
 * wave with nobody working, in the same run, is the reference: which one runs
 * first alternates by size, as in the escalation-lag phase. The wave is one
 * road map of the demo region (the bench makes road maps there only): the
 * engine and the worker see M timers all the same.
 *
 * The open executions for the commands are prepared before the waves and
 * their first workflow tasks left to drain, so that neither wave shares the
 * engine with their launch; the time that took per execution sets how far
 * ahead the waves' deadline goes.
 */
import { ApiClient } from './api-client.js';
import { launchWave, untilFired, waveLeadMs, waveOutcome, type Wave, type WaveOutcome } from './deadline-wave.js';
import { untilQuiet, type BenchEnv } from './environment.js';
import { runLoad, type LoadResult } from './http-load.js';
import { browse, signInOfficials, type BrowsingResult, type Official, type Page } from './page-browsing.js';
import { launched, openExecutions } from './roadmaps.js';
import { sleep } from './stats.js';
import { commandProcesses, completionRequests, CONNECTIONS } from './task-completion.js';
import { coresOver, startCpuStretch } from './cpu-accounting.js';
import { isoWeekOf } from '../domain/federal/iso-week.js';

/** The load starts this long before the deadline: the wave meets officials already at work, not a load warming up. */
export const LOAD_LEAD_MS = 10_000;

export interface MixedOptions {
  /** Wave sizes M: 6,000 by default (a survey wave of the pilot's order), each measured quiet and under load. */
  sizes: number[];
  officials: number;
  /** An official's pause between a page's answer and the next click, drawn uniformly from this range. */
  thinkMs: [number, number];
  /** How long after the deadline the load and the wait for the rungs last at most. */
  afterDeadlineMs: number;
}

export interface MixedResult {
  m: number;
  /** Which wave ran first. */
  order: ('quiet' | 'mixed')[];
  /** The open executions the command clients complete, prepared before the waves: ms per execution until created, approved and drained. */
  backlog: { roadMapId: string; executions: number; readyMs: number; msPerExecution: number };
  /** How far ahead both waves' deadline went; the load started `loadLeadMs` before it. */
  leadMs: number;
  loadLeadMs: number;
  quiet: WaveOutcome;
  mixed: WaveOutcome & {
    /** Every rung fired before the time cap (else the load stopped at the cap). */
    allFired: boolean;
    /** From the load's start to the last rung (or the cap). */
    loadMs: number;
  };
  pages: BrowsingResult;
  commands: LoadResult & {
    connections: number;
    /** Open executions prepared for them; `ranOut`: all were completed before the wave ended, so the load thinned out early. */
    available: number;
    ranOut: boolean;
  };
  /** mixed.lagMs.p99 / quiet.lagMs.p99. */
  ratioP99: number;
  /**
   * Cores each process kept busy, on average, from the deadline to the last rung (or the cap), in either wave:
   * where the CPU went while the wave was late (bench/cpu-accounting.ts; 2 cores in all).
   */
  coresUsed: { quiet: Record<string, number>; mixed: Record<string, number> };
}

/** From the deadline until `done` resolves: the average cores each process used meanwhile. */
async function coresWhile(env: BenchEnv, from: Date, done: Promise<unknown>): Promise<Record<string, number>> {
  await sleep(Math.max(0, from.getTime() - Date.now()));
  const stretch = startCpuStretch(commandProcesses(env));
  const t = performance.now();
  await done;
  return coresOver(stretch.stop(), performance.now() - t);
}

/**
 * Open executions for the command clients: at up to ~50 completions a second (the commands phase's best on this
 * 2-core machine was 58/s) over the window — the load's lead plus a wave's lag, ~100 s for 6,000 quiet — with a
 * margin; `ranOut` in the result says when it was not enough.
 */
export const commandBacklogFor = (m: number) => 1000 + Math.round(m * 1.5);

/** Who clicks what: each login goes round pages it may open (web/: «Мои задачи» for ТФОМС staff; road maps and their dashboards for ТФОМС and ФОМС; the federal week for ФОМС). */
function rounds(login: string, ids: { wave: string; backlog: string; week: string }): Page[] {
  const tasks: Page = { kind: 'tasks', path: '/tasks' };
  const roadmap = (id: string): Page => ({ kind: 'roadmap', path: `/roadmaps/${encodeURIComponent(id)}` });
  const dashboard = (id: string): Page => ({ kind: 'dashboard', path: `/roadmaps/${encodeURIComponent(id)}/dashboard` });
  const pilotWeek: Page = { kind: 'pilotWeek', path: `/pilot/weeks/${ids.week}` };
  switch (login) {
    case 'executor':
    case 'coordinator':
      return [tasks, roadmap(ids.wave), dashboard(ids.wave)];
    case 'controller':
      return [tasks, roadmap(ids.backlog), dashboard(ids.backlog)];
    case 'director':
      return [tasks, dashboard(ids.wave), roadmap(ids.backlog), dashboard(ids.backlog)];
    case 'foms':
      return [pilotWeek, roadmap(ids.wave), dashboard(ids.wave)];
    case 'curator':
      return [pilotWeek, dashboard(ids.backlog)];
    default:
      throw new Error(`no pages for ${login}`);
  }
}

/** Demo logins (infra/demo/people.ts, infra/demo/pilot-regions.ts; password "demo"): the Orel ТФОМС, ФОМС and a ФОМС curator. */
const LOGINS = ['executor', 'controller', 'coordinator', 'director', 'foms', 'curator'];

/** Both waves probe their timers until 2 s before the mixed one's load starts, so that their "armed" flags mean the same. */
const ARMED_BY_MS = LOAD_LEAD_MS + 2000;

async function quietWave(env: BenchEnv, m: number, leadMs: number): Promise<{ outcome: WaveOutcome; cores: Record<string, number> }> {
  const wave = await launchWave(env, m, leadMs, { title: `Волна опросов ${m}, тихо`, armedByMs: ARMED_BY_MS });
  const fired = untilFired(env, wave);
  const cores = await coresWhile(env, wave.deadline, fired);
  return { outcome: await waveOutcome(env, wave), cores };
}

async function mixedWave(env: BenchEnv, m: number, leadMs: number, backlog: { roadMapId: string; ids: string[] }, opts: MixedOptions) {
  await env.relogin();
  const pagesClient = new ApiClient(env.stack.baseUrl, opts.officials);
  try {
    const logins = Array.from({ length: opts.officials }, (_, i) => LOGINS[i % LOGINS.length]);
    const tokens = await signInOfficials(pagesClient, logins);
    const wave: Wave = await launchWave(env, m, leadMs, { title: `Волна опросов ${m}, под нагрузкой`, armedByMs: ARMED_BY_MS });
    const week = isoWeekOf(new Date(), 'Europe/Moscow');
    const officials: Official[] = logins.map((login) => ({ login, pages: rounds(login, { wave: wave.roadMapId, backlog: backlog.roadMapId, week }) }));
    await sleep(Math.max(0, wave.deadline.getTime() - LOAD_LEAD_MS - Date.now()));

    const stop = new AbortController();
    const started = performance.now();
    const maxMs = Math.max(0, wave.deadline.getTime() - Date.now()) + opts.afterDeadlineMs;
    const requests = completionRequests(env, backlog.ids);
    const commands = runLoad(env.stack.client, requests, { connections: CONNECTIONS, maxMs, signal: stop.signal });
    const pages = browse(pagesClient, officials, tokens, { thinkMs: opts.thinkMs, signal: stop.signal, maxMs });
    const firing = untilFired(env, wave, opts.afterDeadlineMs);
    const cores = await coresWhile(env, wave.deadline, firing);
    const fired = await firing;
    stop.abort();
    const loadMs = performance.now() - started;
    const [c, p] = await Promise.all([commands, pages]);
    const outcome = await waveOutcome(env, wave);
    return {
      wave: { ...outcome, allFired: fired.met, loadMs },
      pages: p,
      commands: { ...c, connections: CONNECTIONS, available: requests.length, ranOut: c.sent >= requests.length },
      cores,
    };
  } finally {
    pagesClient.close();
  }
}

export async function benchMixedLoad(env: BenchEnv, opts: MixedOptions, log: (m: string) => void): Promise<MixedResult[]> {
  const results: MixedResult[] = [];
  for (const [k, m] of opts.sizes.entries()) {
    const n = commandBacklogFor(m);
    log(`mixed M=${m}: preparing ${n} open executions for the command clients`);
    const t = performance.now();
    const backlog = await openExecutions(env, env.stack, n, new Date(Date.now() + 20 * 86_400_000), 'Нагрузка: отчёты во время волны');
    // Started and their first workflow tasks drained: the waves' executions then wait behind nothing, and this is the rate the lead is set by.
    await launched(env, backlog.roadMapId, 900_000);
    await untilQuiet(env, 20 * 60_000, log);
    const readyMs = performance.now() - t;
    const msPerExecution = readyMs / n;
    const leadMs = waveLeadMs(m, msPerExecution);
    log(`mixed M=${m}: ${n} open executions ready in ${Math.round(readyMs / 1000)} s (${msPerExecution.toFixed(1)} ms each); deadlines ${Math.round(leadMs / 1000)} s ahead`);

    const order: MixedResult['order'] = k % 2 === 0 ? ['quiet', 'mixed'] : ['mixed', 'quiet'];
    let quiet: WaveOutcome | undefined;
    let quietCores: Record<string, number> = {};
    let mixed: Awaited<ReturnType<typeof mixedWave>> | undefined;
    for (const step of order) {
      await untilQuiet(env, 20 * 60_000, log);
      if (step === 'quiet') {
        ({ outcome: quiet, cores: quietCores } = await quietWave(env, m, leadMs));
        log(`mixed M=${m} quiet wave: cores used by process ${JSON.stringify(quietCores)}`);
        log(`mixed M=${m} quiet wave: lag p50 ${quiet.lagMs.p50} p99 ${quiet.lagMs.p99} max ${quiet.lagMs.max} ms; fired ${quiet.fired}, duplicates ${quiet.duplicates}, missing ${quiet.missing}`);
      } else {
        mixed = await mixedWave(env, m, leadMs, backlog, opts);
        const { wave: w, pages: p, commands: c } = mixed;
        log(`mixed M=${m} wave under load: lag p50 ${w.lagMs.p50} p99 ${w.lagMs.p99} max ${w.lagMs.max} ms; fired ${w.fired}, duplicates ${w.duplicates}, missing ${w.missing}${w.allFired ? '' : ' (time cap)'}`);
        log(`mixed M=${m} pages: ${p.ok}/${p.sent} ok, ${p.perSecond.toFixed(1)}/s, p50 ${Math.round(p.latencyMs.p50)} p95 ${Math.round(p.latencyMs.p95)} ms, errors ${JSON.stringify(p.errors)}`);
        log(`mixed M=${m} wave under load: cores used by process ${JSON.stringify(mixed.cores)}`);
        log(`mixed M=${m} commands: ${c.ok}/${c.sent} ok of ${c.available}, ${c.perSecond.toFixed(1)}/s, p50 ${Math.round(c.latencyMs.p50)} p99 ${Math.round(c.latencyMs.p99)} ms, errors ${JSON.stringify(c.errors)}${c.ranOut ? ' (ran out of open executions)' : ''}`);
      }
    }
    results.push({
      m,
      order,
      backlog: { roadMapId: backlog.roadMapId, executions: n, readyMs, msPerExecution },
      leadMs,
      loadLeadMs: LOAD_LEAD_MS,
      quiet: quiet!,
      mixed: mixed!.wave,
      pages: mixed!.pages,
      commands: mixed!.commands,
      ratioP99: mixed!.wave.lagMs.p99 / Math.max(1, quiet!.lagMs.p99),
      coresUsed: { quiet: quietCores, mixed: mixed!.cores },
    });
  }
  return results;
}
