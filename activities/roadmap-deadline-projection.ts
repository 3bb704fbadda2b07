import type postgres from 'postgres';
import type { DomainEvent } from '../domain/events.js';
import type { FederalRungPlan } from '../domain/federal/federal-week-state.js';
import { roadMapDeadlineText } from '../domain/federal/roadmap-deadline.js';
import { appUrl, notifyAbout, type EmailMode, type Recipient } from './notification-outbox.js';

type Tx = postgres.TransactionSql;

const statusLabel: Record<string, string> = { draft: 'проект', submitted: 'на утверждении у директора ТФОМС' };

/** A rung of the road-map deadline: how far the region has climbed (pilot_regions) and its notifications, in the append's transaction. */
export async function projectRoadMapDeadlineEvent(tx: Tx, e: DomainEvent, email: EmailMode): Promise<void> {
  const p = e.payload as { programmeId: string; regionCode: string; rung: FederalRungPlan; recipients: Recipient[]; dueAt: string; roadMapStatus: string | null };
  await tx`update pilot_regions set roadmap_last_rung = ${p.rung.rungId}, roadmap_last_rung_at = ${e.occurredAt}
           where programme_id = ${p.programmeId} and region_code = ${p.regionCode}`;
  const [region] = await tx<{ name: string; time_zone: string }[]>`select name, time_zone from regions where code = ${p.regionCode}`;
  const link = `${appUrl()}/pilot/readiness`;
  await notifyAbout(tx, e, p.recipients, 'pilot_roadmap_late', () => link, (_r, actingForName) =>
    roadMapDeadlineText(p.rung.notify, {
      regionName: region.name,
      dueAt: new Date(p.dueAt),
      timeZone: region.time_zone,
      roadMapStatusLabel: p.roadMapStatus ? statusLabel[p.roadMapStatus] ?? p.roadMapStatus : null,
      link,
      actingForName,
    }),
    email,
  );
}
