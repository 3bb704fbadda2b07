import type postgres from 'postgres';
import { isTfomsDirectorOf, type Actor } from '../../domain/actor.js';
import { refusal, RefusedError } from '../../domain/refusal.js';
import { checkRoadMap } from '../../domain/roadmap-rules.js';
import { roadMapSizeIssues } from '../../domain/roadmap-limits.js';
import { roadMapLimitsFromEnv } from './roadmap-limits-config.js';
import type { RoadMapDocument } from '../../domain/roadmap.js';
import { approveRoadMapUpdate, returnRoadMapUpdate, submitRoadMapUpdate, type RoadMapCommandResult } from '../../workflows/messages.js';
import type { ServiceDeps } from '../deps.js';
import { actingActor } from '../people/acting.js';
import { loadDirectory } from '../people/people-directory.js';
import { readableRoadMap, versionDocument } from './roadmap-read-model.js';
import { sendCommand } from '../commands/workflow-commands.js';
import { markAttached, resolveAttachmentRefs } from '../attachments/attachments.js';
import type { AttachmentMeta } from '../../domain/completion-report.js';

/** A version's files (its signed legal act) are attached to `roadMapId/version`. */
export const roadMapVersionKey = (roadMapId: string, version: number) => `${roadMapId}/${version}`;

/**
 * Road-map commands shared by the JSON API and the web forms: the same read
 * checks, document rules and Temporal Updates (whose validators hold the
 * lifecycle rules of domain/roadmap-lifecycle.ts).
 */
export const roadMapWorkflowId = (id: string) => `roadmap:${id}`;

type Deps = Pick<ServiceDeps, 'sql' | 'temporal'>;

/**
 * The size limits (domain/roadmap-limits.ts), then the document rules of seed 000 against the people and МО it
 * names: 400 naming each field. The size comes first: an oversized document costs no directory query.
 */
export async function assertRoadMapDocument(sql: postgres.Sql, document: RoadMapDocument, prefix = ''): Promise<void> {
  const size = roadMapSizeIssues(document, roadMapLimitsFromEnv());
  if (size.length) {
    throw new RefusedError(refusal('validation', `дорожная карта больше допустимого: ${size.map((i) => i.message).join('; ')}`, size.map((i) => ({ ...i, field: prefix + i.field }))));
  }
  const issues = checkRoadMap(document, await loadDirectory(sql, document));
  if (issues.length) {
    throw new RefusedError(refusal('validation', 'дорожная карта не соответствует требованиям', issues.map((i) => ({ ...i, field: prefix + i.field }))));
  }
}

export async function submitRoadMap(deps: Deps, actor: Actor, id: string, commandId: string): Promise<RoadMapCommandResult> {
  const row = await readableRoadMap(deps.sql, actor, id);
  // People may have moved since the draft was saved: the rules are checked again at submission.
  const draft = row.working_version ? await versionDocument(deps.sql, row.id, row.working_version) : null;
  if (draft && row.status === 'draft') await assertRoadMapDocument(deps.sql, draft);
  return sendCommand(deps.temporal.workflow.getHandle(roadMapWorkflowId(row.id)), submitRoadMapUpdate, [{ actor }], commandId);
}

/** The director decides in person; in their absence, their acting official (и.о. директора) acts for them. */
export async function asDirector(sql: postgres.Sql, who: Actor, regionCode: string): Promise<Actor> {
  if (isTfomsDirectorOf(who, regionCode)) return who;
  return actingActor(sql, who, (p) => isTfomsDirectorOf(p, regionCode));
}

export async function approveRoadMap(
  deps: Deps,
  who: Actor,
  id: string,
  commandId: string,
  refs: { attachmentId: string }[] = [],
): Promise<RoadMapCommandResult> {
  const row = await readableRoadMap(deps.sql, who, id);
  const actor = await asDirector(deps.sql, who, row.region_code);
  if (refs.length === 0) return sendCommand(deps.temporal.workflow.getHandle(roadMapWorkflowId(row.id)), approveRoadMapUpdate, [{ actor }], commandId);
  // The version under decision; on a retry after the approval went through, the one it approved.
  const version = row.working_version ?? row.approved_version ?? 0;
  const target = { kind: 'roadmap_version' as const, id: roadMapVersionKey(row.id, version) };
  const attachments = (await resolveAttachmentRefs(deps.sql, who, target, refs)) as AttachmentMeta[];
  const result = await sendCommand(deps.temporal.workflow.getHandle(roadMapWorkflowId(row.id)), approveRoadMapUpdate, [{ actor, attachments }], commandId);
  // The version the workflow approved; a retry with the same command id lands here again and repairs a crash before this line.
  await markAttached(deps.sql, { kind: 'roadmap_version', id: roadMapVersionKey(row.id, result.version), roadMapId: row.id }, attachments.flatMap((a) => (a.attachmentId ? [a.attachmentId] : [])));
  return result;
}

export async function returnRoadMap(deps: Deps, who: Actor, id: string, comment: string, commandId: string): Promise<RoadMapCommandResult> {
  const row = await readableRoadMap(deps.sql, who, id);
  const actor = await asDirector(deps.sql, who, row.region_code);
  return sendCommand(deps.temporal.workflow.getHandle(roadMapWorkflowId(row.id)), returnRoadMapUpdate, [{ actor, comment }], commandId);
}
