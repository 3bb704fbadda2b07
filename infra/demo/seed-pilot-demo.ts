import { WithStartWorkflowOperation, type Client } from '@temporalio/client';
import type postgres from 'postgres';
import { appendEvents } from '../../activities/event-store.js';
import { compileConsolidatedReport } from '../../activities/compile-consolidated-report.js';
import { reportingDuties, type DutyPerson } from '../../domain/reporting-duty.js';
import type { Actor } from '../../domain/actor.js';
import { workingCalendarFor } from '../../domain/calendar/working-calendar.js';
import type { DomainEvent } from '../../domain/events.js';
import { isoWeekOfDate } from '../../domain/federal/iso-week.js';
import { defaultMonitoringPolicy, periodTimes } from '../../domain/monitoring-policy.js';
import { reportingPeriodId, reportingPeriodWorkflowId } from '../../domain/reporting-period.js';
import { RoadMapDocument } from '../../domain/roadmap.js';
import { federalSubject } from '../../domain/federal/federal-subjects.js';
import { fromLocal, parseIsoDate } from '../../domain/zoned-time.js';
import { dayOfIsoWeek } from '../../domain/federal/iso-week.js';
import { approveRoadMapUpdate, draftRecordedUpdate, submitRoadMapUpdate } from '../../workflows/messages.js';
import type { roadMapWorkflow } from '../../workflows/roadmap-workflow.js';
import { moIdOf, pilotDemoOrganisations, pilotDemoPeople, pilotDemoRegions, tfomsIdOf, type PilotDemoRegion } from './pilot-regions.js';
import { pilotDemoDocument, pilotRoadMapId } from './pilot-roadmaps.js';

const target: Record<PilotDemoRegion['state'], string | null> = { draft: 'draft', submitted: 'submitted', approved: 'approved', approved_late_week: 'approved', none: null };

function actorOf(login: string, r: PilotDemoRegion): Actor {
  const p = pilotDemoPeople.find((x) => x.login === login)!;
  return { personId: p.id, fullName: p.fullName, organisationId: tfomsIdOf(r), organisationKind: 'TFOMS', regionCode: r.code, position: p.position, roles: p.roles, actingForId: null };
}

/**
 * The pilot regions' road maps in their demo states, through the same
 * workflows as any other (drafted by the coordinator, submitted, approved by
 * the director); every step keyed, so a start that died half-way finishes
 * and nothing is done twice. A region already in its state is skipped.
 */
export async function seedPilotDemo(deps: { sql: postgres.Sql; temporal: Client; taskQueue: string }, today = new Date().toISOString().slice(0, 10)): Promise<void> {
  const states = new Map(
    (await deps.sql<{ id: string; status: string }[]>`select id, status from roadmaps where id like 'rm-pilot-%'`).map((r) => [r.id, r.status]),
  );
  for (const r of pilotDemoRegions) {
    const want = target[r.state];
    const id = pilotRoadMapId(r);
    if (!want || states.get(id) === want) continue;
    const coordinator = actorOf(r.coordinator[0], r);
    const document = RoadMapDocument.parse(pilotDemoDocument(r, today));
    const start = new WithStartWorkflowOperation<typeof roadMapWorkflow>('roadMapWorkflow', {
      workflowId: `roadmap:${id}`,
      taskQueue: deps.taskQueue,
      args: [{ roadMapId: id, regionCode: r.code, draft: { actor: coordinator, document } }],
      workflowIdConflictPolicy: 'USE_EXISTING',
    });
    await deps.temporal.workflow.executeUpdateWithStart(draftRecordedUpdate, { startWorkflowOperation: start, updateId: `demo-${id}-draft` });
    if (want === 'draft') continue;
    const handle = deps.temporal.workflow.getHandle(`roadmap:${id}`);
    await handle.executeUpdate(submitRoadMapUpdate, { args: [{ actor: coordinator }], updateId: `demo-${id}-submit` });
    if (want === 'submitted') continue;
    // Before approval, so the monitoring cycle numbers its first period after the history.
    if (r.state === 'approved_late_week') await lateWeekHistory(deps.sql, r, id, document, today);
    await handle.executeUpdate(approveRoadMapUpdate, { args: [{ actor: actorOf(r.director[0], r) }], updateId: `demo-${id}-approve` });
  }
}

