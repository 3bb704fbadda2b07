import type postgres from 'postgres';
import { formatRuDateTime } from '../../domain/zoned-time.js';
import { actingFor } from '../people/acting.js';

export interface Task {
  kind: 'complete' | 'accept' | 'decide_extension';
  executionId: string;
  roadMapId: string;
  roadMapTitle: string;
  itemId: string;
  itemTitle: string;
  moId: string | null;
  moName: string | null;
  status: string;
  deadlineAt: string;
  /** ДД.ММ.ГГГГ ЧЧ:ММ in the region's local time. */
  deadlineLocal: string;
  overdue: boolean;
  actingForId: string | null;
  requestId: string | null;
}

export interface TaskQuery {
  roadmap?: string;
  kind?: 'complete' | 'accept' | 'decide_extension';
  status?: 'assigned' | 'in_progress' | 'submitted';
  overdue?: 'true' | 'false';
  /** An МО's id, or 'fund' for the fund's own items (no МО). */
  mo?: string;
  /** Deadlines on or before this local date (ГГГГ-ММ-ДД, the region's time). */
  dueBy?: string;
  /** Nearest deadline first (default), by state, or by МО name. */
  sort?: 'deadline' | 'status' | 'mo';
  limit: number;
  offset: number;
}

/** My open work across roles (and that of those I act for), nearest deadline first; shared by the API and the «Мои задачи» page. */
export async function myTasks(sql: postgres.Sql, me: string, q: TaskQuery): Promise<{ total: number; tasks: Task[] }> {
  const people = await actingFor(sql, me);
  // One query for all three kinds of work; overdue is computed against the clock here, never stored.
  const rows = await sql`
    with work as (
      select 'complete' as kind, e.*, e.executor_id as responsible, null::text as request_id
        from item_executions e where e.executor_id = any(${people}) and e.status in ('assigned', 'in_progress')
      union all
      select 'accept', e.*, e.controller_id, null from item_executions e where e.controller_id = any(${people}) and e.status = 'submitted'
      union all
      select 'decide_extension', e.*, e.controller_id, x.id from extension_requests x join item_executions e on e.id = x.execution_id
        where x.status = 'pending' and e.controller_id = any(${people})
    )
    select w.kind, w.id, w.roadmap_id, r.title as roadmap_title, w.item_id, w.item_title, w.mo_id, o.name as mo_name, w.status,
           w.deadline_at, g.time_zone, w.responsible, w.request_id,
           (w.kind = 'complete' and w.deadline_at < now()) as overdue, count(*) over () as total
    from work w join roadmaps r on r.id = w.roadmap_id join regions g on g.code = r.region_code
    left join organisations o on o.id = w.mo_id
    where true
      ${q.roadmap ? sql`and w.roadmap_id = ${q.roadmap}` : sql``}
      ${q.kind ? sql`and w.kind = ${q.kind}` : sql``}
      ${q.status ? sql`and w.status = ${q.status}` : sql``}
      ${q.overdue ? sql`and (w.kind = 'complete' and w.deadline_at < now()) = ${q.overdue === 'true'}` : sql``}
      ${q.mo === 'fund' ? sql`and w.mo_id is null` : q.mo ? sql`and w.mo_id = ${q.mo}` : sql``}
      ${q.dueBy ? sql`and (w.deadline_at at time zone g.time_zone)::date <= ${q.dueBy}::date` : sql``}
    order by ${
      q.sort === 'status'
        ? sql`array_position(array['assigned', 'in_progress', 'submitted']::text[], w.status), w.deadline_at, w.id`
        : q.sort === 'mo'
          ? sql`o.name nulls first, w.deadline_at, w.id`
          : sql`w.deadline_at, w.id`
    } limit ${q.limit} offset ${q.offset}`;
  return {
    total: rows.length ? Number(rows[0].total) : 0,
    tasks: rows.map((r) => ({
      kind: r.kind,
      executionId: r.id,
      roadMapId: r.roadmap_id,
      roadMapTitle: r.roadmap_title,
      itemId: r.item_id,
      itemTitle: r.item_title,
      moId: r.mo_id,
      moName: r.mo_name,
      status: r.status,
      deadlineAt: r.deadline_at.toISOString(),
      deadlineLocal: formatRuDateTime(r.deadline_at, r.time_zone),
      overdue: r.overdue,
      actingForId: r.responsible === me ? null : r.responsible,
      requestId: r.request_id,
    })),
  };
}

