import type postgres from 'postgres';
import type { StaffMember } from '../../domain/acting-official.js';
import { refusal, RefusedError, type RefusalCode } from '../../domain/refusal.js';

/**
 * A person looked up inside one organisation. Someone of another organisation
 * gets exactly the answer of someone who does not exist, so no caller can probe
 * which person ids exist elsewhere.
 */
export async function staffOf(sql: postgres.Sql, organisationId: string, id: string, field: string, code: RefusalCode = 'validation'): Promise<StaffMember> {
  const [p] = await sql<{ id: string; full_name: string; organisation_id: string; kind: StaffMember['organisationKind']; region_code: string | null; position: StaffMember['position'] }[]>`
    select p.id, p.full_name, p.organisation_id, o.kind, o.region_code, p.position
    from people p join organisations o on o.id = p.organisation_id where p.id = ${id} and p.organisation_id = ${organisationId}`;
  if (!p) throw new RefusedError(refusal(code, `сотрудник «${id}» не найден в организации`, [{ field, message: 'не найден' }]));
  return { id: p.id, fullName: p.full_name, organisationId: p.organisation_id, organisationKind: p.kind, regionCode: p.region_code, position: p.position };
}