/**
 * Last week's consolidated report of the region, submitted after the federal
 * due time: demo history appended as the events a reporting period would have
 * recorded (no workflow played that week), so the federal view has a late
 * week to show. In the order a real week runs: one report before the due
 * time, reception closed at the cut-off (two reports missing), the report
 * compiled then, and sent to ФОМС an hour later — never sent before it was
 * compiled, nor compiled before reception closed.
 */
async function lateWeekHistory(sql: postgres.Sql, r: PilotDemoRegion, roadMapId: string, document: RoadMapDocument, today: string): Promise<void> {
  const zone = federalSubject(r.code)!.timeZone;
  const calendar = workingCalendarFor(r.code);
  const lastWeek = isoWeekOfDate(new Date(Date.parse(`${today}T00:00:00Z`) - 7 * 86_400_000).toISOString().slice(0, 10));
  const opensAt = fromLocal({ ...parseIsoDate(dayOfIsoWeek(lastWeek)), hour: 9, minute: 0, second: 0 }, zone).toISOString();
  const policyTimes = periodTimes(defaultMonitoringPolicy, opensAt, zone, calendar);
  // The policy's cut-off is two working days after the due Friday: Tuesday of this week. Seeded before then
  // (Monday, Tuesday morning), the history's reception closes two hours ago instead, so nothing in it lies in
  // the future; that is still days after the federal due time (Friday 18:00 local), so the week stays late.
  const cutoffAt = new Date(Math.min(Date.parse(policyTimes.cutoffAt), Date.now() - 2 * 3_600_000));
  const times = { ...policyTimes, cutoffAt: cutoffAt.toISOString() };
  const periodId = reportingPeriodId(roadMapId, 1);
  const submittedAt = new Date(cutoffAt.getTime() + 3_600_000).toISOString();
  const base = { roadMapId, subject: periodId, version: 1, actingForId: null };
  const kinds = new Map(pilotDemoOrganisations.map((o) => [o.id, o.kind]));
  const people = new Map<string, DutyPerson>(pilotDemoPeople.map((p) => [p.id, { organisationId: p.organisationId, organisationKind: kinds.get(p.organisationId) ?? 'FOMS' }]));
  const duties = reportingDuties(document, people);
  const smo = r.smoHead[0];
  const smoForm = r.mo.map((_, i) => ({ moId: moIdOf(r, i), representativesPresent: 2 + i, notified: 400 + 100 * i, completedCheckup: 150 + 40 * i }));
  const at = (ms: number) => new Date(Date.parse(times.dueAt) + ms).toISOString();
  await appendEvents(sql, [
    {
      ...base,
      id: `demo-history:${periodId}:opened`,
      type: 'monitoring.period_opened',
      occurredAt: opensAt,
      actorId: null,
      payload: { number: 1, ...times, timeZone: zone, coordinatorId: r.coordinator[0], workflowId: reportingPeriodWorkflowId(periodId), ladder: [], duties },
    },
    {
      ...base,
      id: `demo-history:${periodId}:report`,
      type: 'monitoring.report_submitted',
      occurredAt: at(-3_600_000),
      actorId: smo,
      payload: { reporterId: smo, report: { lines: [], smoForm, comment: '' }, revision: 1, correction: false, late: false, lateByMs: 0, firstSubmittedAt: at(-3_600_000) },
    },
    { ...base, id: `demo-history:${periodId}:closed`, type: 'monitoring.period_closed', occurredAt: times.cutoffAt, actorId: null, payload: { missing: duties.map((d) => d.personId).filter((p) => p !== smo) } },
  ]);
  const [compiled] = await sql`select 1 from consolidated_reports where period_id = ${periodId}`;
  if (!compiled) await compileConsolidatedReport(sql, { periodId, compilation: 1, reason: 'cutoff' }, 'queue', cutoffAt);
  const events: DomainEvent[] = [
    {
      ...base,
      id: `demo-history:${periodId}:submitted`,
      type: 'monitoring.consolidated_submitted',
      occurredAt: submittedAt,
      actorId: r.coordinator[0],
      payload: { comment: 'Направлен с опозданием (демо)', compilation: 1 },
    },
  ];
  await appendEvents(sql, events);
}
