import { z } from '@hono/zod-openapi';
import { SubmissionBody as SubmissionInput, WeeklyReportBody as WeeklyReportInput } from '../services/monitoring/monitoring-inputs.js';
import { named } from './schemas.js';
import { WeeklyReport } from '../domain/weekly-report.js';

/** Request and response bodies of the weekly-monitoring API: one definition validates, types and documents each. */
export const WeeklyReportBody = named(WeeklyReportInput, 'WeeklyReport');

const ReportCounts = z.object({ total: z.number().int(), onTime: z.number().int(), late: z.number().int(), missing: z.number().int(), pending: z.number().int() });

export const PeriodSummary = z
  .object({
    id: z.string(),
    roadMapId: z.string(),
    roadMapTitle: z.string(),
    number: z.number().int(),
    opensAt: z.string(),
    dueAt: z.string(),
    cutoffAt: z.string(),
    /** ДД.ММ.ГГГГ ЧЧ:ММ, local time of the region. */
    opensLocal: z.string(),
    dueLocal: z.string(),
    cutoffLocal: z.string(),
    status: z.enum(['open', 'closed', 'submitted']),
    statusLabel: z.string(),
    compiledAt: z.string().nullable(),
    submittedAt: z.string().nullable(),
    reports: ReportCounts,
  })
  .openapi('ReportingPeriod');

export const Duty = z
  .object({
    personId: z.string(),
    name: z.string(),
    organisationId: z.string(),
    organisationName: z.string(),
    smo: z.boolean(),
    status: z.enum(['pending', 'on_time', 'late', 'missing', 'released']),
    statusLabel: z.string(),
    firstSubmittedAt: z.string().nullable(),
    lastSubmittedAt: z.string().nullable(),
    revision: z.number().int(),
    lastRung: z.string().nullable(),
    moIds: z.array(z.string()),
    lines: z.array(z.object({ directionId: z.string(), itemId: z.string(), moId: z.string().nullable() })),
  })
  .openapi('ReportingDuty');

export const PeriodDetail = PeriodSummary.extend({
  coordinatorId: z.string(),
  coordinatorComment: z.string().nullable(),
  submittedBy: z.string().nullable(),
  ladder: z.array(z.object({ rungId: z.string(), kind: z.enum(['reminder', 'escalation']), notify: z.array(z.string()), fireAt: z.string() })),
  duties: z.array(Duty),
}).openapi('ReportingPeriodDetail');

export const ReportCommandResult = z
  .object({ periodId: z.string(), reporterId: z.string(), revision: z.number().int(), late: z.boolean(), submittedAt: z.string(), firstSubmittedAt: z.string() })
  .openapi('WeeklyReportResult');

export const StoredReport = z
  .object({
    periodId: z.string(),
    periodNumber: z.number().int(),
    roadMapId: z.string(),
    reporterId: z.string(),
    reporterName: z.string(),
    revision: z.number().int(),
    late: z.boolean(),
    submittedAt: z.string(),
    submittedBy: z.string(),
    actingForId: z.string().nullable(),
    report: WeeklyReport,
  })
  .openapi('StoredWeeklyReport');

const ConsolidatedLine = z.object({
  directionId: z.string(), directionTitle: z.string(), party: z.enum(['TFOMS', 'SMO']), itemId: z.string(), itemTitle: z.string(),
  moId: z.string().nullable(), moName: z.string().nullable(), reporterId: z.string(), reporterName: z.string(),
  deadlineAt: z.string().nullable(), executionStatus: z.string().nullable(), overdue: z.boolean(), reported: z.boolean(),
  status: z.string().nullable(), percent: z.number().nullable(), done: z.string(), problems: z.string(),
});
const ConsolidatedSmoRow = z.object({
  moId: z.string(), moName: z.string(), organisationId: z.string(), organisationName: z.string(), reporterId: z.string(), reporterName: z.string(),
  representativesPresent: z.number(), notified: z.number(), completedCheckup: z.number(), effectiveness: z.number().nullable(),
  survey: z.object({ itemId: z.string(), itemTitle: z.string(), waveDeadlineAt: z.string().nullable(), planned: z.number(), surveyed: z.number(), percent: z.number() }).nullable(),
});
export const ConsolidatedReportSchema = z
  .object({
    periodId: z.string(), number: z.number().int(), roadMapId: z.string(), roadMapTitle: z.string(), regionCode: z.string(), regionName: z.string(),
    timeZone: z.string(), opensAt: z.string(), dueAt: z.string(), cutoffAt: z.string(), compiledAt: z.string(), reason: z.enum(['all_in', 'cutoff']),
    coordinator: z.object({ personId: z.string(), name: z.string() }),
    totals: z.object({ reporters: z.number(), onTime: z.number(), late: z.number(), missing: z.number(), pending: z.number(), lines: z.number(), reportedLines: z.number(), overdueItems: z.number() }),
    reporters: z.array(z.object({
      personId: z.string(), name: z.string(), organisationId: z.string(), organisationName: z.string(), smo: z.boolean(),
      status: z.enum(['pending', 'on_time', 'late', 'missing', 'released']), submittedAt: z.string().nullable(), lateByMs: z.number().nullable(), lines: z.number(),
    })),
    lines: z.array(ConsolidatedLine),
    smoForm: z.array(ConsolidatedSmoRow),
    indicators: z.array(z.object({ id: z.string(), title: z.string(), unit: z.string(), direction: z.string(), target: z.number().nullable(), actual: z.number().nullable(), meets: z.boolean().nullable() })),
  })
  .openapi('ConsolidatedReport');

export const ConsolidatedView = z
  .object({
    periodId: z.string(),
    status: z.enum(['open', 'closed', 'submitted']),
    compilation: z.number().int(),
    submittedAt: z.string().nullable(),
    submittedBy: z.string().nullable(),
    coordinatorComment: z.string().nullable(),
    report: ConsolidatedReportSchema,
  })
  .openapi('ConsolidatedReportView');

export const SubmissionBody = named(SubmissionInput, 'ConsolidatedSubmission');
export const SubmissionResult = z.object({ periodId: z.string(), submittedAt: z.string(), submittedBy: z.string() }).openapi('ConsolidatedSubmissionResult');

const DisciplineFigures = z.object({
  reports: ReportCounts,
  items: z.object({ total: z.number().int(), onTimeAgainstOriginal: z.number().int(), rescheduled: z.number().int(), overdue: z.number().int() }),
});
export const Discipline = z
  .object({
    roadMapId: z.string(),
    persons: z.array(DisciplineFigures.extend({ personId: z.string(), name: z.string(), organisationId: z.string(), organisationName: z.string() })),
    smo: z.array(DisciplineFigures.extend({ organisationId: z.string(), organisationName: z.string() })),
    region: DisciplineFigures.extend({ regionCode: z.string(), regionName: z.string() }),
  })
  .openapi('Discipline');
