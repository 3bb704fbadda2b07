/**
 * 6. The federal week view at pilot scale: 30 regions × 40 items × 50 МО
 * (60,000 executions), 200 reporters per region a week (6,000 weekly
 * reports a week) over several weeks, filled directly with SQL (not through
 * workflows: the benchmark is of the read model's query), then the week view
 * asked for by ФОМС (all 30 regions) and by a curator (13), repeatedly.
 */
import type postgres from 'postgres';
import type { Actor } from '../domain/actor.js';
import { dayOfIsoWeek, formatIsoWeek, isoWeekOf, parseIsoWeek } from '../domain/federal/iso-week.js';
import { pilotProgramme, pilotRegionCodes } from '../domain/federal/pilot.js';
import { weekView } from '../services/federal/week-view.js';
import { distribution, type Distribution } from './stats.js';

export interface PilotBenchResult {
  regions: number;
  executions: number;
  reportsPerWeek: number;
  weeks: number;
  fillMs: number;
  fomsMs: Distribution;
  curatorMs: Distribution;
  rows: number;
}

const ITEMS = 40;
const MO = 50;
const REPORTERS = 200;

async function fill(sql: postgres.Sql, weeks: string[]): Promise<void> {
  const codes = pilotRegionCodes as string[];
  await sql`insert into organisations (id, kind, name, region_code)
            select 'bp-tfoms-' || c, 'TFOMS', 'ТФОМС ' || c, c from unnest(${codes}::text[]) c on conflict do nothing`;
  await sql`insert into organisations (id, kind, name, region_code)
            select 'bp-mo-' || c || '-' || m, 'MO', 'МО ' || m, c from unnest(${codes}::text[]) c, generate_series(1, ${MO}) m on conflict do nothing`;
  await sql`insert into people (id, login, full_name, organisation_id, position, position_title, password_hash)
            select 'bp-' || c || '-' || n, 'bp-' || c || '-' || n, 'Исполнитель ' || n, 'bp-tfoms-' || c,
                   case when n = 0 then 'director' else 'head_of_directorate' end, 'должность', 'x'
            from unnest(${codes}::text[]) c, generate_series(0, ${REPORTERS}) n on conflict do nothing`;
  await sql`insert into roadmaps (id, region_code, title, status, approved_version, working_version, created_by, created_at, updated_at)
            select 'bp-rm-' || c, c, 'Дорожная карта ' || c, 'approved', 1, 1, 'bp-' || c || '-1', now(), now() from unnest(${codes}::text[]) c on conflict do nothing`;
  await sql`insert into roadmap_versions (roadmap_id, version, status, document, created_by, created_at)
            select 'bp-rm-' || c, 1, 'approved', jsonb_build_object('coordinatorId', 'bp-' || c || '-1'), 'bp-' || c || '-1', now()
            from unnest(${codes}::text[]) c on conflict do nothing`;
  // 40 items × 50 МО per region: a quarter accepted, a fifth overdue.
  await sql`insert into item_executions (id, roadmap_id, version, direction_id, item_id, mo_id, executor_id, controller_id, deadline_at, original_deadline_at,
                                         status, workflow_id, started_at, updated_at, item_title)
            select 'bp-ex-' || c || '-' || i || '-' || m, 'bp-rm-' || c, 1, 'd' || (i % 8), 'i' || i, 'bp-mo-' || c || '-' || m,
                   'bp-' || c || '-' || (1 + (i * ${MO} + m) % ${REPORTERS}), 'bp-' || c || '-1',
                   now() + ((i * 7 + m) % 50 - 10) * interval '1 day', now() + ((i * 7 + m) % 50 - 10) * interval '1 day',
                   case when (i + m) % 4 = 0 then 'accepted' else 'assigned' end, 'x', now(), now(), 'Мероприятие ' || i
            from unnest(${codes}::text[]) c, generate_series(1, ${ITEMS}) i, generate_series(1, ${MO}) m on conflict do nothing`;
  for (const [w, week] of weeks.entries()) {
    const monday = dayOfIsoWeek(parseIsoWeek(week)!);
    await sql`insert into reporting_periods (id, roadmap_id, version, number, opens_at, due_at, cutoff_at, status, coordinator_id, workflow_id, time_zone, ladder,
                                             iso_week, submitted_at)
              select 'bp-rm-' || c || '.w' || ${w + 1}, 'bp-rm-' || c, 1, ${w + 1}, ${monday}::date + time '09:00', ${monday}::date + 4 + time '15:00',
                     ${monday}::date + 6, case when ascii(c) % 3 = 0 then 'closed' else 'submitted' end, 'bp-' || c || '-1', 'x', 'Europe/Moscow', '[]',
                     ${week}, case when ascii(c) % 3 = 0 then null else ${monday}::date + 4 + time '16:00' end
              from unnest(${codes}::text[]) c on conflict do nothing`;
    await sql`insert into reporting_duties (period_id, person_id, organisation_id, smo, lines, mo_ids, controller_ids, status, first_submitted_at)
              select 'bp-rm-' || c || '.w' || ${w + 1}, 'bp-' || c || '-' || n, 'bp-tfoms-' || c, false, '[]', '{}', '{}',
                     case when n % 10 = 0 then 'missing' when n % 7 = 0 then 'late' else 'on_time' end, now()
              from unnest(${codes}::text[]) c, generate_series(1, ${REPORTERS}) n on conflict do nothing`;
    await sql`insert into weekly_reports (period_id, person_id, revision, submitted_at, submitted_by, late, report)
              select 'bp-rm-' || c || '.w' || ${w + 1}, 'bp-' || c || '-' || n, 1, now(), 'bp-' || c || '-' || n, n % 7 = 0, '{"lines":[],"smoForm":[]}'
              from unnest(${codes}::text[]) c, generate_series(1, ${REPORTERS}) n where n % 10 <> 0 on conflict do nothing`;
    await sql`insert into consolidated_reports (period_id, compilation, compiled_at, reason, report)
              select 'bp-rm-' || c || '.w' || ${w + 1}, 1, now(), 'cutoff',
                     jsonb_build_object('smoForm', (select jsonb_agg(jsonb_build_object('moId', 'bp-mo-' || c || '-' || m, 'representativesPresent', 1 + m % 3,
                                                                                   'notified', 100 + m, 'completedCheckup', 40 + m)) from generate_series(1, ${MO}) m))
              from unnest(${codes}::text[]) c on conflict do nothing`;
  }
  await sql`analyze`;
}

