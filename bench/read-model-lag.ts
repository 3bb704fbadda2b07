/**
 * 4. Read-model lag. While benchmark 2's load runs (32 connections completing
 * executions), a probe completes other executions one at a time and, from
 * each 200, polls the read-model query users read (GET /api/executions/{id})
 * until it shows the new status. Lag = 200 → the answer that showed it.
 */
import { ApiClient } from './api-client.js';
import type { BenchEnv } from './environment.js';
import { completionReport } from './documents.js';
import { runLoad, type LoadResult } from './http-load.js';
import { openExecutions } from './roadmaps.js';
import { completionRequests, CONNECTIONS } from './task-completion.js';
import { distribution, sleep, type Distribution } from './stats.js';

export interface ReadModelLagResult {
  probes: number;
  lagMs: Distribution;
  /** Probes whose very first read already showed the command. */
  visibleOnFirstRead: number;
  probeCommandMs: Distribution;
  failed: number;
  load: LoadResult;
}

export async function benchReadModelLag(env: BenchEnv, opts: { load: number; probes: number; maxMs: number }, log: (m: string) => void): Promise<ReadModelLagResult> {
  const { ids } = await openExecutions(env, env.stack, opts.load + opts.probes, new Date(Date.now() + 20 * 86_400_000), 'Нагрузка: задержка чтения');
  const loadIds = ids.filter((_, i) => i % Math.ceil(ids.length / opts.probes) !== 0).slice(0, opts.load);
  const loadSet = new Set(loadIds);
  const probeIds = ids.filter((id) => !loadSet.has(id)).slice(0, opts.probes);
  const probeClient = new ApiClient(env.stack.baseUrl, 2);
  const lags: number[] = [];
  const commandMs: number[] = [];
  let first = 0;
  let failed = 0;
  let loadDone = false;
  const load = runLoad(env.stack.client, completionRequests(env, loadIds, 100_000), { connections: CONNECTIONS, maxMs: opts.maxMs }).finally(() => {
    loadDone = true;
  });
  await sleep(1000); // under load, not before it
  for (const [i, id] of probeIds.entries()) {
    if (loadDone) break;
    const path = `/api/executions/${encodeURIComponent(id)}`;
    const ack = await probeClient.request('POST', `${path}/complete`, { token: env.tokens.executor, body: completionReport(200_000 + i) });
    if (ack.status !== 200) {
      failed++;
      continue;
    }
    commandMs.push(ack.ms);
    for (let attempt = 0; ; attempt++) {
      const read = await probeClient.request('GET', path, { token: env.tokens.executor });
      if (read.status === 200 && read.body.status === 'submitted') {
        lags.push(read.at - ack.at);
        if (attempt === 0) first++;
        break;
      }
      if (read.at - ack.at > 30_000) {
        failed++;
        break;
      }
      await sleep(5);
    }
  }
  const loadResult = await load;
  probeClient.close();
  const result = { probes: lags.length, lagMs: distribution(lags), visibleOnFirstRead: first, probeCommandMs: distribution(commandMs), failed, load: loadResult };
  log(`read-model lag: ${result.probes} probes, p50 ${result.lagMs.p50.toFixed(1)} p99 ${result.lagMs.p99.toFixed(1)} ms, first read ${first}/${result.probes}; load ${Math.round(loadResult.perSecond)}/s`);
  return result;
}
