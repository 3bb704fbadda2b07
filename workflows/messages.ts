/**
 * The commands and queries of the workflows, shared by the workflows and the
 * API client. Commands are Updates: validated, answered synchronously, refused
 * with a reason before anything is written to history.
 */
import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { Actor } from '../domain/actor.js';
import type { RoadMapDocument } from '../domain/roadmap.js';
import type { RoadMapState } from '../domain/roadmap-lifecycle.js';
import type { RoadMapDocumentRef } from '../domain/roadmap-document-ref.js';
import type { ExecutionStatus } from '../domain/execution.js';
import type { ExecutionState } from '../domain/execution-lifecycle.js';
import type { Deadline } from '../domain/deadline.js';
import type { AttachmentMeta, CompletionReport } from '../domain/completion-report.js';

export interface RoadMapCommandResult {
  roadMapId: string;
  version: number;
  status: 'draft' | 'submitted' | 'approved';
}

/** Sent with the start: answers once the first draft is in the read model, so the creator can read it back. */
export const draftRecordedUpdate = defineUpdate<RoadMapCommandResult, []>('draftRecorded');
/**
 * The new draft by reference (`documentRef`, stored in PostgreSQL before the Update); `document` inline only in
 * Updates recorded before documents moved out of the histories (they replay as they ran).
 */
export const editDraftUpdate = defineUpdate<RoadMapCommandResult, [{ actor: Actor; document?: RoadMapDocument; documentRef?: RoadMapDocumentRef }]>('editDraft');
export const submitRoadMapUpdate = defineUpdate<RoadMapCommandResult, [{ actor: Actor }]>('submitRoadMap');
/** The approval may carry the signed approving legal act (its files as the audit trail records them). */
export const approveRoadMapUpdate = defineUpdate<RoadMapCommandResult, [{ actor: Actor; attachments?: AttachmentMeta[] }]>('approveRoadMap');
export const returnRoadMapUpdate = defineUpdate<RoadMapCommandResult, [{ actor: Actor; comment: string }]>('returnRoadMap');
/** The new version's document by reference; inline `document` (or null: a copy of the approved one) in older histories. */
export const startAmendmentUpdate = defineUpdate<
  RoadMapCommandResult,
  [{ actor: Actor; document: RoadMapDocument | null; documentRef?: RoadMapDocumentRef }]
>('startAmendment');

export interface LaunchProgress {
  version: number;
  total: number;
  launched: number;
  /** The approved version's document hash (by-reference versions): each launch batch checks the read model holds it. */
  sha256?: string;
}

export const roadMapStateQuery = defineQuery<RoadMapState & { launch: LaunchProgress | null }>('roadMapState');

export interface ExecutionCommandResult {
  executionId: string;
  status: ExecutionStatus;
  deadlineAt: string;
  /** Set by an extension request: the id the controller decides on. */
  requestId?: string;
}

export const completeExecutionUpdate = defineUpdate<ExecutionCommandResult, [{ actor: Actor; report: CompletionReport }]>(
  'completeExecution',
);
export const acceptExecutionUpdate = defineUpdate<ExecutionCommandResult, [{ actor: Actor }]>('acceptExecution');
export const returnExecutionUpdate = defineUpdate<ExecutionCommandResult, [{ actor: Actor; comment: string }]>('returnExecution');
export const cancelExecutionUpdate = defineUpdate<ExecutionCommandResult, [{ reason: string; version: number }]>('cancelExecution');
export const requestExtensionUpdate = defineUpdate<
  ExecutionCommandResult,
  /** `attachments` resolved by the service ({attachmentId, name, size, sha256, type}); absent in requests made before they took files. */
  [{ actor: Actor; newDeadlineAt: string; newDeadline: Deadline; reason: string; attachments?: AttachmentMeta[] }]
>('requestExtension');
export const decideExtensionUpdate = defineUpdate<
  ExecutionCommandResult,
  [{ actor: Actor; requestId: string; granted: boolean; comment: string }]
>('decideExtension');
/** A bulk transfer moves one person's duty on this execution to another. */
export const reassignExecutionUpdate = defineUpdate<
  ExecutionCommandResult,
  [{ actor: Actor; fromPersonId: string; toPersonId: string; transferId: string }]
>('reassignExecution');

export const executionStateQuery = defineQuery<ExecutionState>('executionState');
