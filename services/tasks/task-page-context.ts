import type postgres from 'postgres';
import type { Actor } from '../../domain/actor.js';
import { actingFor } from '../people/acting.js';
import type { Task } from './my-tasks.js';

/** What «Мои задачи» shows around the task list: filter choices, names of those I act for, road maps waiting for me. */
export async function taskPageContext(sql: postgres.Sql, actor: Actor, tasks: Task[]) {
  const roadmaps = await sql<{ id: string; title: string }[]>`
    select distinct r.id, r.title from roadmaps r join item_executions e on e.roadmap_id = r.id
    where e.executor_id = ${actor.personId} or e.controller_id = ${actor.personId} order by r.title limit 100`;
  const people = await sql<{ id: string; full_name: string }[]>`
    select id, full_name from people where id = any(${[...new Set(tasks.map((t) => t.actingForId).filter((x): x is string => !!x))]})`;
  // Road maps waiting for this person: the director's approval, the drafter's submission (returned drafts included).
  const pendingMaps = await sql<{ id: string; title: string; status: 'draft' | 'submitted'; approved_version: number | null; working_version: number; last_return_comment: string | null }[]>`
    select r.id, r.title, r.status, r.approved_version, r.working_version, v.last_return_comment
    from roadmaps r join roadmap_versions v on v.roadmap_id = r.id and v.version = r.working_version
    where r.region_code = ${actor.regionCode ?? ''} and r.status in ('draft', 'submitted') order by r.updated_at desc limit 50`;
  return { roadmaps, people, pendingMaps };
}

/** Weekly reports still expected from me (or whoever I act for) in periods that take reports. */
export async function pendingReportDuties(sql: postgres.Sql, personId: string) {
  return sql<{ period_id: string; person_id: string; full_name: string; number: number; title: string; due_at: Date; cutoff_at: Date; time_zone: string }[]>`
    select d.period_id, d.person_id, pe.full_name, p.number, r.title, p.due_at, p.cutoff_at, p.time_zone
    from reporting_duties d join reporting_periods p on p.id = d.period_id join roadmaps r on r.id = p.roadmap_id join people pe on pe.id = d.person_id
    where d.person_id = any(${await actingFor(sql, personId)}) and d.status = 'pending' and p.status = 'open' and p.cutoff_at > now()
    order by p.due_at limit 20`;
}
