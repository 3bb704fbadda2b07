import type postgres from 'postgres';
import type { Actor } from '../../domain/actor.js';
import type { AttachmentTarget, AttachmentView } from './attachments.js';

interface Row {
  id: string;
  sha256: string;
  name: string;
  size: string;
  type: string;
}
const view = (r: Row): AttachmentView => ({ id: r.id, sha256: r.sha256, name: r.name, size: Number(r.size), type: r.type });

/**
 * The files a form shows as chosen (kept across a refused submission, or
 * attached to the thing already), in the order given. Only what the form's
 * command could reference: the person's own unattached uploads or files of this
 * very thing; any other id is left out, so a forged id learns nothing.
 */
export async function filesForForm(sql: postgres.Sql, who: Actor, target: AttachmentTarget, ids: string[]): Promise<AttachmentView[]> {
  if (ids.length === 0) return [];
  const rows = await sql<Row[]>`select id, sha256, name, size, type from attachments where id = any(${ids}::text[])
    and ((attached_kind is null and uploaded_by = ${who.personId}) or (attached_kind = ${target.kind} and attached_id = ${target.id}))`;
  const byId = new Map(rows.map((r) => [r.id, view(r)]));
  return [...new Set(ids)].flatMap((id) => byId.get(id) ?? []);
}

/** Each version's files of a road map (its signed legal act), by version; the caller has checked the road map is readable. */
export async function roadMapVersionFiles(sql: postgres.Sql, roadMapId: string): Promise<Map<number, AttachmentView[]>> {
  const rows = await sql<(Row & { attached_id: string })[]>`select id, sha256, name, size, type, attached_id from attachments
    where roadmap_id = ${roadMapId} and attached_kind = 'roadmap_version' order by attached_at, name, id`;
  const out = new Map<number, AttachmentView[]>();
  for (const r of rows) {
    const version = Number(r.attached_id.slice(roadMapId.length + 1));
    out.set(version, [...(out.get(version) ?? []), view(r)]);
  }
  return out;
}
