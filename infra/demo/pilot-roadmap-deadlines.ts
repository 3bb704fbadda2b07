/**
 * Demo data of the pilot's road-map deadline: every pilot region gets a date
 * a month ahead (the programme's own date, of 2017, would escalate at once),
 * except Сахалинская, whose draft is two weeks past its date, so the demo
 * shows a ladder climbed to the curator, and Калининградская, due in three
 * days with its road map waiting for the director.
 */
import type postgres from 'postgres';
import { pilotProgramme } from '../../domain/federal/pilot.js';

const day = (today: string, n: number) => new Date(Date.parse(`${today}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

export const demoRoadMapDueDays: Record<string, number> = { '65': -14, '39': 3 };

/** Sets the dates once: a region that has one (the demo's, or the pilot's own) keeps it. */
export async function seedPilotRoadMapDeadlines(sql: postgres.Sql, today = new Date().toISOString().slice(0, 10)): Promise<void> {
  const rows = pilotProgramme.groups.flatMap((g) => g.regionCodes).map((code) => ({ code, due: day(today, demoRoadMapDueDays[code] ?? 30) }));
  await sql`update pilot_regions pr set roadmap_due_date = x.due::date
            from (select * from unnest(${rows.map((r) => r.code)}::text[], ${rows.map((r) => r.due)}::text[]) as t(code, due)) x
            where pr.region_code = x.code and pr.programme_id = ${pilotProgramme.id} and pr.roadmap_due_date is null`;
}
