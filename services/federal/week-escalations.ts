import type postgres from 'postgres';
import { federalRecipientLabel, type FederalRecipient } from '../../domain/federal/federal-week-state.js';
import { pilotProgramme } from '../../domain/federal/pilot.js';

export interface FiredRung {
  rung: string;
  rungLabel: string;
  at: Date;
  recipients: { personId: string; name: string; actingForName: string | null }[];
}

/**
 * Which rung of the federal ladder reached whom and when, per region, in the
 * latest opening of the week: read from the audit trail (the rung events
 * carry their recipients, acting officials included). One statement.
 */
export async function weekEscalations(sql: postgres.Sql, week: string, regionCodes: string[]): Promise<Map<string, FiredRung[]>> {
  const rows = await sql<{ region_code: string; rung_id: string; notify: FederalRecipient; occurred_at: Date; recipients: { personId: string; actingForId: string | null }[] }[]>`
    select e.payload->>'regionCode' as region_code, e.payload->'rung'->>'rungId' as rung_id, e.payload->'rung'->>'notify' as notify,
           e.occurred_at, e.payload->'recipients' as recipients
    from events e
    where e.type = 'federal.report_rung_fired'
      and e.subject like (select id from federal_weeks where programme_id = ${pilotProgramme.id} and week = ${week} order by opened_at desc limit 1) || ':%'
      and e.payload->>'regionCode' = any(${regionCodes})
    order by e.occurred_at, e.seq`;
  const ids = [...new Set(rows.flatMap((r) => r.recipients.flatMap((x) => [x.personId, x.actingForId]).filter((x): x is string => Boolean(x))))];
  const names = new Map(
    ids.length ? (await sql<{ id: string; full_name: string }[]>`select id, full_name from people where id = any(${ids})`).map((p) => [p.id, p.full_name]) : [],
  );
  const out = new Map<string, FiredRung[]>();
  for (const r of rows) {
    let list = out.get(r.region_code);
    if (!list) out.set(r.region_code, (list = []));
    list.push({
      rung: r.rung_id,
      rungLabel: federalRecipientLabel[r.notify] ?? r.rung_id,
      at: r.occurred_at,
      recipients: r.recipients.map((x) => ({ personId: x.personId, name: names.get(x.personId) ?? x.personId, actingForName: x.actingForId ? names.get(x.actingForId) ?? x.actingForId : null })),
    });
  }
  return out;
}
