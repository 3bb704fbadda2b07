import type postgres from 'postgres';
import type { Actor, StoodInFor } from '../../domain/actor.js';

/**
 * Everyone the person stands in for right now (substitutions in force), with
 * the standing of each person replaced: the rules check the acting official
 * against it, and hold separation of duties across substitution chains.
 */
export async function standingIn(sql: postgres.Sql, personId: string): Promise<StoodInFor[]> {
  const rows = await sql<{ person_id: string; organisation_id: string; kind: StoodInFor['organisationKind']; region_code: string | null; position: StoodInFor['position'] }[]>`
    select s.person_id, p.organisation_id, o.kind, o.region_code, p.position
    from substitutions s join people p on p.id = s.person_id join organisations o on o.id = p.organisation_id
    where s.substitute_id = ${personId} and s.starts_at <= now() and s.ends_at > now()
    order by s.created_at desc`;
  return rows.map((r) => ({ personId: r.person_id, organisationId: r.organisation_id, organisationKind: r.kind, regionCode: r.region_code, position: r.position }));
}

/**
 * The actor as they stand towards this work: themselves if they are
 * responsible, else acting for (и.о.) the responsible person whose
 * substitute they are right now. The workflow records "acting for".
 * `responsible` names the people in charge, or tells them apart by standing
 * (the region's director, for an acting director).
 */
export async function actingActor(sql: postgres.Sql, actor: Actor, responsible: string[] | ((p: StoodInFor) => boolean)): Promise<Actor> {
  const standsInFor = await standingIn(sql, actor.personId);
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
