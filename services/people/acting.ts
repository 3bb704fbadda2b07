import type postgres from 'postgres';
import type { Actor } from '../../domain/actor.js';

/**
 * The actor as they stand towards this work: themselves if they are
 * responsible, else acting for (и.о.) the responsible person whose
 * substitute they are right now. The workflow records "acting for".
 */
export async function actingActor(sql: postgres.Sql, actor: Actor, responsible: string[]): Promise<Actor> {
  if (responsible.includes(actor.personId)) return actor;
  const [sub] = await sql<{ person_id: string }[]>`
    select person_id from substitutions
    where substitute_id = ${actor.personId} and person_id = any(${responsible}) and starts_at <= now() and ends_at > now()
    order by created_at desc limit 1`;
  return sub ? { ...actor, actingForId: sub.person_id } : actor;
}

/** People the actor acts for right now (their own work plus that of those they substitute). */
export async function actingFor(sql: postgres.Sql, personId: string): Promise<string[]> {
  const rows = await sql<{ person_id: string }[]>`
    select person_id from substitutions where substitute_id = ${personId} and starts_at <= now() and ends_at > now()`;
  return [personId, ...rows.map((r) => r.person_id)];
}
