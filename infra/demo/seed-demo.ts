import { WithStartWorkflowOperation, type Client } from '@temporalio/client';
import type postgres from 'postgres';
import type { Actor } from '../../domain/actor.js';
import { RoadMapDocument, type RoadMapDocumentInput } from '../../domain/roadmap.js';
import { hashPassword } from '../../services/auth/password.js';
import { draftRecordedUpdate, submitRoadMapUpdate } from '../../workflows/messages.js';
import type { roadMapWorkflow } from '../../workflows/roadmap-workflow.js';
import { demo } from './index.js';
import { shiftDemoDates } from './shift-dates.js';
import { withDemoMonitoring } from './monitoring.js';
import { DEMO_PASSWORD } from './people.js';
import { pilotDemoOrganisations, pilotDemoPeople } from './pilot-regions.js';
import { seedPilotDemo } from './seed-pilot-demo.js';
import { seedPilotRoadMapDeadlines } from './pilot-roadmap-deadlines.js';

export const DEMO_ROADMAP_ID = 'rm-demo-57';

/**
 * Demo data from the seeds: the Orel region, its fund, СМО, МО and people,
 * and the road map drafted and submitted through the same workflow as any
 * other, so it waits for the director. Every step is keyed, so a start that
 * died half-way finishes the job on the next start and nothing is seeded twice.
 */
export async function seedDemo(deps: { sql: postgres.Sql; temporal: Client; taskQueue: string }): Promise<{ seeded: boolean }> {
  const { sql } = deps;
  await seedReferenceData(sql);
  await seedPilotDemo(deps);
  await seedPilotRoadMapDeadlines(sql);
  const [done] = await sql`select 1 from roadmaps where id = ${DEMO_ROADMAP_ID} and status <> 'draft'`;
  if (done) return { seeded: false };

  const region = demo.region;
  const drafter = demo.people.find((p) => p.login === 'coordinator')!;
  const actor: Actor = {
    personId: drafter.id,
    fullName: drafter.fullName,
    organisationId: drafter.organisationId,
    organisationKind: 'TFOMS',
    regionCode: region.code,
    position: drafter.position,
    roles: drafter.roles,
    actingForId: null,
  };
  const dated = process.env.DEMO_DATES === 'original' ? demo.roadMapDocument : shiftDemoDates(demo.roadMapDocument, new Date().toISOString().slice(0, 10));
  const document = RoadMapDocument.parse(withDemoMonitoring(process.env.DEMO_FAST === '1' ? fastDemo(dated) : dated));
  const start = new WithStartWorkflowOperation<typeof roadMapWorkflow>('roadMapWorkflow', {
    workflowId: `roadmap:${DEMO_ROADMAP_ID}`,
    taskQueue: deps.taskQueue,
    args: [{ roadMapId: DEMO_ROADMAP_ID, regionCode: region.code, draft: { actor, document } }],
    workflowIdConflictPolicy: 'USE_EXISTING',
  });
  await deps.temporal.workflow.executeUpdateWithStart(draftRecordedUpdate, { startWorkflowOperation: start, updateId: 'demo-seed-draft' });
  await deps.temporal.workflow
    .getHandle(`roadmap:${DEMO_ROADMAP_ID}`)
    .executeUpdate(submitRoadMapUpdate, { args: [{ actor }], updateId: 'demo-seed-submit' });
  return { seeded: true };
}

/** The region, its organisations and people (password "demo"); safe to run again. */
export async function seedReferenceData(sql: postgres.Sql): Promise<void> {
  const region = demo.region;
  await sql`insert into regions ${sql([{ code: region.code, name: region.name, federal_district: region.federalDistrict, time_zone: region.timeZone }])}
            on conflict (code) do nothing`;
  // Parents before sub-units; the federal level's demo regions after Orel's (their people belong to ФОМС too).
  const orgs = [...demo.organisations].sort((a, b) => Number(a.parentId !== null) - Number(b.parentId !== null)).concat(pilotDemoOrganisations);
  await sql`insert into organisations ${sql(
    orgs.map((o) => ({ id: o.id, kind: o.kind, name: o.name, region_code: o.regionCode, registry_number: o.registryNumber, parent_id: o.parentId })),
  )} on conflict (id) do nothing`;
  // The demo road map's 8 МО take part in the pilot; an administrator's own change (in the audit trail) is left as it is.
  await sql`update organisations o set in_pilot = true where o.id = any(${demo.participatingMoIds}) and not o.in_pilot
            and not exists (select 1 from directory_changes c where c.subject_kind = 'organisation' and c.subject_id = o.id)`;
  // One hash of the shared demo password for the pilot's people: 30 more scrypt runs would slow every start.
  const pilotHash = await hashPassword(DEMO_PASSWORD);
  const people = await Promise.all(
    [...demo.people.map((p) => [p, null] as const), ...pilotDemoPeople.map((p) => [p, pilotHash] as const)].map(async ([p, hash]) => ({
      id: p.id,
      login: p.login,
      full_name: p.fullName,
      organisation_id: p.organisationId,
      position: p.position,
      position_title: p.positionTitle,
      email: p.email,
      roles: p.roles as string[],
      password_hash: hash ?? (await hashPassword(p.password)),
    })),
  );
  await sql`insert into people ${sql(people)} on conflict (id) do nothing`;
}

/**
 * DEMO_FAST=1: the ladder in minutes and the first item due a few minutes
 * after start, so a newcomer sees a reminder, the overdue escalation and the
 * director's rung arrive while watching.
 */
function fastDemo(doc: RoadMapDocumentInput): RoadMapDocumentInput {
  const copy = structuredClone(doc);
  const minutes = Number(process.env.DEMO_FAST_DEADLINE_MINUTES ?? 4);
  copy.directions[0].items[0].deadline = { dateTime: new Date(Date.now() + minutes * 60_000).toISOString() };
  copy.escalationPolicy = {
    rungs: [
      { id: 'remind', kind: 'reminder', offset: '-PT2M', notify: ['executor'] },
      { id: 'overdue', kind: 'escalation', offset: 'PT0S', notify: ['executor', 'controller'] },
      { id: 'director', kind: 'escalation', offset: 'PT1M', notify: ['director'] },
    ],
  };
  return copy;
}
