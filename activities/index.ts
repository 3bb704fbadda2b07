import type { Client } from '@temporalio/client';
import type postgres from 'postgres';
import type { Activities } from './activity-types.js';
import { cancelRemovedExecutions } from './cancel-removed-executions.js';
import { appendEvents } from './event-store.js';
import { launchExecutions } from './launch-executions.js';
import { sweepUnattachedUploads } from './sweep-unattached-uploads.js';
import { sendQueuedInvitations } from '../services/accounts/invitation-queue.js';
import { escalateRung, scheduleLadderFor } from './escalation-ladder.js';
import { deliverNotifications, emailMaxAttemptsFromEnv, mailerFromEnv, type Mailer } from './email-delivery.js';
import { planNextPeriod, startMonitoringCycle } from './monitoring-cycle.js';
import { openReportingPeriod } from './open-reporting-period.js';
import { fireReportRung } from './late-report-ladder.js';
import { compileConsolidatedReport } from './compile-consolidated-report.js';
import { deliverEventNotifications, notificationsToEmail } from './event-notifications.js';
import type { EmailMode } from './notification-outbox.js';
import { fireFederalRung, forwardSubmissionToFederalWeek, openFederalWeek, planFederalWeek } from './federal-week.js';
import { fireRoadMapDeadlineRung, forwardApprovalToRoadMapDeadline, planRoadMapDeadlines } from './roadmap-deadline.js';

export interface ActivityDeps {
  sql: postgres.Sql;
  client: Client;
  /** The main queue: road maps, weekly periods, federal weeks. */
  taskQueue: string;
  /** The item executions' own queue (worker/task-queue.ts). */
  executionTaskQueue: string;
  /** Defaults to SMTP_URL; null logs e-mail instead of sending it. */
  mailer?: Mailer | null;
  /** E-mail attempts per notification before it is marked failed (default EMAIL_MAX_ATTEMPTS, else 12). */
  emailMaxAttempts?: number;
}

/** Binds the activities to this process's database and Temporal client. */
export function createActivities(deps: ActivityDeps): Activities {
  const mailer = deps.mailer === undefined ? mailerFromEnv() : deps.mailer;
  const delivery = { maxAttempts: deps.emailMaxAttempts ?? emailMaxAttemptsFromEnv() };
  /**
   * Without SMTP there is nothing to send and nothing to retry: notifications are written
   * already settled (notification-outbox.ts), and the workflows get no ids, so they schedule no
   * e-mail step (one activity and one workflow task fewer per command and per rung). With SMTP
   * the e-mail stays an activity of its own, so that a dead mail server never holds up a
   * command or the ladder.
   */
  const email: EmailMode = mailer === null ? 'settle' : 'queue';
  return {
    recordEvents: async (events) => {
      await appendEvents(deps.sql, events, email);
      await forwardSubmissionToFederalWeek(deps, events);
      await forwardApprovalToRoadMapDeadline(deps, events);
      return { notificationIds: await notificationsToEmail(deps.sql, events.map((e) => e.id), email) };
    },
    launchExecutions: (batch) => launchExecutions(deps, batch),
    sweepUnattachedUploads: (input) => sweepUnattachedUploads(deps.sql, input),
    sendQueuedInvitations: (input) => sendQueuedInvitations({ sql: deps.sql, mailer }, { ...input, maxAttempts: delivery.maxAttempts }),
    cancelRemovedExecutions: (input) => cancelRemovedExecutions(deps, input),
    scheduleLadder: (input) => scheduleLadderFor(deps.sql, input),
    fireRung: (input) => escalateRung(deps.sql, input, email),
    deliverNotifications: (input) => deliverNotifications(deps.sql, mailer, input, delivery),
    startMonitoringCycle: (input) => startMonitoringCycle(deps, input),
    planNextPeriod: (input) => planNextPeriod(deps.sql, input),
    openReportingPeriod: (input) => openReportingPeriod(deps.sql, input, email),
    fireReportRung: (input) => fireReportRung(deps.sql, input, email),
    compileConsolidatedReport: (input) => compileConsolidatedReport(deps.sql, input, email),
    deliverEventNotifications: (input) => deliverEventNotifications(deps.sql, mailer, input, delivery),
    planFederalWeek: async (input) => planFederalWeek(input),
    openFederalWeek: (input) => openFederalWeek(deps.sql, input, email),
    fireFederalRung: (input) => fireFederalRung(deps.sql, input, email),
    planRoadMapDeadlines: (input) => planRoadMapDeadlines(deps.sql, input),
    fireRoadMapDeadlineRung: (input) => fireRoadMapDeadlineRung(deps.sql, input, email),
  };
}
