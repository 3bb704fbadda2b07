import type postgres from 'postgres';
import type { Actor } from '../../domain/actor.js';
import type { EventType } from '../../domain/events.js';
import {
  decideAccept,
  decideComplete,
  decideExtension,
  decideRequestExtension,
  type ExecutionState,
} from '../../domain/execution-lifecycle.js';
import type { RoadMapDocument, RoadMapItem } from '../../domain/roadmap.js';
import { actingActor } from '../people/acting.js';
import { readableExecution, type ExecutionRow } from './execution-read-model.js';

export interface ExecutionDetails {
  row: ExecutionRow & { submitted_by: string | null; report: CompletionReportView | null };
  tz: string;
  roadMapTitle: string;
  moName: string | null;
  item: RoadMapItem | null;
  indicators: Map<string, { title: string; unit: string }>;
  names: Map<string, string>;
  requests: ExtensionRow[];
  history: HistoryRow[];
  attachments: ExecutionFile[];
}

/** A file as the audit trail recorded it, with the command that brought it. */
export interface ExecutionFile {
  /** Absent for described-only files of older reports (nothing was uploaded). */
  attachmentId?: string;
  name: string;
  size: number;
  sha256: string;
  type?: string;
  source: 'report' | 'extension';
  at: Date;
}

export interface CompletionReportView {
  text: string;
  resultDocument?: { number: string; date: string; title: string };
  attachments?: { attachmentId?: string; name: string; size: number }[];
  metrics?: Record<string, number>;
}
export interface ExtensionRow {
  id: string;
  requested_by: string;
  acting_for_id: string | null;
  requested_at: Date;
  current_deadline_at: Date;
  new_deadline_at: Date;
  reason: string;
  status: 'pending' | 'granted' | 'refused';
  decided_by: string | null;
  decided_at: Date | null;
  decision_comment: string | null;
}
export interface HistoryRow {
  id: string;
  type: EventType;
  occurred_at: Date;
  actor_id: string | null;
  acting_for_id: string | null;
  payload: Record<string, unknown>;
}

/** One execution with what its page shows: the item, the region's time zone, extension requests, history and the names in it. */
export async function executionDetails(sql: postgres.Sql, actor: Actor, id: string): Promise<ExecutionDetails> {
  const base = await readableExecution(sql, actor, id);
  const [extra] = await sql<{ submitted_by: string | null; report: CompletionReportView | null; time_zone: string; title: string; mo_name: string | null; document: RoadMapDocument }[]>`
    select e.submitted_by, e.report, g.time_zone, r.title, o.name as mo_name, v.document
    from item_executions e join roadmaps r on r.id = e.roadmap_id join regions g on g.code = r.region_code
    join roadmap_versions v on v.roadmap_id = e.roadmap_id and v.version = e.version
    left join organisations o on o.id = e.mo_id where e.id = ${id}`;
  const requests = await sql<ExtensionRow[]>`select * from extension_requests where execution_id = ${id} order by requested_at`;
  const history = await sql<HistoryRow[]>`
    select id, type, occurred_at, actor_id, acting_for_id, payload from events where subject = ${id} order by occurred_at, seq limit 500`;
  const item = extra.document.directions.flatMap((d) => d.items).find((i) => i.id === base.item_id) ?? null;
  const personIds = new Set<string>([base.executor_id, base.controller_id]);
  for (const r of requests) [r.requested_by, r.acting_for_id, r.decided_by].forEach((p) => p && personIds.add(p));
  for (const h of history) [h.actor_id, h.acting_for_id].forEach((p) => p && personIds.add(p));
  for (const h of history) for (const r of (h.payload.recipients as { personId: string }[] | undefined) ?? []) personIds.add(r.personId);
  const people = await sql<{ id: string; full_name: string }[]>`select id, full_name from people where id = any(${[...personIds]})`;
  return {
    row: { ...base, submitted_by: extra.submitted_by, report: extra.report },
    tz: extra.time_zone,
    roadMapTitle: extra.title,
    moName: extra.mo_name,
    item,
    indicators: new Map((extra.document.indicators ?? []).map((i) => [i.id, { title: i.title, unit: i.unit }])),
    names: new Map(people.map((p) => [p.id, p.full_name])),
    requests,
    history,
    attachments: await executionFiles(sql, id),
  };
}

