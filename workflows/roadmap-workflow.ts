import { allHandlersFinished, condition, continueAsNew, patched, proxyActivities, proxyLocalActivities, setHandler, workflowInfo } from '@temporalio/workflow';
import type { Activities } from '../activities/activity-types.js';
import type { Actor } from '../domain/actor.js';
import type { RoadMapDocument } from '../domain/roadmap.js';
import type { RoadMapDocumentRef } from '../domain/roadmap-document-ref.js';
import { countExecutions } from '../domain/roadmap-structure.js';
import {
  decideApprove,
  decideEditDraft,
  decideReturn,
  decideStartAmendment,
  decideSubmit,
  statusOf,
  type RoadMapState,
  type WorkingVersion,
} from '../domain/roadmap-lifecycle.js';
import { domainEvent } from './domain-event.js';
import {
  approveRoadMapUpdate,
  draftRecordedUpdate,
  editDraftUpdate,
  returnRoadMapUpdate,
  roadMapStateQuery,
  startAmendmentUpdate,
  submitRoadMapUpdate,
  type LaunchProgress,
  type RoadMapCommandResult,
} from './messages.js';
import { refuse, undoneIfUnstorable, unstorableInput } from './refuse.js';
import { serialPersistence } from './serial-persistence.js';

// A local activity: the command's answer waits for it (see item-execution-workflow.ts).
const { recordEvents } = proxyLocalActivities<Activities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '30 seconds' },
});
const { launchExecutions, cancelRemovedExecutions, startMonitoringCycle } = proxyActivities<Activities>({
  startToCloseTimeout: '10 minutes',
  heartbeatTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '30 seconds' },
});

/** Executions started per activity: keeps this workflow's history at ~120 activities for 60,000 executions. */
export const LAUNCH_BATCH = 500;
const PARALLEL_BATCHES = 2;

export interface RoadMapWorkflowInput {
  roadMapId: string;
  regionCode: string;
  /** Executions per launch activity (default LAUNCH_BATCH); tests use small batches to cut a launch in the middle. */
  launchBatchSize?: number;
  /**
   * The first run: who drafted it and the draft — by reference (`documentRef`: stored in PostgreSQL, loaded and
   * checked by the activities); `document` inline only in workflows started before documents moved out of inputs.
   */
  draft?: { actor: Actor; document?: RoadMapDocument; documentRef?: RoadMapDocumentRef };
  /** After continue-as-new: where the previous run left off. */
  carried?: { state: RoadMapState; launch: LaunchProgress | null };
}

/**
 * One workflow per road map, for its whole life: the approval cycle of each
 * version and the launch of item executions once a version is approved.
 */
