import type postgres from 'postgres';

/**
 * The directory's audit trail (table directory_changes): who changed which entry, when,
 * what it was before and what it became, and through what (api, page, import…). Every
 * change writes its row in the transaction of the change itself, so neither exists without the other.
 */
export type ChangeSource = 'api' | 'page' | 'import' | 'command' | 'sso';
export type SubjectKind = 'person' | 'organisation' | 'region' | 'pilot';

export interface DirectoryChange {
  id: number;
  at: string;
  actorId: string | null;
  actorName: string | null;
  subjectKind: SubjectKind;
  subjectId: string;
  regionCode: string | null;
  action: string;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
  source: string;
}

export async function recordChange(
  tx: postgres.Sql | postgres.TransactionSql,
  c: { actorId: string | null; subjectKind: SubjectKind; subjectId: string; regionCode: string | null; action: string; before: object | null; after: object | null; source: ChangeSource },
): Promise<void> {
  await tx`insert into directory_changes (actor_id, subject_kind, subject_id, region_code, action, before, after, source)
           values (${c.actorId}, ${c.subjectKind}, ${c.subjectId}, ${c.regionCode}, ${c.action},
                   ${c.before ? tx.json(c.before as never) : null}, ${c.after ? tx.json(c.after as never) : null}, ${c.source})`;
}

/** Only what differs, as two halves: { name: old } → { name: new }. */
export function difference<T extends object>(before: T, after: T): { before: Partial<T>; after: Partial<T> } | null {
  const b: Partial<T> = {};
  const a: Partial<T> = {};
  for (const k of Object.keys(after) as (keyof T)[]) {
    if (JSON.stringify(before[k] ?? null) !== JSON.stringify(after[k] ?? null)) {
      b[k] = before[k];
      a[k] = after[k];
    }
  }
  return Object.keys(a).length ? { before: b, after: a } : null;
}

interface ChangeRow {
  id: string;
  at: Date;
  actor_id: string | null;
  actor_name: string | null;
  subject_kind: SubjectKind;
  subject_id: string;
  region_code: string | null;
  action: string;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
  source: string;
}

const toChange = (r: ChangeRow): DirectoryChange => ({
  id: Number(r.id),
  at: r.at.toISOString(),
  actorId: r.actor_id,
  actorName: r.actor_name,
  subjectKind: r.subject_kind,
  subjectId: r.subject_id,
  regionCode: r.region_code,
  action: r.action,
  before: r.before,
  after: r.after,
  source: r.source,
});

/** One entry's history, newest first. */
export async function changesOf(sql: postgres.Sql, subjectKind: SubjectKind, subjectId: string, limit = 200): Promise<DirectoryChange[]> {
  const rows = await sql<ChangeRow[]>`
    select c.*, p.full_name as actor_name from directory_changes c left join people p on p.id = c.actor_id
    where c.subject_kind = ${subjectKind} and c.subject_id = ${subjectId} order by c.at desc, c.id desc limit ${limit}`;
  return rows.map(toChange);
}

/** A region's directory history (null: ФОМС's own and the pilot's), newest first. */
export async function changesInRegion(sql: postgres.Sql, regionCode: string | null, page: { limit: number; offset: number }): Promise<{ total: number; changes: DirectoryChange[] }> {
  const where = regionCode === null ? sql`c.region_code is null` : sql`c.region_code = ${regionCode}`;
  const [{ total }] = await sql<{ total: number }[]>`select count(*)::int as total from directory_changes c where ${where}`;
  const rows = await sql<ChangeRow[]>`
    select c.*, p.full_name as actor_name from directory_changes c left join people p on p.id = c.actor_id
    where ${where} order by c.at desc, c.id desc limit ${page.limit} offset ${page.offset}`;
  return { total, changes: rows.map(toChange) };
}
