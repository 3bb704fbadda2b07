import type { InvitationRound } from '../services/accounts/invitation-queue.js';
import type { DomainEvent } from '../domain/events.js';
import type { Rung, ScheduledRung } from '../domain/escalation-policy.js';
import type { MonitoringActivities } from './monitoring-activity-types.js';
import type { FederalActivities } from './federal-activity-types.js';
import type { RoadMapDeadlineActivities } from './roadmap-deadline-types.js';

/** The activity surface the workflows see; implemented in activities/, bound to real clients in worker/. */
export interface LaunchBatch {
  roadMapId: string;
  version: number;
  offset: number;
  limit: number;
  /** The version's document hash when it was approved by reference: the batch refuses a read model that differs. */
  documentSha256?: string;
}

export interface Activities extends MonitoringActivities, FederalActivities, RoadMapDeadlineActivities {
  /** Appends the events once; returns the notifications they wrote that still wait for their e-mail. */
  recordEvents(events: DomainEvent[]): Promise<{ notificationIds: string[] }>;
  launchExecutions(batch: LaunchBatch): Promise<{ started: number; existing: number }>;
  cancelRemovedExecutions(input: { roadMapId: string; version: number }): Promise<{ cancelled: number }>;
  /** The ladder for a (new) deadline, by the road map's policy, calendar and zone. */
  scheduleLadder(input: { roadMapId: string; version: number; deadlineAt: string }): Promise<ScheduledRung[]>;
  /** Records the rung and its notifications once (keyed), routed to acting officials; returns the notification ids. */
  fireRung(input: FireRung): Promise<{ notificationIds: string[] }>;
  /**
   * E-mails the notifications (or logs them when no SMTP is configured); each is sent at most once,
   * and marked `failed` once its attempts are used up.
   */
  deliverNotifications(input: { notificationIds: string[] }): Promise<{ sent: number }>;
  /** Removes uploads never attached within the cutoff and the bytes nobody names any more (one batch). */
  sweepUnattachedUploads(input: { olderThanHours: number; batch: number }): Promise<{ attachments: number; blobs: number }>;
  /** One round of an import's owed invitations (services/accounts/invitation-queue.ts). */
  sendQueuedInvitations(input: { batchId: string; regionCode: string; batch: number }): Promise<InvitationRound>;
}

export interface FireRung {
  key: string;
  roadMapId: string;
  executionId: string;
  version: number;
  rung: Rung;
  /** When it was due and when it actually fired: the difference is the escalation lag. */
  dueAt: string;
  deadlineAt: string;
  executorId: string;
  controllerId: string;
  coordinatorId: string;
}
