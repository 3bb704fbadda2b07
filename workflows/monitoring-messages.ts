/**
 * Commands and queries of the weekly-monitoring workflows, shared with the
 * API client. Commands are Updates, refused by their validators before
 * anything reaches history.
 */
import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { Actor } from '../domain/actor.js';
import type { ReportingPeriodState } from '../domain/reporting-period.js';
import type { WeeklyReport } from '../domain/weekly-report.js';

export interface ReportCommandResult {
  periodId: string;
  reporterId: string;
  revision: number;
  late: boolean;
  submittedAt: string;
  firstSubmittedAt: string;
}

export interface ConsolidatedSubmissionResult {
  periodId: string;
  submittedAt: string;
  submittedBy: string;
}

/** Submits the reporter's weekly report, or corrects it (a new revision) before the cut-off. */
export const submitWeeklyReportUpdate = defineUpdate<ReportCommandResult, [{ actor: Actor; reporterId: string; report: WeeklyReport }]>('submitWeeklyReport');
export const submitConsolidatedUpdate = defineUpdate<ConsolidatedSubmissionResult, [{ actor: Actor; comment: string }]>('submitConsolidatedReport');
export const reportingPeriodStateQuery = defineQuery<ReportingPeriodState>('reportingPeriodState');