/**
 * From the events, not the attachments table: the page shows what each command recorded.
 * A report resubmitted after a return may carry the same upload again; it is listed once, where it first came.
 */
async function executionFiles(sql: postgres.Sql, id: string): Promise<ExecutionFile[]> {
  const events = await sql<{ type: string; occurred_at: Date; payload: Record<string, any> }[]>`
    select type, occurred_at, payload from events where subject = ${id} and type in ('execution.completed', 'execution.extension_requested') order by occurred_at, seq`;
  const files: ExecutionFile[] = [];
  const seen = new Set<string>();
  for (const e of events) {
    const items = ((e.type === 'execution.completed' ? e.payload.report?.attachments : e.payload.attachments) ?? []) as Omit<ExecutionFile, 'source' | 'at'>[];
    for (const f of items) {
      const key = f.attachmentId ?? `${f.name}\n${f.sha256}`;
      if (seen.has(key)) continue;
      seen.add(key);
      files.push({ ...f, source: e.type === 'execution.completed' ? 'report' : 'extension', at: e.occurred_at });
    }
  }
  return files;
}
/**
 * What the signed-in person may do here, decided by the same lifecycle rules
 * the workflow's update validators apply, on the state the read model holds.
 */
export async function executionPermissions(sql: postgres.Sql, actor: Actor, d: ExecutionDetails) {
  const asExecutor = await actingActor(sql, actor, [d.row.executor_id]);
  const asController = await actingActor(sql, actor, [d.row.controller_id]);
  const pending = d.requests.find((r) => r.status === 'pending') ?? null;
  const state = {
    status: d.row.status,
    executorId: d.row.executor_id,
    controllerId: d.row.controller_id,
    submittedBy: d.row.submitted_by,
    deadlineAt: d.row.deadline_at.toISOString(),
    pendingExtension: pending
      ? { requestId: pending.id, newDeadlineAt: pending.new_deadline_at.toISOString(), reason: pending.reason, requestedBy: pending.requested_by, requestedAt: pending.requested_at.toISOString() }
      : null,
  } as ExecutionState;
  return {
    complete: decideComplete(state, asExecutor) === null,
    review: decideAccept(state, asController) === null,
    extension: decideRequestExtension(state, asExecutor, '9999-12-31T23:59:59.999Z', 'проверка прав') === null,
    decision: pending && decideExtension(state, asController, pending.id) === null ? pending : null,
    asExecutor,
    asController,
  };
}

/** The road-map version an execution runs under, with the region's time zone. */
export async function executionDocument(sql: postgres.Sql, row: Pick<ExecutionRow, 'roadmap_id' | 'version'>) {
  const [v] = await sql<{ document: RoadMapDocument; time_zone: string }[]>`
    select v.document, g.time_zone from roadmap_versions v join roadmaps r on r.id = v.roadmap_id join regions g on g.code = r.region_code
    where v.roadmap_id = ${row.roadmap_id} and v.version = ${row.version}`;
  return v;
}

export async function roadMapTimeZone(sql: postgres.Sql, roadMapId: string): Promise<string> {
  const [{ time_zone }] = await sql<{ time_zone: string }[]>`
    select g.time_zone from roadmaps r join regions g on g.code = r.region_code where r.id = ${roadMapId}`;
  return time_zone;
}

export async function executionOfExtensionRequest(sql: postgres.Sql, requestId: string): Promise<string | null> {
  const [request] = await sql<{ execution_id: string }[]>`select execution_id from extension_requests where id = ${requestId}`;
  return request?.execution_id ?? null;
}
