import type postgres from 'postgres';
import { releaseDutiesWithoutLiveLines } from './monitoring-projection.js';
import type { DomainEvent } from '../domain/events.js';
import type { ExecutionPlan } from '../domain/execution.js';
import { executionWorkflowId } from '../domain/execution.js';
import { snapshotVersionNames } from './version-names.js';
import type { RoadMapDocument } from '../domain/roadmap.js';
import { projectExecutionChange, rungNotificationText, type EmailMode, type ExecutionAudience, type Recipient } from './notification-outbox.js';
import { commandText } from '../domain/notification-text.js';
import { isMonitoringEvent, projectMonitoringEvent } from './monitoring-projection.js';
import { isFederalEvent, projectFederalEvent } from './federal-projection.js';
import { projectRoadMapDeadlineEvent } from './roadmap-deadline-projection.js';
import type { RoadMapDocumentRef } from '../domain/roadmap-document-ref.js';
import { loadRoadMapDocument } from './roadmap-documents.js';

type Tx = postgres.TransactionSql;

/**
 * Applies newly appended events to the read model, inside the append's
 * transaction: an event and its effect on the lists are written together or not at all.
 */
export async function projectEvents(tx: Tx, events: DomainEvent[], email: EmailMode): Promise<void> {
  const started = events.filter((e) => e.type === 'execution.started');
  if (started.length) await projectExecutionsStarted(tx, started);
  for (const e of events) if (e.type !== 'execution.started') await projectOne(tx, e, email);
}

async function projectExecutionsStarted(tx: Tx, events: DomainEvent[]): Promise<void> {
  const rows = events.map((e) => {
    const plan = (e.payload as { plan: ExecutionPlan }).plan;
    return {
      id: plan.executionId,
      roadmap_id: plan.roadMapId,
      version: plan.version,
      direction_id: plan.directionId,
      item_id: plan.itemId,
      mo_id: plan.moId,
      executor_id: plan.executorId,
      controller_id: plan.controllerId,
      deadline_at: plan.deadlineAt,
      original_deadline_at: plan.deadlineAt,
      coordinator_id: plan.coordinatorId,
      item_title: plan.itemTitle,
      status: 'assigned',
      workflow_id: executionWorkflowId(plan.executionId),
      started_at: e.occurredAt,
      updated_at: e.occurredAt,
    };
  });
  await tx`insert into item_executions ${tx(rows)} on conflict (id) do nothing`;
}

