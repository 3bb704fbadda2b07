import type postgres from 'postgres';
import { type Actor, type StoodInFor } from '../../domain/actor.js';
import { canReadRegion } from '../../domain/read-scope.js';
import { standingInQuery } from '../people/acting.js';
import type { ExecutionStatus } from '../../domain/execution.js';
import { canReadWork } from '../../domain/read-scope.js';
import { RefusedError, refusal } from '../../domain/refusal.js';

export interface ExecutionRow {
  id: string;
  roadmap_id: string;
  version: number;
  direction_id: string;
  item_id: string;
  mo_id: string | null;
  executor_id: string;
  controller_id: string;
  deadline_at: Date;
  original_deadline_at: Date;
  item_title: string;
  status: ExecutionStatus;
  workflow_id: string;
  started_at: Date;
  submitted_at: Date | null;
  accepted_at: Date | null;
  last_comment: string | null;
}

// Work handed in for acceptance is not late work; returned work is open again.
const open = (s: ExecutionStatus) => s === 'assigned' || s === 'in_progress';

/** Overdue is derived from the deadline and the clock, never stored. */
export function executionView(r: ExecutionRow, now: Date) {
  return {
    id: r.id,
    roadMapId: r.roadmap_id,
    version: r.version,
    directionId: r.direction_id,
    itemId: r.item_id,
    moId: r.mo_id,
    executorId: r.executor_id,
    controllerId: r.controller_id,
    itemTitle: r.item_title,
    deadlineAt: r.deadline_at.toISOString(),
    originalDeadlineAt: r.original_deadline_at.toISOString(),
    overdue: open(r.status) && r.deadline_at < now,
    status: r.status,
    startedAt: r.started_at.toISOString(),
    submittedAt: r.submitted_at?.toISOString() ?? null,
    acceptedAt: r.accepted_at?.toISOString() ?? null,
    lastComment: r.last_comment,
  };
}

export async function readableExecution(sql: postgres.Sql, actor: Actor, id: string): Promise<ExecutionRow> {
  return (await executionRead(sql, actor, id, false)).row;
}

/** The execution as readableExecution gives it, and with it, in the same query, whom the actor stands in for now. */
export async function executionForCommand(sql: postgres.Sql, actor: Actor, id: string): Promise<{ row: ExecutionRow; standsInFor: StoodInFor[] }> {
  const { row, standsInFor } = await executionRead(sql, actor, id, true);
  return { row, standsInFor: standsInFor! };
}

async function executionRead(sql: postgres.Sql, actor: Actor, id: string, withStanding: boolean) {
  const standing = withStanding ? sql`, (${standingInQuery(sql, actor.personId)}) as stands_in_for` : sql``;
  const [row] = await sql<(ExecutionRow & { region_code: string; organisation_ids: string[]; stands_in_for?: StoodInFor[] })[]>`
    select e.*, r.region_code, array[pe.organisation_id, pc.organisation_id] as organisation_ids ${standing}
    from item_executions e join roadmaps r on r.id = e.roadmap_id
    join people pe on pe.id = e.executor_id join people pc on pc.id = e.controller_id where e.id = ${id}`;
  // Another region's execution, or a competing СМО's (only the organisation that executes or
  // controls the item reads it), answers exactly as a missing one: the ids
  // (<road map>.<item>.<МО>) are predictable, and a 403 would confirm that it exists.
  if (!row || !canReadRegion(actor, row.region_code) || !canReadWork(actor, { regionCode: row.region_code, organisationIds: row.organisation_ids })) {
    throw new RefusedError(refusal('not_found', `исполнение «${id}» не найдено`));
  }
  const { stands_in_for: standsInFor, ...rest } = row;
  return { row: rest as ExecutionRow, standsInFor };
}
