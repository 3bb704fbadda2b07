import type postgres from 'postgres';
import type { Actor } from '../../domain/actor.js';

/**
 * What every signed-in page's frame shows about the person: unread notifications, and whether monitoring concerns
 * them — they report, coordinate a period, or coordinate an approved road map whose first week is still ahead.
 */
export async function pageFrameFacts(sql: postgres.Sql, actor: Actor): Promise<{ unread: number; monitoring: boolean }> {
  const [{ unread }] = await sql<{ unread: number }[]>`
    select count(*)::int as unread from notifications where person_id = ${actor.personId} and read_at is null`;
  const monitoring =
    actor.roles.includes('foms_curator') ||
    actor.roles.includes('admin') ||
    (
      await sql<{ yes: boolean }[]>`
        select exists (select 1 from reporting_duties where person_id = ${actor.personId})
          or exists (select 1 from reporting_periods where coordinator_id = ${actor.personId})
          or exists (
            -- The coordinator of a road map approved but whose first week has not opened yet (Monday's). The
            -- version's coordinator is a column of its own (migration 021): nobody else's page reads a document.
            select 1 from roadmap_versions v join roadmaps r on r.id = v.roadmap_id and r.approved_version = v.version
            where v.coordinator_id = ${actor.personId} and r.region_code = ${actor.regionCode ?? ''}
              and coalesce(v.document->'monitoring'->>'enabled', 'true') <> 'false'
              and not exists (select 1 from reporting_periods p where p.roadmap_id = r.id)
          ) as yes`
    )[0].yes;
  return { unread, monitoring };
}
