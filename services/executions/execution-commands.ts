import type { Actor } from '../../domain/actor.js';
import type { AttachmentMeta, CompletionReport } from '../../domain/completion-report.js';
import { resolveDeadline, type Deadline } from '../../domain/deadline.js';
import { refusal, RefusedError } from '../../domain/refusal.js';
import {
  acceptExecutionUpdate,
  completeExecutionUpdate,
  decideExtensionUpdate,
  requestExtensionUpdate,
  returnExecutionUpdate,
  type ExecutionCommandResult,
} from '../../workflows/messages.js';
import { actingAs } from '../people/acting.js';
import type { ServiceDeps } from '../deps.js';
import { executionForCommand } from './execution-read-model.js';
import { sendCommand } from '../commands/workflow-commands.js';
import { markAttached, resolveAttachmentRefs } from '../attachments/attachments.js';

/**
 * The item-execution commands, shared by the JSON API and the web forms so
 * both go through the same read checks, acting-official resolution and
 * Temporal Updates (whose validators hold the lifecycle rules).
 */
const closed = refusal('conflict', 'исполнение мероприятия уже завершено');

type Deps = Pick<ServiceDeps, 'sql' | 'temporal'>;

export async function completeExecution(deps: Deps, who: Actor, id: string, report: CompletionReport, commandId: string): Promise<ExecutionCommandResult> {
  const { row, standsInFor } = await executionForCommand(deps.sql, who, id);
  const actor = actingAs(who, standsInFor, [row.executor_id]);
  const attachments = await resolveAttachmentRefs(deps.sql, who, { kind: 'execution', id }, report.attachments);
  const result = await sendCommand(deps.temporal.workflow.getHandle(row.workflow_id), completeExecutionUpdate, [{ actor, report: { ...report, attachments } }], commandId, closed);
  // A retry with the same command id lands here again, so a crash before this line is repaired by the client's retry.
  await markAttached(deps.sql, { kind: 'execution', id, roadMapId: row.roadmap_id }, attachments.flatMap((a) => (a.attachmentId ? [a.attachmentId] : [])));
  return result;
}

export async function acceptExecution(deps: Deps, who: Actor, id: string, commandId: string): Promise<ExecutionCommandResult> {
  const { row, standsInFor } = await executionForCommand(deps.sql, who, id);
  const actor = actingAs(who, standsInFor, [row.controller_id]);
  return sendCommand(deps.temporal.workflow.getHandle(row.workflow_id), acceptExecutionUpdate, [{ actor }], commandId, closed);
}

export async function returnExecution(deps: Deps, who: Actor, id: string, comment: string, commandId: string): Promise<ExecutionCommandResult> {
  const { row, standsInFor } = await executionForCommand(deps.sql, who, id);
  const actor = actingAs(who, standsInFor, [row.controller_id]);
  return sendCommand(deps.temporal.workflow.getHandle(row.workflow_id), returnExecutionUpdate, [{ actor, comment }], commandId, closed);
}

export async function requestExtension(
  deps: Deps,
  who: Actor,
  id: string,
  body: { newDeadline: Deadline; reason: string; attachments?: { attachmentId: string }[] },
  commandId: string,
): Promise<ExecutionCommandResult> {
  const { row, standsInFor } = await executionForCommand(deps.sql, who, id);
  const actor = actingAs(who, standsInFor, [row.executor_id]);
  const attachments = (await resolveAttachmentRefs(deps.sql, who, { kind: 'execution', id }, body.attachments ?? [])) as AttachmentMeta[];
  // A date means the end of that working day in the region, as for the road map's own deadlines.
  const [region] = await deps.sql<{ time_zone: string; workday_end: string | null }[]>`
    select g.time_zone, v.document->>'workdayEnd' as workday_end from roadmaps r join regions g on g.code = r.region_code
    join roadmap_versions v on v.roadmap_id = r.id and v.version = ${row.version} where r.id = ${row.roadmap_id}`;
  let newDeadlineAt: string;
  try {
    newDeadlineAt = resolveDeadline(body.newDeadline, region.time_zone, region.workday_end ?? undefined).toISOString();
  } catch (err) {
    throw new RefusedError(refusal('validation', 'срок вне производственного календаря', [{ field: 'newDeadline', message: (err as Error).message }]));
  }
  const result = await sendCommand(
    deps.temporal.workflow.getHandle(row.workflow_id),
    requestExtensionUpdate,
    // Left out when empty: the Update's input then is what it was before requests took files.
    [{ actor, newDeadlineAt, newDeadline: body.newDeadline, reason: body.reason, ...(attachments.length ? { attachments } : {}) }],
    commandId,
    closed,
  );
  // As for the report: the files belong to the execution, so its readers may download them; a retry repairs a crash before this.
  await markAttached(deps.sql, { kind: 'execution', id, roadMapId: row.roadmap_id }, attachments.flatMap((a) => (a.attachmentId ? [a.attachmentId] : [])));
  return result;
}

export async function decideExtensionRequest(
  deps: Deps,
  who: Actor,
  requestId: string,
  body: { granted: boolean; comment: string },
  commandId: string,
): Promise<ExecutionCommandResult> {
  const [request] = await deps.sql<{ execution_id: string }[]>`select execution_id from extension_requests where id = ${requestId}`;
  if (!request) throw new RefusedError(refusal('not_found', `запрос на перенос срока «${requestId}» не найден`));
  const { row, standsInFor } = await executionForCommand(deps.sql, who, request.execution_id);
  const actor = actingAs(who, standsInFor, [row.controller_id]);
  return sendCommand(
    deps.temporal.workflow.getHandle(row.workflow_id),
    decideExtensionUpdate,
    [{ actor, requestId, granted: body.granted, comment: body.comment }],
    commandId,
    closed,
  );
}