export async function benchPilot(env: { sql: postgres.Sql }, opts: { weeks: number; repeats: number }, log: (m: string) => void): Promise<PilotBenchResult> {
  const now = new Date();
  const current = parseIsoWeek(isoWeekOf(now, 'Europe/Moscow'))!;
  const weeks = Array.from({ length: opts.weeks }, (_, i) => {
    const d = new Date(Date.parse(`${dayOfIsoWeek(current)}T12:00:00Z`) - (opts.weeks - 1 - i) * 7 * 86_400_000);
    return isoWeekOf(d, 'Europe/Moscow');
  });
  const t = performance.now();
  await fill(env.sql, weeks);
  const fillMs = performance.now() - t;
  const [{ executions }] = await env.sql<{ executions: number }[]>`select count(*)::int as executions from item_executions where roadmap_id like 'bp-rm-%'`;
  log(`pilot: read model filled in ${Math.round(fillMs / 1000)} s (${executions} executions, ${opts.weeks} weeks × ${REPORTERS * 30} reports)`);
  const foms: Actor = { personId: 'foms', fullName: 'ФОМС', organisationId: 'foms', organisationKind: 'FOMS', regionCode: null, position: 'head_of_directorate', roles: [], actingForId: null };
  const curator: Actor = { ...foms, organisationKind: 'TFOMS', regionCode: pilotProgramme.groups[0].curatorRegionCode, position: 'director' };
  const week = formatIsoWeek(parseIsoWeek(weeks[weeks.length - 2] ?? weeks[0])!);
  const time = async (actor: Actor) => {
    const ms: number[] = [];
    let rows = 0;
    for (let i = 0; i < opts.repeats; i++) {
      const s = performance.now();
      rows = (await weekView(env.sql, actor, week)).regions.length;
      ms.push(performance.now() - s);
    }
    return { ms: distribution(ms.slice(1)), rows };
  };
  await time(foms); // warm the connection and the plan cache
  const f = await time(foms);
  const c = await time(curator);
  return { regions: f.rows, executions, reportsPerWeek: REPORTERS * 30, weeks: opts.weeks, fillMs, fomsMs: f.ms, curatorMs: c.ms, rows: f.rows };
}
