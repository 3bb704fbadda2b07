import type { Rung } from '../domain/escalation-policy.js';
import type { PeriodReporter, ReportingPeriodPlan } from '../domain/reporting-period.js';

export interface PeriodOpening {
  number: number;
  opensAt: string;
}

/** The weekly-monitoring part of the activity surface (see activity-types.ts). */
export interface MonitoringActivities {
  /** Starts the road map's monitoring cycle unless it already runs: safe to call on every approval. */
  startMonitoringCycle(input: { roadMapId: string }): Promise<void>;
  /** When the next period opens, by the approved version's policy; null once the road map is finished or monitoring is off. */
  planNextPeriod(input: { roadMapId: string; previous: PeriodOpening | null }): Promise<PeriodOpening | null>;
  /** Records the period and who reports on what (once, keyed by the period id); null when the road map is finished. */
  openReportingPeriod(input: { roadMapId: string } & PeriodOpening): Promise<ReportingPeriodPlan | null>;
  /** One rung of the late-report ladder for the reporters still outstanding, with its notifications, once. */
  fireReportRung(input: FireReportRung): Promise<{ notificationIds: string[] }>;
  /** Builds the consolidated report from the read model and records it (keyed by the compilation number). */
  compileConsolidatedReport(input: { periodId: string; compilation: number; reason: 'all_in' | 'cutoff' }): Promise<{ missing: number }>;
  /** E-mails the notifications the given events wrote (each at most once). */
  deliverEventNotifications(input: { eventIds: string[] }): Promise<{ sent: number }>;
}

export interface FireReportRung {
  key: string;
  periodId: string;
  roadMapId: string;
  version: number;
  rung: Rung;
  dueAt: string;
  outstanding: PeriodReporter[];
  coordinatorId: string;
}
