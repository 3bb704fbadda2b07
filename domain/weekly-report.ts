import { z } from 'zod';
import { IdText, MultiLineText } from './text.js';
import type { FieldIssue } from './refusal.js';
import { lineKey, type ReportingDuty } from './reporting-duty.js';
import { AttachmentMeta } from './completion-report.js';

export const WeeklyItemStatus = z.enum(['not_started', 'in_progress', 'done', 'at_risk', 'blocked']);
export type WeeklyItemStatus = z.infer<typeof WeeklyItemStatus>;

export const weeklyItemStatusLabel: Record<WeeklyItemStatus, string> = {
  not_started: 'не начато',
  in_progress: 'выполняется',
  done: 'выполнено',
  at_risk: 'есть риск срыва срока',
  blocked: 'приостановлено',
};

/** How one item for one МО stands this week. */
export const WeeklyReportLine = z
  .object({
    itemId: IdText.max(64),
    moId: IdText.max(64).nullable(),
    status: WeeklyItemStatus,
    percent: z.number().int().min(0).max(100),
    done: MultiLineText.trim().max(5000).default(''),
    problems: MultiLineText.trim().max(5000).default(''),
  })
  .strict();
export type WeeklyReportLine = z.infer<typeof WeeklyReportLine>;

/** Survey progress (СМО activity 3) against one wave: the wave is the road-map item with its date. */
export const SurveyProgress = z
  .object({
    itemId: IdText.max(64),
    planned: z.number().int().min(1),
    surveyed: z.number().int().min(0),
  })
  .strict();

/**
 * The СМО reporting form per МО (seed 000: weekly monitoring of insurance
 * representatives and of informing about check-ups «по отчётной форме»).
 */
export const SmoFormRow = z
  .object({
    moId: IdText.max(64),
    representativesPresent: z.number().int().min(0),
    notified: z.number().int().min(0),
    completedCheckup: z.number().int().min(0),
    survey: SurveyProgress.optional(),
  })
  .strict()
  .refine((r) => r.completedCheckup <= r.notified, { path: ['completedCheckup'], message: 'прошедших диспансеризацию не может быть больше оповещённых' });
export type SmoFormRow = z.infer<typeof SmoFormRow>;

export const WeeklyReport = z
  .object({
    lines: z.array(WeeklyReportLine).max(5000).default([]),
    smoForm: z.array(SmoFormRow).max(1000).default([]),
    comment: MultiLineText.trim().max(5000).default(''),
    /** Files as the audit trail records them: resolved by the service from uploads the report referenced by id. */
    attachments: z.array(AttachmentMeta).max(50).default([]),
  })
  .strict();
export type WeeklyReport = z.infer<typeof WeeklyReport>;
export type WeeklyReportInput = z.input<typeof WeeklyReport>;

/** Seed 000: effectiveness of informing = completed the check-up among the notified / notified, %. */
export function informingEffectiveness(notified: number, completed: number): number | null {
  return notified > 0 ? Math.round((completed / notified) * 1000) / 10 : null;
}

/** A report may speak only of its reporter's own lines and МО, each once. */
export function checkReportAgainstDuty(report: WeeklyReport, duty: ReportingDuty): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const own = new Set(duty.lines.map((l) => lineKey(l.itemId, l.moId)));
  const ownItems = new Set(duty.lines.map((l) => l.itemId));
  const seen = new Set<string>();
  report.lines.forEach((l, i) => {
    const key = lineKey(l.itemId, l.moId);
    if (!own.has(key)) issues.push({ field: `lines.${i}`, message: `мероприятие «${l.itemId}»${l.moId ? ` по МО «${l.moId}»` : ''} не входит в ваш отчёт` });
    if (seen.has(key)) issues.push({ field: `lines.${i}`, message: `мероприятие «${l.itemId}» указано дважды` });
    seen.add(key);
  });
  const mos = new Set(duty.moIds);
  const seenMo = new Set<string>();
  report.smoForm.forEach((r, i) => {
    if (!duty.smo) issues.push({ field: `smoForm.${i}`, message: 'отчётную форму СМО заполняют ответственные СМО' });
    else if (!mos.has(r.moId)) issues.push({ field: `smoForm.${i}.moId`, message: `МО «${r.moId}» не входит в ваш отчёт` });
    if (seenMo.has(r.moId)) issues.push({ field: `smoForm.${i}.moId`, message: `МО «${r.moId}» указана дважды` });
    seenMo.add(r.moId);
    if (r.survey && !ownItems.has(r.survey.itemId)) {
      issues.push({ field: `smoForm.${i}.survey.itemId`, message: `этап опроса «${r.survey.itemId}» не входит в ваш отчёт` });
    }
  });
  return issues;
}
