import type { Actor } from '../../domain/actor.js';
import type { DutyLine, ReportingDuty } from '../../domain/reporting-duty.js';
import { refusal, RefusedError } from '../../domain/refusal.js';
import { checkReportAgainstDuty, WeeklyReport } from '../../domain/weekly-report.js';
import {
  submitConsolidatedUpdate,
  submitWeeklyReportUpdate,
  type ConsolidatedSubmissionResult,
  type ReportCommandResult,
} from '../../workflows/monitoring-messages.js';
import { actingActor } from '../people/acting.js';
import type { ServiceDeps } from '../deps.js';
import { readablePeriod } from './monitoring-read-model.js';
import type { z } from '@hono/zod-openapi';
import type { WeeklyReportBody } from './monitoring-inputs.js';
import { sendCommand } from '../commands/workflow-commands.js';
import { markAttached, resolveAttachmentRefs } from '../attachments/attachments.js';
import type { AttachmentMeta } from '../../domain/completion-report.js';
import { weeklyReportKey } from './weekly-report-access.js';

/**
 * The weekly-monitoring commands, shared by the JSON API and the web forms so
 * both go through the same read checks, duty rules, acting-official
 * resolution and Temporal Updates (whose validators hold the period's rules).
 */
const closed = refusal('conflict', 'отчётный период завершён');

type Deps = Pick<ServiceDeps, 'sql' | 'temporal'>;

export interface DutyRow {
  person_id: string;
  organisation_id: string;
  smo: boolean;
  lines: DutyLine[];
  mo_ids: string[];
  controller_ids: string[];
}

export async function submitWeeklyReport(
  deps: Deps,
  who: Actor,
  periodId: string,
  body: z.output<typeof WeeklyReportBody>,
  commandId: string,
): Promise<ReportCommandResult> {
  const p = await readablePeriod(deps.sql, who, periodId);
  const { reporterId: named, attachments: refs, ...raw } = body;
  const reporterId = named ?? who.personId;
  const actor = await actingActor(deps.sql, who, [reporterId]);
  const [duty] = await deps.sql<DutyRow[]>`select * from reporting_duties where period_id = ${p.id} and person_id = ${reporterId}`;
  // One answer whether or not the person named reports this week: nobody learns another organisation's duties.
  if (!duty || (actor.personId !== reporterId && actor.actingForId !== reporterId)) {
    throw new RefusedError(refusal('forbidden', named ? `вы не можете представить отчёт за «${named}» в этом периоде` : 'вы не входите в число отчитывающихся в этом периоде'));
  }
  const report = WeeklyReport.parse(raw);
  const issues = checkReportAgainstDuty(report, {
    personId: duty.person_id, organisationId: duty.organisation_id, smo: duty.smo, lines: duty.lines, moIds: duty.mo_ids, controllerIds: duty.controller_ids,
  } satisfies ReportingDuty);
  if (issues.length) throw new RefusedError(refusal('validation', 'отчёт не соответствует вашему перечню мероприятий', issues));
  // Every revision names its files; one attached to an earlier revision stays as it was (immutable), a new file is a new upload.
  const target = { kind: 'weekly_report' as const, id: weeklyReportKey(p.id, reporterId) };
  const attachments = (await resolveAttachmentRefs(deps.sql, who, target, refs)) as AttachmentMeta[];
  const result = await sendCommand(deps.temporal.workflow.getHandle(p.workflow_id), submitWeeklyReportUpdate, [{ actor, reporterId, report: { ...report, attachments } }], commandId, closed);
  // A retry with the same command id lands here again, so a crash before this line is repaired by the client's retry.
  await markAttached(deps.sql, { ...target, roadMapId: p.roadmap_id }, attachments.flatMap((a) => (a.attachmentId ? [a.attachmentId] : [])));
  return result;
}

export async function submitConsolidatedReport(deps: Deps, who: Actor, periodId: string, comment: string, commandId: string): Promise<ConsolidatedSubmissionResult> {
  const p = await readablePeriod(deps.sql, who, periodId);
  const actor = await actingActor(deps.sql, who, [p.coordinator_id]);
  // Refused here as the workflow would, also once the period's workflow has ended.
  if (actor.personId !== p.coordinator_id && actor.actingForId !== p.coordinator_id) {
    throw new RefusedError(refusal('forbidden', 'направить сводный отчёт в ФОМС может только координатор мониторинга'));
  }
  return sendCommand(deps.temporal.workflow.getHandle(p.workflow_id), submitConsolidatedUpdate, [{ actor, comment }], commandId, closed);
}