async function projectOne(tx: Tx, e: DomainEvent, email: EmailMode): Promise<void> {
  if (isMonitoringEvent(e)) return projectMonitoringEvent(tx, e, email);
  if (e.type === 'federal.roadmap_rung_fired') return projectRoadMapDeadlineEvent(tx, e, email);
  if (isFederalEvent(e)) return projectFederalEvent(tx, e, email);
  const p = e.payload as Record<string, unknown>;
  // An item execution's change and its notifications (to the responsible, or whoever acts for them).
  const change = (
    row: postgres.PendingQuery<postgres.Row[]>,
    to: ExecutionAudience,
    kind: Parameters<typeof commandText>[0],
    detail = '',
  ) => projectExecutionChange(tx, e, row, to, kind, (c) => commandText(kind, c, detail), email);
  // The document an event names: by reference (loaded and checked), or inline in events of older histories.
  const documentOf = async () => {
    const ref = p.documentRef as RoadMapDocumentRef | undefined;
    return ref ? { doc: await loadRoadMapDocument(tx, ref), sha256: ref.sha256 } : { doc: p.document as RoadMapDocument, sha256: null };
  };
  switch (e.type) {
    case 'roadmap.drafted': {
      const { doc, sha256 } = await documentOf();
      await tx`insert into roadmaps (id, region_code, title, status, working_version, created_by, created_at, updated_at)
               values (${e.roadMapId}, ${doc.regionCode}, ${doc.title}, 'draft', 1, ${e.actorId!}, ${e.occurredAt}, ${e.occurredAt})`;
      await tx`insert into roadmap_versions (roadmap_id, version, status, document, document_sha256, created_by, created_at)
               values (${e.roadMapId}, 1, 'draft', ${tx.json(doc as never)}, ${sha256}, ${e.actorId!}, ${e.occurredAt})`;
      return;
    }
    case 'roadmap.draft_edited': {
      const { doc, sha256 } = await documentOf();
      await tx`update roadmap_versions set document = ${tx.json(doc as never)}, document_sha256 = ${sha256}
               where roadmap_id = ${e.roadMapId} and version = ${e.version!}`;
      await tx`update roadmaps set title = ${doc.title}, updated_at = ${e.occurredAt} where id = ${e.roadMapId}`;
      return;
    }
    case 'roadmap.submitted':
      await tx`update roadmap_versions set status = 'submitted', submitted_by = ${e.actorId}, submitted_at = ${e.occurredAt}
               where roadmap_id = ${e.roadMapId} and version = ${e.version!}`;
      await tx`update roadmaps set status = 'submitted', updated_at = ${e.occurredAt} where id = ${e.roadMapId}`;
      return;
    case 'roadmap.returned':
      await tx`update roadmap_versions set status = 'draft', last_return_comment = ${p.comment as string}
               where roadmap_id = ${e.roadMapId} and version = ${e.version!}`;
      await tx`update roadmaps set status = 'draft', updated_at = ${e.occurredAt} where id = ${e.roadMapId}`;
      return;
    case 'roadmap.approved':
      await tx`update roadmap_versions set status = 'superseded' where roadmap_id = ${e.roadMapId} and status = 'approved'`;
      await tx`update roadmap_versions set status = 'approved', approved_by = ${e.actorId}, approved_at = ${e.occurredAt}
               where roadmap_id = ${e.roadMapId} and version = ${e.version!}`;
      await snapshotVersionNames(tx, e.roadMapId, e.version!, e.actorId);
      await tx`update roadmaps r set status = 'approved', approved_version = ${e.version!}, working_version = null,
                 title = v.document->>'title', updated_at = ${e.occurredAt}
               from roadmap_versions v where r.id = ${e.roadMapId} and v.roadmap_id = r.id and v.version = ${e.version!}`;
      return;
    case 'roadmap.amendment_started': {
      const { doc, sha256 } = await documentOf();
      await tx`insert into roadmap_versions (roadmap_id, version, status, document, document_sha256, created_by, created_at)
               values (${e.roadMapId}, ${e.version!}, 'draft', ${tx.json(doc as never)}, ${sha256}, ${e.actorId!}, ${e.occurredAt})`;
      await tx`update roadmaps set status = 'draft', working_version = ${e.version!}, updated_at = ${e.occurredAt} where id = ${e.roadMapId}`;
      return;
    }
    case 'execution.completed':
      return change(
        tx`update item_executions set status = 'submitted', submitted_by = ${e.actorId}, submitted_at = ${e.occurredAt},
             submitted_on_time = ${Boolean(p.onTime)}, report = ${tx.json(p.report as never)}, updated_at = ${e.occurredAt}
           where id = ${e.subject} returning *`,
        { columns: ['controller_id'] },
        'submitted_for_acceptance',
      );
    case 'execution.accepted':
      return change(
        tx`update item_executions set status = 'accepted', accepted_by = ${e.actorId}, accepted_at = ${e.occurredAt}, updated_at = ${e.occurredAt}
           where id = ${e.subject} returning *`,
        { columns: ['executor_id'] },
        'accepted',
      );
    case 'execution.returned':
      return change(
        tx`update item_executions set status = 'in_progress', last_comment = ${p.comment as string}, updated_at = ${e.occurredAt}
           where id = ${e.subject} returning *`,
        { columns: ['executor_id'] },
        'returned_for_rework',
        `Комментарий: ${p.comment as string}`,
      );
    case 'execution.cancelled': {
      const [cancelled] = await tx<{ roadmap_id: string }[]>`update item_executions set status = 'cancelled', last_comment = ${p.reason as string},
                 updated_at = ${e.occurredAt} where id = ${e.subject} returning roadmap_id`;
      if (cancelled) await releaseDutiesWithoutLiveLines(tx, { roadMapId: cancelled.roadmap_id });
      return;
    }
    case 'execution.extension_requested':
      await tx`insert into extension_requests (id, execution_id, requested_by, acting_for_id, requested_at, current_deadline_at, new_deadline_at, reason, status)
               values (${p.requestId as string}, ${e.subject}, ${e.actorId!}, ${e.actingForId}, ${e.occurredAt}, ${p.currentDeadlineAt as string},
                       ${p.newDeadlineAt as string}, ${p.reason as string}, 'pending') on conflict (id) do nothing`;
      return change(tx`select * from item_executions where id = ${e.subject}`, { columns: ['controller_id'] }, 'extension_requested', `Причина: ${p.reason as string}`);
    case 'execution.extension_decided':
      await tx`update extension_requests set status = ${p.granted ? 'granted' : 'refused'}, decided_by = ${e.actorId},
                 decided_at = ${e.occurredAt}, decision_comment = ${p.comment as string} where id = ${p.requestId as string}`;
      return change(
        tx`update item_executions set deadline_at = ${p.deadlineAt as string}, updated_at = ${e.occurredAt} where id = ${e.subject} returning *`,
        { columns: ['executor_id'] },
        'extension_decided',
        p.granted ? 'Срок перенесён.' : `В переносе отказано. ${p.comment as string}`,
      );
    case 'execution.reassigned': {
      const roles = p.roles as string[];
      return change(
        tx`update item_executions set
             executor_id = case when ${roles.includes('executor')} then ${p.toPersonId as string} else executor_id end,
             controller_id = case when ${roles.includes('controller')} then ${p.toPersonId as string} else controller_id end,
             updated_at = ${e.occurredAt}
           where id = ${e.subject} returning *`,
        { personIds: [p.toPersonId as string] },
        'reassigned',
      );
    }
    case 'execution.rung_fired': {
      const rung = p.rung as { id: string; kind: 'reminder' | 'escalation' };
      await projectExecutionChange(
        tx,
        e,
        tx`update item_executions set last_rung = ${rung.id}, updated_at = ${e.occurredAt} where id = ${e.subject} returning *`,
        { routed: p.recipients as Recipient[] },
        rung.kind,
        rungNotificationText(e),
        email,
      );
      return;
    }
    case 'execution.started':
      return;
  }
}
