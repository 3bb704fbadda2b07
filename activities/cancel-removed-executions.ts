import { Context } from '@temporalio/activity';
import type { Client } from '@temporalio/client';
import type postgres from 'postgres';
import { executionId } from '../domain/execution.js';
import { type RoadMapDocument } from '../domain/roadmap.js';
import { itemsOf, moTargets } from '../domain/roadmap-structure.js';
import { cancelExecutionUpdate } from '../workflows/messages.js';

/** After an amendment is approved: executions of items (or МО) the new version dropped are cancelled. */
export async function cancelRemovedExecutions(
  deps: { sql: postgres.Sql; client: Client },
  input: { roadMapId: string; version: number },
): Promise<{ cancelled: number }> {
  const [v] = await deps.sql<{ document: RoadMapDocument }[]>`
    select document from roadmap_versions where roadmap_id = ${input.roadMapId} and version = ${input.version}`;
  const keep = new Set<string>();
  for (const { item } of itemsOf(v.document)) for (const mo of moTargets(v.document, item)) keep.add(executionId(input.roadMapId, item.id, mo));
  const open = await deps.sql<{ id: string; workflow_id: string }[]>`
    select id, workflow_id from item_executions
    where roadmap_id = ${input.roadMapId} and status not in ('accepted', 'cancelled')`;
  let cancelled = 0;
  for (const row of open.filter((r) => !keep.has(r.id))) {
    Context.current().heartbeat(cancelled);
    try {
      await deps.client.workflow
        .getHandle(row.workflow_id)
        .executeUpdate(cancelExecutionUpdate, { args: [{ reason: `исключено редакцией ${input.version}`, version: input.version }], updateId: `cancel-v${input.version}` });
      cancelled++;
    } catch (err) {
      // Already finished (accepted meanwhile): nothing to cancel.
      if (!(err instanceof Error && /already completed|завершено/.test(err.message))) throw err;
    }
  }
  return { cancelled };
}
