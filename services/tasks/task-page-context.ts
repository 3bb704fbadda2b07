import type postgres from 'postgres';
import type { Actor } from '../../domain/actor.js';
import { actingFor } from '../people/acting.js';
import { openWorkChoices, type Task } from './my-tasks.js';
import type { Deadline } from '../../domain/deadline.js';

/** What «Мои задачи» shows around the task list: filter choices, names of those I act for, road maps waiting for me. */
export async function taskPageContext(sql: postgres.Sql, actor: Actor, tasks: Task[]) {
  const people = await sql<{ id: string; full_name: string }[]>`
    select id, full_name from people where id = any(${[...new Set(tasks.map((t) => t.actingForId).filter((x): x is string => !!x))]})`;
  // Road maps waiting for this person: the director's approval; a draft (returned ones included) only for its
  // author and the road map's coordinator (and whoever stands in for them), not for every head of division.
  const me = await actingFor(sql, actor.personId);
  const pendingMaps = await sql<{ id: string; title: string; status: 'draft' | 'submitted'; approved_version: number | null; working_version: number; last_return_comment: string | null; created_by: string; coordinator_id: string }[]>`
    select r.id, r.title, r.status, r.approved_version, r.working_version, v.last_return_comment, v.created_by, v.document->>'coordinatorId' as coordinator_id
    from roadmaps r join roadmap_versions v on v.roadmap_id = r.id and v.version = r.working_version
    where r.region_code = ${actor.regionCode ?? ''}
      and (r.status = 'submitted' or v.created_by = any(${me}) or v.document->>'coordinatorId' = any(${me}))
    order by r.updated_at desc limit 50`;
  // The filters offer the road maps and МО of my open work (and of those I act for), as the list shows it.
  const { roadmaps, mos } = await openWorkChoices(sql, me);
  return { roadmaps, people, pendingMaps, mos };
}

/** Weekly reports still expected from me (or whoever I act for) in periods that take reports. */
export async function pendingReportDuties(sql: postgres.Sql, personId: string) {
  return sql<{ period_id: string; person_id: string; full_name: string; number: number; title: string; due_at: Date; cutoff_at: Date; time_zone: string }[]>`
    select d.period_id, d.person_id, pe.full_name, p.number, r.title, p.due_at, p.cutoff_at, p.time_zone
    from reporting_duties d join reporting_periods p on p.id = d.period_id join roadmaps r on r.id = p.roadmap_id join people pe on pe.id = d.person_id
    where d.person_id = any(${await actingFor(sql, personId)}) and d.status = 'pending' and p.status = 'open' and p.cutoff_at > now()
    order by p.due_at limit 20`;
}

/**
 * The deadline each execution's road-map item writes (a date, or a date-time), by execution id: «Мои задачи»
 * shows a date moved off a day off with its reason. Read from the version the execution was launched from.
 */
export async function writtenDeadlines(sql: postgres.Sql, executionIds: string[]): Promise<Map<string, Deadline>> {
  if (!executionIds.length) return new Map();
  // Each version's document is expanded once for the page, not once per row: a page of 50 rows of one road map of
  // 170 items read 50 × 170 items (14 ms on the mixed benchmark's read model, 2026-12-05).
  const rows = await sql<{ id: string; deadline: Deadline | null; same: boolean }[]>`
    with page as (
      select id, roadmap_id, version, item_id, deadline_at = original_deadline_at as same from item_executions where id = any(${executionIds})
    ),
    items as materialized (
      select v.roadmap_id, v.version, i->>'id' as item_id, i->'deadline' as deadline
      from roadmap_versions v, jsonb_array_elements(v.document->'directions') d, jsonb_array_elements(d->'items') i
      where (v.roadmap_id, v.version) in (select roadmap_id, version from page)
    )
    select distinct on (p.id) p.id, p.same, it.deadline
    from page p left join items it on it.roadmap_id = p.roadmap_id and it.version = p.version and it.item_id = p.item_id
    order by p.id`;
  // An extended deadline is no longer the road map's: its date says nothing about the move.
  return new Map(rows.flatMap((r) => (r.deadline && r.same ? [[r.id, r.deadline] as const] : [])));
}
