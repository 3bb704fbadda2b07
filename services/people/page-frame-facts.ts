import type postgres from 'postgres';
import type { Actor } from '../../domain/actor.js';

/** What every signed-in page's frame shows about the person: unread notifications, and whether monitoring concerns them. */
export async function pageFrameFacts(sql: postgres.Sql, actor: Actor): Promise<{ unread: number; monitoring: boolean }> {
  const [{ unread }] = await sql<{ unread: number }[]>`
    select count(*)::int as unread from notifications where person_id = ${actor.personId} and read_at is null`;
  const monitoring =
    actor.roles.includes('foms_curator') ||
    actor.roles.includes('admin') ||
    (
      await sql<{ yes: boolean }[]>`
        select exists (select 1 from reporting_duties where person_id = ${actor.personId})
          or exists (select 1 from reporting_periods where coordinator_id = ${actor.personId}) as yes`
    )[0].yes;
  return { unread, monitoring };
}
