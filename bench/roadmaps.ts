/** Road maps through the API, as people make them: drafted and submitted by the coordinator, approved by the director. */
import type { BenchEnv, Stack } from './environment.js';
import { benchDocument } from './documents.js';
import { waitFor } from './stats.js';
import { roadMapStateQuery } from '../workflows/messages.js';

export async function submittedRoadMap(env: BenchEnv, stack: Stack, executions: number, deadlineAt: Date, title?: string): Promise<string> {
  const created = await stack.client.request('POST', '/api/roadmaps', {
    token: env.tokens.coordinator,
    body: benchDocument({ executions, deadlineAt, title }),
    timeoutMs: 120_000,
  });
  if (created.status !== 201) throw new Error(`create road map: ${created.status} ${JSON.stringify(created.body).slice(0, 500)}`);
  const id = created.body.roadMapId as string;
  const submitted = await stack.client.request('POST', `/api/roadmaps/${id}/submit`, { token: env.tokens.coordinator, timeoutMs: 120_000 });
  if (submitted.status !== 200) throw new Error(`submit ${id}: ${submitted.status} ${JSON.stringify(submitted.body)}`);
  return id;
}

export async function approve(env: BenchEnv, stack: Stack, id: string): Promise<void> {
  const res = await stack.client.request('POST', `/api/roadmaps/${id}/approve`, { token: env.tokens.director, timeoutMs: 120_000 });
  if (res.status !== 200) throw new Error(`approve ${id}: ${res.status} ${JSON.stringify(res.body)}`);
}

/** Waits until the read model lists all `n` executions of the road map; returns performance.now() when it did. */
export async function visible(env: BenchEnv, id: string, n: number, timeoutMs: number): Promise<number> {
  const r = await waitFor(
    async () => (await env.sql<{ n: number }[]>`select count(*)::int as n from item_executions where roadmap_id = ${id}`)[0].n,
    (c) => c >= n,
    timeoutMs,
    100,
  );
  if (!r.met) throw new Error(`road map ${id}: ${r.value} of ${n} executions visible after ${timeoutMs} ms`);
  return r.at;
}

/**
 * Waits until the road-map workflow says every start of its launch returned; returns performance.now() when it did.
 * Rows are written before the starts (so that no rung can fire about a missing row): visible is not yet running.
 */
export async function launched(env: BenchEnv, id: string, timeoutMs: number): Promise<number> {
  const r = await waitFor(
    async () => (await env.temporal.workflow.getHandle(`roadmap:${id}`).query(roadMapStateQuery)).launch,
    (launch) => launch === null,
    timeoutMs,
    100,
  );
  if (!r.met) throw new Error(`road map ${id}: launch not finished after ${timeoutMs} ms`);
  return r.at;
}

/** An approved road map with every execution in the read model: the executions' ids. */
export async function openExecutions(env: BenchEnv, stack: Stack, n: number, deadlineAt: Date, title?: string): Promise<{ roadMapId: string; ids: string[] }> {
  const id = await submittedRoadMap(env, stack, n, deadlineAt, title);
  await approve(env, stack, id);
  await visible(env, id, n, 600_000);
  const rows = await env.sql<{ id: string }[]>`select id from item_executions where roadmap_id = ${id} order by id`;
  return { roadMapId: id, ids: rows.map((r) => r.id) };
}
