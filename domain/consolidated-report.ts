import type { ExecutionStatus } from './execution.js';
import { meetsTarget, type IndicatorDirection } from './indicator.js';
import type { ReportStatus } from './reporting-period.js';
import { lineKey, type ReportingDuty } from './reporting-duty.js';
import { type RoadMapDocument } from './roadmap.js';
import { itemsOf } from './roadmap-structure.js';
import { informingEffectiveness, type WeeklyItemStatus, type WeeklyReport } from './weekly-report.js';
import { toLocal } from './zoned-time.js';

/**
 * The coordinator's weekly consolidated report (сводный отчёт) to ФОМС: per
 * direction and МО what was reported and what is overdue, the СМО reporting
 * form with the informing effectiveness, indicators against their targets,
 * and who did not report.
 */
export interface ConsolidatedReport {
  periodId: string;
  number: number;
  roadMapId: string;
  roadMapTitle: string;
  regionCode: string;
  regionName: string;
  timeZone: string;
  opensAt: string;
  dueAt: string;
  cutoffAt: string;
  compiledAt: string;
  /** all_in: every report arrived before the cut-off; cutoff: compiled when reception closed. */
  reason: 'all_in' | 'cutoff';
  coordinator: { personId: string; name: string };
  totals: {
    reporters: number;
    onTime: number;
    late: number;
    missing: number;
    pending: number;
    lines: number;
    reportedLines: number;
    overdueItems: number;
  };
  reporters: ConsolidatedReporter[];
  lines: ConsolidatedLine[];
  smoForm: ConsolidatedSmoRow[];
  indicators: ConsolidatedIndicator[];
}

export interface ConsolidatedReporter {
  personId: string;
  name: string;
  organisationId: string;
  organisationName: string;
  smo: boolean;
  status: ReportStatus;
  submittedAt: string | null;
  lateByMs: number | null;
  lines: number;
}

export interface ConsolidatedLine {
  directionId: string;
  directionTitle: string;
  party: 'TFOMS' | 'SMO';
  itemId: string;
  itemTitle: string;
  moId: string | null;
  moName: string | null;
  reporterId: string;
  reporterName: string;
  deadlineAt: string | null;
  executionStatus: ExecutionStatus | null;
  overdue: boolean;
  reported: boolean;
  status: WeeklyItemStatus | null;
  percent: number | null;
  done: string;
  problems: string;
}

export interface ConsolidatedSmoRow {
  moId: string;
  moName: string;
  organisationId: string;
  organisationName: string;
  reporterId: string;
  reporterName: string;
  representativesPresent: number;
  notified: number;
  completedCheckup: number;
  effectiveness: number | null;
  survey: { itemId: string; itemTitle: string; waveDeadlineAt: string | null; planned: number; surveyed: number; percent: number } | null;
}

export interface ConsolidatedIndicator {
  id: string;
  title: string;
  unit: string;
  direction: IndicatorDirection;
  target: number | null;
  actual: number | null;
  meets: boolean | null;
}

export interface ConsolidationInput {
  period: { periodId: string; number: number; roadMapId: string; opensAt: string; dueAt: string; cutoffAt: string; coordinatorId: string };
  roadMapTitle: string;
  region: { code: string; name: string; timeZone: string };
  document: RoadMapDocument;
  duties: (ReportingDuty & { status: ReportStatus; submittedAt: string | null })[];
  reports: ReadonlyMap<string, WeeklyReport>;
  executions: ReadonlyMap<string, { status: ExecutionStatus; deadlineAt: string }>;
  /** Indicator id → values reported with completed items (completion report metrics). */
  reportedMetrics: ReadonlyMap<string, number[]>;
  informingIndicatorId: string;
  names: ReadonlyMap<string, string>;
  compiledAt: string;
  reason: ConsolidatedReport['reason'];
}

const isOpen = (s: ExecutionStatus) => s === 'assigned' || s === 'in_progress';