export async function roadMapWorkflow(input: RoadMapWorkflowInput): Promise<void> {
  const state: RoadMapState = input.carried?.state ?? {
    roadMapId: input.roadMapId,
    regionCode: input.regionCode,
    approvedVersion: null,
    approvedDocument: null,
    working: input.draft?.documentRef
      ? { version: 1, status: 'draft', documentRef: input.draft.documentRef, lastReturnComment: null, authorId: input.draft.actor.personId }
      : { version: 1, status: 'draft', document: input.draft!.document, lastReturnComment: null, authorId: input.draft!.actor.personId },
  };
  let launch: LaunchProgress | null = input.carried?.launch ?? null;
  const persist = serialPersistence(recordEvents);
  const result = (version: number): RoadMapCommandResult => ({ roadMapId: state.roadMapId, version, status: statusOf(state) });
  const event = (type: Parameters<typeof domainEvent>[0], version: number, actor: Actor | null, payload: Record<string, unknown>) =>
    domainEvent(type, state.roadMapId, 'roadmap', version, actor, payload);

  setHandler(roadMapStateQuery, () => ({ ...state, launch }));

  setHandler(
    editDraftUpdate,
    async ({ actor, document, documentRef }) =>
      undoneIfUnstorable(state, async () => {
        const w = state.working!;
        await persist([event('roadmap.draft_edited', w.version, actor, hold(w, documentRef, document))]);
        return result(w.version);
      }),
    { validator: (input) => refuse(decideEditDraft(state, input.actor) ?? unstorableInput(input)) },
  );

  setHandler(
    submitRoadMapUpdate,
    async ({ actor }) =>
      undoneIfUnstorable(state, async () => {
        const w = state.working!;
        w.status = 'submitted';
        await persist([event('roadmap.submitted', w.version, actor, {})]);
        return result(w.version);
      }),
    { validator: (input) => refuse(decideSubmit(state, input.actor) ?? unstorableInput(input)) },
  );

  setHandler(
    returnRoadMapUpdate,
    async ({ actor, comment }) =>
      undoneIfUnstorable(state, async () => {
        const w = state.working!;
        w.status = 'draft';
        w.lastReturnComment = comment;
        await persist([event('roadmap.returned', w.version, actor, { comment })]);
        return result(w.version);
      }),
    { validator: (input) => refuse(decideReturn(state, input.actor, input.comment) ?? unstorableInput(input)) },
  );

  setHandler(
    approveRoadMapUpdate,
    async ({ actor, attachments }) =>
      undoneIfUnstorable(state, async () => {
        const w = state.working!;
        const superseded = state.approvedVersion;
        state.approvedVersion = w.version;
        let total: number;
        if (w.documentRef) {
          state.approvedDocumentRef = w.documentRef;
          state.approvedDocument = null;
          total = w.documentRef.executions;
        } else {
          // A version drafted before documents moved out of the histories: as it always ran.
          state.approvedDocument = w.document!;
          delete state.approvedDocumentRef;
          total = countExecutions(w.document!);
        }
        state.working = null;
        // The key only when there are files: an approval without them records the same payload as before.
        const files = attachments?.length ? { attachments } : {};
        await persist([event('roadmap.approved', w.version, actor, { supersededVersion: superseded, executions: total, ...files })]);
        // The launch reads the approved version from the read model, so it starts only once that is recorded;
        // it runs in the main loop: the director gets the answer without waiting for thousands of starts.
        launch = w.documentRef ? { version: w.version, total, launched: 0, sha256: w.documentRef.sha256 } : { version: w.version, total, launched: 0 };
        return result(w.version);
      }),
    { validator: (input) => refuse(decideApprove(state, input.actor) ?? unstorableInput(input)) },
  );

  setHandler(
    startAmendmentUpdate,
    async ({ actor, document, documentRef }) =>
      undoneIfUnstorable(state, async () => {
        const version = state.approvedVersion! + 1;
        // The service always sends a reference now (a copy of the approved version is stored again by its key);
        // inline documents, and a null one copying an inline approved version, are Updates of older histories.
        const ref = documentRef ?? (document ? undefined : state.approvedDocumentRef ?? undefined);
        const w: WorkingVersion = { version, status: 'draft', lastReturnComment: null, authorId: actor.personId };
        state.working = w;
        const held = hold(w, ref, document ?? state.approvedDocument!);
        await persist([event('roadmap.amendment_started', version, actor, { ...held, basedOn: state.approvedVersion })]);
        return result(version);
      }),
    { validator: (input) => refuse(decideStartAmendment(state, input.actor) ?? unstorableInput(input)) },
  );

  let drafted = !input.draft;
  setHandler(draftRecordedUpdate, async () => {
    await condition(() => drafted);
    return result(1);
  });
  if (input.draft) {
    const held = input.draft.documentRef ? { documentRef: input.draft.documentRef } : { document: input.draft.document };
    await persist([event('roadmap.drafted', 1, input.draft.actor, { ...held, regionCode: state.regionCode })]);
    drafted = true;
  }

  for (;;) {
    await condition(() => launch !== null || workflowInfo().continueAsNewSuggested);
    if (launch) {
      await launchAll(launch);
      if (launch.version > 1) await cancelRemovedExecutions({ roadMapId: state.roadMapId, version: launch.version });
      // Weekly monitoring starts with the first approved version; later approvals find it running.
      if (patched('monitoring-cycle')) await startMonitoringCycle({ roadMapId: state.roadMapId });
      launch = null;
    }
    if (workflowInfo().continueAsNewSuggested) {
      await condition(allHandlersFinished);
      await continueAsNew<typeof roadMapWorkflow>({
        roadMapId: state.roadMapId,
        regionCode: state.regionCode,
        launchBatchSize: input.launchBatchSize,
        carried: { state, launch },
      });
    }
  }

  /**
   * Sets the working version's document — by reference, or inline for an Update of an older history — and
   * returns the event payload that names it the same way: the activity loads a reference and checks its hash.
   */
  function hold(w: WorkingVersion, ref: RoadMapDocumentRef | undefined, document: RoadMapDocument | undefined): Record<string, unknown> {
    if (ref) {
      w.documentRef = ref;
      delete w.document;
      return { documentRef: ref };
    }
    w.document = document!;
    delete w.documentRef;
    return { document };
  }

  async function launchAll(progress: LaunchProgress): Promise<void> {
    const size = input.launchBatchSize ?? LAUNCH_BATCH;
    // Offsets are recorded as batches finish, so a continue-as-new or a crash resumes where it stopped;
    // a repeated batch is harmless because every start is keyed by its execution id.
    while (progress.launched < progress.total) {
      const batches: Promise<unknown>[] = [];
      for (let b = 0; b < PARALLEL_BATCHES; b++) {
        const offset = progress.launched + b * size;
        if (offset >= progress.total) break;
        const checked = progress.sha256 ? { documentSha256: progress.sha256 } : {};
        batches.push(launchExecutions({ roadMapId: state.roadMapId, version: progress.version, offset, limit: size, ...checked }));
      }
      await Promise.all(batches);
      progress.launched = Math.min(progress.total, progress.launched + batches.length * size);
    }
  }
}
