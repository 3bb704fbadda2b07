import type postgres from 'postgres';
import type { Actor } from '../../domain/actor.js';
import type { ReportStatus } from '../../domain/reporting-period.js';
import { lineKey } from '../../domain/reporting-duty.js';
import { refusal, RefusedError } from '../../domain/refusal.js';
import { type RoadMapDocument } from '../../domain/roadmap.js';
import { itemsOf } from '../../domain/roadmap-structure.js';
import type { WeeklyReport } from '../../domain/weekly-report.js';
import { actingFor } from '../people/acting.js';
import type { DutyRow } from './monitoring-commands.js';
import { readablePeriod, type PeriodRow } from './monitoring-read-model.js';

/** What the weekly report form is built from: the reporter's duty, the items and МО it covers, this week's or last week's report. */
export interface ReportContext {
  period: PeriodRow;
  duty: DutyRow & { status: ReportStatus; revision: number; first_submitted_at: Date | null; last_submitted_at: Date | null; full_name: string };
  items: Map<string, { title: string; directionTitle: string; survey: boolean }>;
  moNames: Map<string, string>;
  executions: Map<string, { status: string; deadline_at: Date }>;
  current: WeeklyReport | null;
  previous: WeeklyReport | null;
}

export async function weeklyReportContext(sql: postgres.Sql, actor: Actor, periodId: string, reporter: string | undefined): Promise<ReportContext> {
  const period = await readablePeriod(sql, actor, periodId);
  const reporterId = reporter || actor.personId;
  const [duty] = await sql<ReportContext['duty'][]>`
    select d.*, pe.full_name from reporting_duties d join people pe on pe.id = d.person_id where d.period_id = ${period.id} and d.person_id = ${reporterId}`;
  // Someone else's duty is shown only to them and to whoever acts for them right now.
  if (!duty || (reporterId !== actor.personId && !(await actingFor(sql, actor.personId)).includes(reporterId))) {
    throw new RefusedError(refusal('forbidden', 'вы не входите в число отчитывающихся в этом периоде'));
  }
  const [v] = await sql<{ document: RoadMapDocument }[]>`select document from roadmap_versions where roadmap_id = ${period.roadmap_id} and version = ${period.version}`;
  const items = new Map<string, { title: string; directionTitle: string; survey: boolean }>();
  for (const { direction, item } of itemsOf(v.document)) {
    // Survey waves (СМО activity 3) are the items of a survey direction: the form's survey progress refers to one of them.
    items.set(item.id, { title: item.title, directionTitle: direction.title, survey: /survey|опрос/i.test(`${direction.id} ${direction.title} ${item.title}`) });
  }
  const moIds = [...new Set(duty.lines.map((l) => l.moId).filter((m): m is string => !!m))];
  const moNames = new Map((await sql<{ id: string; name: string }[]>`select id, name from organisations where id = any(${moIds})`).map((o) => [o.id, o.name]));
  const executions = new Map(
    (
      await sql<{ item_id: string; mo_id: string | null; status: string; deadline_at: Date }[]>`
        select item_id, mo_id, status, deadline_at from item_executions
        where roadmap_id = ${period.roadmap_id} and status <> 'cancelled' and item_id = any(${[...new Set(duty.lines.map((l) => l.itemId))]})
        order by version`
    ).map((e) => [lineKey(e.item_id, e.mo_id), e]),
  );
  const [current] = await sql<{ report: WeeklyReport }[]>`
    select report from weekly_reports where period_id = ${period.id} and person_id = ${reporterId} order by revision desc limit 1`;
  const [previous] = current
    ? []
    : await sql<{ report: WeeklyReport }[]>`
        select w.report from weekly_reports w join reporting_periods p on p.id = w.period_id
        where p.roadmap_id = ${period.roadmap_id} and p.number < ${period.number} and w.person_id = ${reporterId}
        order by p.number desc, w.revision desc limit 1`;
  return { period, duty, items, moNames, executions, current: current?.report ?? null, previous: previous?.report ?? null };
}

