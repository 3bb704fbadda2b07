import type postgres from 'postgres';
import type { Actor } from '../../domain/actor.js';
import type { DirectoryPlan } from './directory-plan.js';

/**
 * Writes a plan in the caller's transaction: one statement per kind of write (rows travel as one jsonb array each),
 * so 2,000 people cost the same handful of round trips as 20. Order matters for the foreign keys: organisations
 * first (a new sub-unit may name a new parent: the check runs at the end of the statement), then people, then
 * СМО heads (a head may be a new person), then the audit trail.
 */
export async function writeDirectoryPlan(tx: postgres.TransactionSql, actor: Actor, regionCode: string, write: DirectoryPlan['write']): Promise<void> {
  const json = (rows: unknown) => tx.json(rows as never);
  if (write.insertOrganisations.length) {
    await tx`
      insert into organisations (id, kind, name, region_code, registry_number, parent_id, in_pilot, deactivated_at)
      select x.id, x.kind, x.name, ${regionCode}, x.registry_number, x.parent_id, x.in_pilot, case when x.closed then now() end
      from jsonb_to_recordset(${json(write.insertOrganisations)}::jsonb)
        as x(id text, kind text, name text, registry_number text, parent_id text, in_pilot boolean, closed boolean)`;
  }
  if (write.updateOrganisations.length) {
    await tx`
      update organisations o set name = x.name, parent_id = x.parent_id, in_pilot = x.in_pilot,
             deactivated_at = case when x.closed then coalesce(o.deactivated_at, now()) end
      from jsonb_to_recordset(${json(write.updateOrganisations)}::jsonb)
        as x(id text, name text, parent_id text, in_pilot boolean, closed boolean)
      where o.id = x.id and o.region_code = ${regionCode}`;
  }
  if (write.insertPeople.length) {
    // No password: the invitation sets one (password_hash stays null until then, and login refuses such a person).
    await tx`
      insert into people (id, login, full_name, organisation_id, position, position_title, email, roles, unit, password_hash, deactivated_at)
      select x.id, x.login, x.full_name, x.organisation_id, x.position, x.position_title, x.email, x.roles, x.unit, null, case when x."left" then now() end
      from jsonb_to_recordset(${json(write.insertPeople)}::jsonb)
        as x(id text, login text, full_name text, organisation_id text, position text, position_title text, email text, roles text[], unit text, "left" boolean)`;
  }
  if (write.updatePeople.length) {
    await tx`
      update people p set full_name = x.full_name, position = x.position, position_title = x.position_title, organisation_id = x.organisation_id,
             email = x.email, roles = x.roles, unit = x.unit,
             deactivated_at = case when x."left" then coalesce(p.deactivated_at, now()) end
      from jsonb_to_recordset(${json(write.updatePeople)}::jsonb)
        as x(id text, full_name text, position text, position_title text, organisation_id text, email text, roles text[], unit text, "left" boolean)
      where p.id = x.id`;
  }
  if (write.smoHeads.length) {
    await tx`
      update organisations o set head_person_id = x.head_person_id
      from jsonb_to_recordset(${json(write.smoHeads)}::jsonb) as x(id text, head_person_id text)
      where o.id = x.id and o.kind = 'SMO' and o.region_code = ${regionCode}`;
  }
  if (write.audit.length) {
    await tx`
      insert into directory_changes (actor_id, subject_kind, subject_id, region_code, action, before, after, source)
      select ${actor.personId}, x.subject_kind, x.subject_id, ${regionCode}, x.action, x.before, x.after, 'import'
      from jsonb_to_recordset(${json(write.audit)}::jsonb) as x(subject_kind text, subject_id text, action text, before jsonb, after jsonb)`;
  }
  if (write.endSessionsOf.length) {
    // Leaving ends every session at once (login and session lookup refuse a deactivated person as well).
    await tx`delete from sessions where person_id = any(${write.endSessionsOf})`;
  }
}
