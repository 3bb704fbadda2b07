import type postgres from 'postgres';
import type { Actor } from '../../domain/actor.js';
import { eventLabel, type EventType } from '../../domain/events.js';
import { eventInScope, executionInScope } from '../access/work-scope.js';
import { executionView, type ExecutionRow } from '../executions/execution-read-model.js';
import { readableRoadMap, roadMapSummary, type RoadMapRow } from './roadmap-read-model.js';

/** Read-model queries over road maps, their versions, executions and audit trail; the API lists them, the pages show them. */

export async function visibleRoadMaps(sql: postgres.Sql, actor: Actor) {
  const everyRegion = actor.organisationKind === 'FOMS';
  const rows = await sql<RoadMapRow[]>`
    select id, region_code, title, status, approved_version, working_version, updated_at from roadmaps
    where ${everyRegion} or region_code = ${actor.regionCode ?? ''} order by updated_at desc limit 500`;
  return rows.map(roadMapSummary);
}

export async function roadMapWithVersions(sql: postgres.Sql, actor: Actor, id: string) {
  const row = await readableRoadMap(sql, actor, id);
  const versions = await sql`select * from roadmap_versions where roadmap_id = ${row.id} order by version`;
  return {
    ...roadMapSummary(row),
    versions: versions.map((v) => ({
      version: v.version,
      status: v.status,
      createdBy: v.created_by,
      createdAt: v.created_at.toISOString(),
      submittedAt: v.submitted_at?.toISOString() ?? null,
      approvedBy: v.approved_by,
      approvedAt: v.approved_at?.toISOString() ?? null,
      lastReturnComment: v.last_return_comment,
      document: v.document,
    })),
  };
}

export interface ExecutionFilter {
  status?: 'assigned' | 'in_progress' | 'submitted' | 'accepted' | 'cancelled';
  itemId?: string;
  moId?: string;
  limit: number;
  offset: number;
}

export async function roadMapExecutions(sql: postgres.Sql, actor: Actor, id: string, q: ExecutionFilter) {
  const row = await readableRoadMap(sql, actor, id);
  const where = sql`e.roadmap_id = ${row.id} and ${executionInScope(sql, actor, 'e')}
    ${q.status ? sql`and e.status = ${q.status}` : sql``}
    ${q.itemId ? sql`and e.item_id = ${q.itemId}` : sql``}
    ${q.moId ? sql`and e.mo_id = ${q.moId}` : sql``}`;
  const [{ count }] = await sql<{ count: number }[]>`select count(*)::int as count from item_executions e where ${where}`;
  const rows = await sql<ExecutionRow[]>`select e.* from item_executions e where ${where}
    order by item_id, mo_id nulls first limit ${q.limit} offset ${q.offset}`;
  const now = new Date();
  return { total: count, items: rows.map((r) => executionView(r, now)) };
}

export async function roadMapEvents(sql: postgres.Sql, actor: Actor, id: string, q: { subject?: string; limit: number; offset: number }) {
  const row = await readableRoadMap(sql, actor, id);
  const rows = await sql`
    select e.*, p.full_name as actor_name from events e left join people p on p.id = e.actor_id
    where e.roadmap_id = ${row.id} and ${eventInScope(sql, actor, row.region_code, 'e')} ${q.subject ? sql`and e.subject = ${q.subject}` : sql``}
    order by e.occurred_at, e.seq limit ${q.limit} offset ${q.offset}`;
  return rows.map((e) => ({
    id: e.id as string,
    seq: Number(e.seq),
    type: e.type as string,
    label: eventLabel[e.type as EventType] ?? e.type,
    subject: e.subject as string,
    version: e.version as number | null,
    occurredAt: e.occurred_at.toISOString() as string,
    actorId: e.actor_id as string | null,
    actorName: e.actor_name as string | null,
    actingForId: e.acting_for_id as string | null,
    payload: e.payload,
  }));
}