export function consolidate(input: ConsolidationInput): ConsolidatedReport {
  const { document: doc, names } = input;
  const name = (id: string | null) => (id ? names.get(id) ?? id : null);
  const compiledAt = input.compiledAt;

  const order = new Map<string, number>();
  let n = 0;
  const items = new Map<string, { title: string; directionTitle: string; party: 'TFOMS' | 'SMO' }>();
  for (const { direction, item } of itemsOf(doc)) {
    order.set(item.id, n++);
    items.set(item.id, { title: item.title, directionTitle: direction.title, party: direction.party });
  }
  const moOrder = new Map(doc.participatingMoIds.map((m, i) => [m, i]));

  const lines: ConsolidatedLine[] = [];
  const reporters: ConsolidatedReporter[] = [];
  const smoForm: ConsolidatedSmoRow[] = [];
  for (const duty of input.duties) {
    const report = input.reports.get(duty.personId);
    const reported = new Map((report?.lines ?? []).map((l) => [lineKey(l.itemId, l.moId), l]));
    // Every line and СМО row of this duty names the same reporter and organisation.
    const organisation = { organisationId: duty.organisationId, organisationName: name(duty.organisationId)! };
    const reporter = { reporterId: duty.personId, reporterName: name(duty.personId)! };
    // A cancelled item is shown («отменено») but expects no report: a reporter left with only
    // cancelled items, who sent nothing, is neither missing nor counted.
    const active = duty.lines.filter((l) => input.executions.get(lineKey(l.itemId, l.moId))?.status !== 'cancelled').length;
    if (active > 0 || duty.lines.length === 0 || report) reporters.push({
      personId: duty.personId,
      name: reporter.reporterName,
      ...organisation,
      smo: duty.smo,
      status: duty.status,
      submittedAt: duty.submittedAt,
      lateByMs: duty.status === 'late' && duty.submittedAt ? Date.parse(duty.submittedAt) - Date.parse(input.period.dueAt) : null,
      lines: active,
    });
    for (const l of duty.lines) {
      const item = items.get(l.itemId);
      const execution = input.executions.get(lineKey(l.itemId, l.moId));
      const r = reported.get(lineKey(l.itemId, l.moId));
      lines.push({
        directionId: l.directionId,
        directionTitle: item?.directionTitle ?? l.directionId,
        party: item?.party ?? 'TFOMS',
        itemId: l.itemId,
        itemTitle: item?.title ?? l.itemId,
        moId: l.moId,
        moName: name(l.moId),
        ...reporter,
        deadlineAt: execution?.deadlineAt ?? null,
        executionStatus: execution?.status ?? null,
        overdue: execution ? isOpen(execution.status) && execution.deadlineAt < compiledAt : false,
        reported: r !== undefined,
        status: r?.status ?? null,
        percent: r?.percent ?? null,
        done: r?.done ?? '',
        problems: r?.problems ?? '',
      });
    }
    for (const row of report?.smoForm ?? []) {
      const wave = row.survey ? input.executions.get(lineKey(row.survey.itemId, row.moId)) : undefined;
      smoForm.push({
        moId: row.moId,
        moName: name(row.moId)!,
        ...organisation,
        ...reporter,
        representativesPresent: row.representativesPresent,
        notified: row.notified,
        completedCheckup: row.completedCheckup,
        effectiveness: informingEffectiveness(row.notified, row.completedCheckup),
        survey: row.survey
          ? {
              itemId: row.survey.itemId,
              itemTitle: items.get(row.survey.itemId)?.title ?? row.survey.itemId,
              waveDeadlineAt: wave?.deadlineAt ?? null,
              planned: row.survey.planned,
              surveyed: row.survey.surveyed,
              percent: Math.round((row.survey.surveyed / row.survey.planned) * 1000) / 10,
            }
          : null,
      });
    }
  }
  lines.sort(
    (a, b) =>
      (order.get(a.itemId) ?? 0) - (order.get(b.itemId) ?? 0) ||
      (a.moId === null ? -1 : moOrder.get(a.moId) ?? 0) - (b.moId === null ? -1 : moOrder.get(b.moId) ?? 0),
  );
  smoForm.sort((a, b) => (moOrder.get(a.moId) ?? 0) - (moOrder.get(b.moId) ?? 0) || a.organisationId.localeCompare(b.organisationId));

  const year = String(toLocal(new Date(input.period.dueAt), input.region.timeZone).year);
  const used = new Set(doc.directions.flatMap((d) => d.items.flatMap((i) => i.indicatorIds)));
  const notified = smoForm.reduce((s, r) => s + r.notified, 0);
  const completed = smoForm.reduce((s, r) => s + r.completedCheckup, 0);
  const indicators = doc.indicators
    .filter((ind) => used.has(ind.id))
    .map((ind): ConsolidatedIndicator => {
      const target = ind.targets[year] ?? null;
      const metrics = input.reportedMetrics.get(ind.id) ?? [];
      const actual =
        ind.id === input.informingIndicatorId
          ? informingEffectiveness(notified, completed)
          : metrics.length
            ? Math.round((metrics.reduce((s, v) => s + v, 0) / metrics.length) * 10) / 10
            : null;
      return {
        id: ind.id,
        title: ind.title,
        unit: ind.unit,
        direction: ind.direction,
        target,
        actual,
        meets: target === null || actual === null ? null : meetsTarget(ind.direction, target, actual),
      };
    });

  const count = (s: ReportStatus) => reporters.filter((r) => r.status === s).length;
  const live = lines.filter((l) => l.executionStatus !== 'cancelled');
  return {
    periodId: input.period.periodId,
    number: input.period.number,
    roadMapId: input.period.roadMapId,
    roadMapTitle: input.roadMapTitle,
    regionCode: input.region.code,
    regionName: input.region.name,
    timeZone: input.region.timeZone,
    opensAt: input.period.opensAt,
    dueAt: input.period.dueAt,
    cutoffAt: input.period.cutoffAt,
    compiledAt,
    reason: input.reason,
    coordinator: { personId: input.period.coordinatorId, name: name(input.period.coordinatorId)! },
    totals: {
      reporters: reporters.length,
      onTime: count('on_time'),
      late: count('late'),
      missing: count('missing'),
      pending: count('pending'),
      lines: live.length,
      reportedLines: live.filter((l) => l.reported).length,
      overdueItems: live.filter((l) => l.overdue).length,
    },
    reporters,
    lines,
    smoForm,
    indicators,
  };
}
