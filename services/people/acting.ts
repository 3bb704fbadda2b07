import type postgres from 'postgres';
import type { Actor, StoodInFor } from '../../domain/actor.js';

/**
 * Everyone the person stands in for right now (substitutions in force), with
 * the standing of each person replaced: the rules check the acting official
 * against it, and hold separation of duties across substitution chains.
 * A subquery yielding one JSON array, newest substitution first, so that a
 * command's own lookup can carry it (executionForCommand) instead of a second query.
 */
export function standingInQuery(sql: postgres.Sql, personId: string) {
  return sql`
    select coalesce(json_agg(json_build_object('personId', s.person_id, 'organisationId', p.organisation_id, 'organisationKind', o.kind,
                                               'regionCode', o.region_code, 'position', p.position) order by s.created_at desc), '[]'::json)
    from substitutions s join people p on p.id = s.person_id join organisations o on o.id = p.organisation_id
    where s.substitute_id = ${personId} and s.starts_at <= now() and s.ends_at > now()`;
}

export async function standingIn(sql: postgres.Sql, personId: string): Promise<StoodInFor[]> {
  const [row] = await sql<{ stands_in_for: StoodInFor[] }[]>`select (${standingInQuery(sql, personId)}) as stands_in_for`;
  return row.stands_in_for;
}

/**
 * The actor as they stand towards this work: themselves if they are
 * responsible, else acting for (и.о.) the responsible person whose
 * substitute they are right now. The workflow records "acting for".
 * `responsible` names the people in charge, or tells them apart by standing
 * (the region's director, for an acting director).
 */
export async function actingActor(sql: postgres.Sql, actor: Actor, responsible: string[] | ((p: StoodInFor) => boolean)): Promise<Actor> {
  return actingAs(actor, await standingIn(sql, actor.personId), responsible);
}

/** actingActor with the standing already read. */
export function actingAs(actor: Actor, standsInFor: StoodInFor[], responsible: string[] | ((p: StoodInFor) => boolean)): Actor {
  const withStanding: Actor = { ...actor, standsInFor };
  const inCharge = typeof responsible === 'function' ? responsible : (p: StoodInFor) => responsible.includes(p.personId);
  if (Array.isArray(responsible) && responsible.includes(actor.personId)) return withStanding;
  const replaced = standsInFor.find(inCharge);
  return replaced ? { ...withStanding, actingForId: replaced.personId } : withStanding;
}

/** People the actor acts for right now (their own work plus that of those they substitute in their own organisation). */
export async function actingFor(sql: postgres.Sql, personId: string): Promise<string[]> {
  const rows = await sql<{ person_id: string }[]>`
    select s.person_id from substitutions s join people p on p.id = s.person_id join people me on me.id = s.substitute_id
    where s.substitute_id = ${personId} and s.starts_at <= now() and s.ends_at > now() and p.organisation_id = me.organisation_id`;
  return [personId, ...rows.map((r) => r.person_id)];
}
