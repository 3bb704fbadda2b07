import type postgres from 'postgres';
import type { DomainEvent } from '../domain/events.js';
import { federalRungText } from '../domain/federal/federal-notification-text.js';
import type { FederalRungPlan, FederalWeekPlan } from '../domain/federal/federal-week-state.js';
import { appUrl, notifyAbout, type EmailMode, type Recipient } from './notification-outbox.js';

type Tx = postgres.TransactionSql;

export const isFederalEvent = (e: DomainEvent) => e.type.startsWith('federal.');
export const federalWeekLink = (week: string) => `${appUrl()}/pilot/weeks/${encodeURIComponent(week)}`;

/** The federal read model (federal_weeks, federal_region_weeks), applied in the append's transaction. */
export async function projectFederalEvent(tx: Tx, e: DomainEvent, email: EmailMode): Promise<void> {
  switch (e.type) {
    case 'federal.week_opened': {
      const { plan, workflowId } = e.payload as { plan: FederalWeekPlan; workflowId: string };
      await tx`insert into federal_weeks ${tx([{ id: plan.federalWeekId, programme_id: plan.programmeId, week: plan.week, workflow_id: workflowId, opened_at: e.occurredAt }])}
               on conflict (id) do nothing`;
      if (!plan.regions.length) return;
      await tx`insert into federal_region_weeks ${tx(
        plan.regions.map((r) => ({
          federal_week_id: plan.federalWeekId,
          region_code: r.regionCode,
          roadmap_id: r.roadMapId,
          group_id: r.groupId,
          coordinator_id: r.coordinatorId,
          time_zone: r.timeZone,
          due_at: r.dueAt,
          ladder: tx.json(r.ladder as never),
          submitted_at: r.submittedAt,
        })),
      )} on conflict do nothing`;
      // A submission committed while the week was being planned is picked up here, in the same transaction as the rows.
      await tx`update federal_region_weeks f set submitted_at = s.submitted_at, period_id = s.period_id
               from (select distinct on (r.region_code) r.region_code, p.id as period_id, p.submitted_at
                     from reporting_periods p join roadmaps r on r.id = p.roadmap_id
                     where p.iso_week = ${plan.week} and p.status = 'submitted' order by r.region_code, p.submitted_at) s
               where f.federal_week_id = ${plan.federalWeekId} and f.region_code = s.region_code and f.submitted_at is null`;
      return;
    }
    case 'federal.report_rung_fired': {
      const p = e.payload as { federalWeekId: string; week: string; regionCode: string; rung: FederalRungPlan; recipients: Recipient[]; dueAt: string };
      await tx`update federal_region_weeks set last_rung = ${p.rung.rungId} where federal_week_id = ${p.federalWeekId} and region_code = ${p.regionCode}`;
      const [row] = await tx<{ region_name: string; time_zone: string; coordinator_name: string }[]>`
        select g.name as region_name, f.time_zone, coalesce(c.full_name, f.coordinator_id) as coordinator_name
        from federal_region_weeks f join regions g on g.code = f.region_code left join people c on c.id = f.coordinator_id
        where f.federal_week_id = ${p.federalWeekId} and f.region_code = ${p.regionCode}`;
      const link = federalWeekLink(p.week);
      await notifyAbout(tx, e, p.recipients, 'federal_report_late', () => link, (_r, actingForName) =>
        federalRungText(p.rung.notify, {
          week: p.week,
          regionName: row.region_name,
          dueAt: new Date(p.dueAt),
          timeZone: row.time_zone,
          coordinatorName: row.coordinator_name,
          link,
          actingForName,
        }),
        email,
      );
      return;
    }
  }
}
