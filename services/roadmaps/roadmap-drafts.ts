import { createHash, randomBytes } from 'node:crypto';
import { WithStartWorkflowOperation } from '@temporalio/client';
import { canDraftRoadMap, type Actor } from '../../domain/actor.js';
import { RefusedError, refusal } from '../../domain/refusal.js';
import { diffRoadMaps } from '../../domain/roadmap-diff.js';
import { RoadMapDocument } from '../../domain/roadmap.js';
import { draftRecordedUpdate, editDraftUpdate, startAmendmentUpdate } from '../../workflows/messages.js';
import type { roadMapWorkflow } from '../../workflows/roadmap-workflow.js';
import { sendCommand } from '../commands/workflow-commands.js';
import type { ServiceDeps } from '../deps.js';
import { assertRoadMapDocument, roadMapWorkflowId } from './roadmap-commands.js';
import { readableRoadMap, versionDocument } from './roadmap-read-model.js';
import { storeRoadMapDocument } from './roadmap-document-store.js';

/** Drafting commands: create a draft, edit it, start an amendment. */

/** With an idempotency key the id is derived from the command id: a retried create finds the same workflow. */
export async function createRoadMapDraft(deps: ServiceDeps, actor: Actor, input: unknown, commandId: string, keyed: boolean) {
  const document = RoadMapDocument.parse(input);
  if (!canDraftRoadMap(actor, document.regionCode)) {
    throw new RefusedError(refusal('forbidden', `готовить дорожную карту региона ${document.regionCode} может сотрудник его ТФОМС не ниже начальника отдела`));
  }
  const [region] = await deps.sql`select code from regions where code = ${document.regionCode}`;
  if (!region) throw new RefusedError(refusal('validation', 'неизвестный регион', [{ field: 'regionCode', message: 'регион не найден' }]));
  await assertRoadMapDocument(deps.sql, document);
  const documentRef = await storeRoadMapDocument(deps.sql, document);
  const id = `rm-${keyed ? createHash('sha256').update(commandId).digest('hex').slice(0, 12) : randomBytes(6).toString('hex')}`;
  const start = new WithStartWorkflowOperation<typeof roadMapWorkflow>('roadMapWorkflow', {
    workflowId: roadMapWorkflowId(id),
    taskQueue: deps.taskQueue,
    args: [{ roadMapId: id, regionCode: document.regionCode, launchBatchSize: deps.launchBatchSize, draft: { actor, documentRef } }],
    workflowIdConflictPolicy: 'USE_EXISTING',
  });
  return deps.temporal.workflow.executeUpdateWithStart(draftRecordedUpdate, { startWorkflowOperation: start, updateId: commandId });
}

export async function editRoadMapDraft(deps: ServiceDeps, actor: Actor, id: string, input: unknown, commandId: string) {
  const row = await readableRoadMap(deps.sql, actor, id);
  const document = RoadMapDocument.parse(input);
  if (document.regionCode !== row.region_code) {
    throw new RefusedError(refusal('validation', 'регион дорожной карты изменить нельзя', [{ field: 'regionCode', message: `должен быть ${row.region_code}` }]));
  }
  await assertRoadMapDocument(deps.sql, document);
  const documentRef = await storeRoadMapDocument(deps.sql, document);
  return sendCommand(deps.temporal.workflow.getHandle(roadMapWorkflowId(row.id)), editDraftUpdate, [{ actor, documentRef }], commandId);
}

/** `input` is the new document, or undefined to copy the approved one. */
export async function startRoadMapAmendment(deps: ServiceDeps, actor: Actor, id: string, input: unknown | undefined, commandId: string) {
  const row = await readableRoadMap(deps.sql, actor, id);
  let document: RoadMapDocument | null = null;
  if (input) {
    document = RoadMapDocument.parse(input);
    if (document.regionCode !== row.region_code) {
      throw new RefusedError(refusal('validation', 'регион дорожной карты изменить нельзя', [{ field: 'document.regionCode', message: `должен быть ${row.region_code}` }]));
    }
    await assertRoadMapDocument(deps.sql, document, 'document.');
  }
  // A copy of the approved version is stored again by its key (the same text, the same key): the workflow is
  // sent a reference either way. Nothing approved yet, or a version already in preparation: nothing to copy, and
  // the workflow refuses (409) without a document stored for nothing.
  const copyable = row.approved_version !== null && row.working_version === null;
  const copied = document ?? (copyable ? await versionDocument(deps.sql, row.id, row.approved_version!) : null);
  const documentRef = copied ? await storeRoadMapDocument(deps.sql, copied) : undefined;
  return sendCommand(deps.temporal.workflow.getHandle(roadMapWorkflowId(row.id)), startAmendmentUpdate, [{ actor, document: null, documentRef }], commandId);
}

/** Two versions' differences; 404 naming the missing one. */
export async function roadMapVersionsDiff(deps: Pick<ServiceDeps, 'sql'>, actor: Actor, id: string, from: number, to: number) {
  const row = await readableRoadMap(deps.sql, actor, id);
  const [a, b] = await Promise.all([versionDocument(deps.sql, row.id, from), versionDocument(deps.sql, row.id, to)]);
  if (!a) throw new RefusedError(refusal('not_found', `редакция ${from} не найдена`, [{ field: 'from', message: 'нет такой редакции' }]));
  if (!b) throw new RefusedError(refusal('not_found', `редакция ${to} не найдена`, [{ field: 'to', message: 'нет такой редакции' }]));
  return diffRoadMaps(a, b);
}
