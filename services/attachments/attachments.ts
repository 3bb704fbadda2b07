import { createHash, randomUUID } from 'node:crypto';
import type { Actor } from '../../domain/actor.js';
import { RefusedError, refusal } from '../../domain/refusal.js';
import type { ServiceDeps } from '../deps.js';
import { readableExecution } from '../executions/execution-read-model.js';
import { parseWeeklyReportKey, readableWeeklyReport } from '../monitoring/weekly-report-access.js';
import { readableRoadMap } from '../roadmaps/roadmap-read-model.js';
import { cleanFileName } from '../../domain/file-name.js';
import { attachmentLimitsFromEnv, judgeFile, type FileRefusalStatus, type FileVerdict } from './attachment-rules.js';
import { uploadRefusal } from './upload-allowance.js';
import { postgresBlobStore, type BlobStore } from './blob-store.js';

export interface UploadedFile {
  name: string;
  bytes: Uint8Array;
}

export interface AttachmentView {
  id: string;
  sha256: string;
  name: string;
  size: number;
  type: string;
}

/** A refused upload: its HTTP status differs from a command refusal (413, 415), the field is always `file`. */
export class FileRefusedError extends Error {
  constructor(
    readonly status: FileRefusalStatus,
    readonly reason: string,
    readonly retryAfterSeconds?: number,
  ) {
    super(reason);
    this.name = 'FileRefusedError';
  }
}

type Deps = Pick<ServiceDeps, 'sql' | 'attachmentLimits'> & { blobs?: BlobStore };

/**
 * What a file is attached to. `id` is unique within its kind: an execution's id;
 * a weekly report `periodId/personId` (all its revisions); a road-map version
 * `roadMapId/version`.
 */
export type AttachmentKind = 'execution' | 'extension_request' | 'weekly_report' | 'roadmap_version';
export interface AttachmentTarget {
  kind: AttachmentKind;
  id: string;
}

/**
 * Checks every file first, so that one bad file stores none of them.
 * With a `key` (a web form's command id) the ids are derived from the key and
 * the files, so a resent form stores nothing twice and references the same rows.
 */
export async function uploadAttachments(deps: Deps, who: Actor, files: UploadedFile[], opts: { key?: string } = {}): Promise<AttachmentView[]> {
  const limits = deps.attachmentLimits ?? attachmentLimitsFromEnv();
  const { maxBytes, perCommand } = limits;
  if (files.length === 0) throw new FileRefusedError(400, 'файл не передан');
  if (files.length > perCommand) throw new FileRefusedError(400, `не больше ${perCommand} файлов за раз, передано ${files.length}`);
  // The clean base name is what is judged, stored and shown (domain/file-name.ts).
  files = files.map((f) => ({ name: cleanFileName(f.name), bytes: f.bytes }));
  const verdicts: FileVerdict[] = [];
  for (const f of files) {
    const v = await judgeFile(f.name, f.bytes, maxBytes);
    if (!v.ok) throw new FileRefusedError(v.status, v.message);
    verdicts.push(v);
  }
  const rows = files.map((f, i) => {
    const sha256 = createHash('sha256').update(f.bytes).digest('hex');
    const id = opts.key === undefined ? randomUUID() : keyedId(who.personId, opts.key, i, f.name, sha256);
    return { id, sha256, name: f.name, size: f.bytes.byteLength, type: (verdicts[i] as { mime: string }).mime };
  });
  // Fail fast, before any bytes are written; checked again, under the person's lock, when the rows are inserted.
  const refusedEarly = await uploadRefusal(deps.sql, who.personId, rows, limits);
  if (refusedEarly) throw new FileRefusedError(refusedEarly.status, refusedEarly.message, refusedEarly.retryAfterSeconds);
  const blobs = deps.blobs ?? postgresBlobStore(deps.sql);
  for (const [i, f] of files.entries()) await blobs.put(rows[i].sha256, f.bytes);
  await deps.sql.begin(async (tx) => {
    const refused = await uploadRefusal(tx, who.personId, rows, limits, { lock: true });
    if (refused) throw new FileRefusedError(refused.status, refused.message, refused.retryAfterSeconds);
    for (const view of rows) {
      await tx`insert into attachments (id, sha256, name, size, type, uploaded_by)
        values (${view.id}, ${view.sha256}, ${view.name}, ${view.size}, ${view.type}, ${who.personId}) on conflict (id) do nothing`;
    }
  });
  return rows;
}

/** UUID-shaped, as download ids are checked to be; everything that makes the row is in the hash, so a conflict is the same row. */
function keyedId(personId: string, key: string, index: number, name: string, sha256: string): string {
  const h = createHash('sha256').update(`${personId}\n${key}\n${index}\n${name}\n${sha256}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}

interface AttachmentRow {
  id: string;
  sha256: string;
  name: string;
  size: string;
  type: string;
  uploaded_by: string;
  attached_kind: string | null;
  attached_id: string | null;
  roadmap_id: string | null;
}

const notFound = (id: string) => new RefusedError(refusal('not_found', `вложение «${id}» не найдено`));

/** The read check of the thing a file is attached to: the same function its own read route uses. */
async function readTarget(sql: ServiceDeps['sql'], who: Actor, row: AttachmentRow): Promise<void> {
  switch (row.attached_kind) {
    case 'execution':
      await readableExecution(sql, who, row.attached_id!);
      return;
    case 'weekly_report': {
      const key = parseWeeklyReportKey(row.attached_id!);
      if (!key) throw notFound(row.id);
      await readableWeeklyReport(sql, who, key.periodId, key.personId);
      return;
    }
    case 'roadmap_version':
      await readableRoadMap(sql, who, row.roadmap_id!);
      return;
    default:
      throw notFound(row.id);
  }
}

/** Who may read what a file is attached to may download it; an unattached file only its uploader. Anyone else sees a missing id. */
async function readableAttachment(sql: ServiceDeps['sql'], who: Actor, id: string): Promise<AttachmentRow> {
  const [row] = await sql<AttachmentRow[]>`select * from attachments where id = ${id}`;
  if (!row) throw notFound(id);
  if (row.attached_kind === null) {
    if (row.uploaded_by !== who.personId) throw notFound(id);
    return row;
  }
  try {
    await readTarget(sql, who, row);
  } catch (err) {
    if (err instanceof RefusedError) throw notFound(id);
    throw err;
  }
  return row;
}

export async function downloadAttachment(deps: Pick<Deps, 'sql' | 'blobs'>, who: Actor, id: string): Promise<AttachmentView & { bytes: Uint8Array }> {
  if (!/^[0-9a-f-]{36}$/.test(id)) throw notFound(id);
  const row = await readableAttachment(deps.sql, who, id);
  const bytes = await (deps.blobs ?? postgresBlobStore(deps.sql)).get(row.sha256);
  if (!bytes) throw new Error(`blob ${row.sha256} of attachment ${id} is missing`);
  // Rows stored before names were cleaned are shown (and served) clean as well.
  return { id: row.id, sha256: row.sha256, name: cleanFileName(row.name), size: Number(row.size), type: row.type, bytes };
}

/**
 * Resolves `{attachmentId}` items of a command to what the audit trail records.
 * The caller's own unattached uploads may be referenced, and files already
 * attached to this very thing (a report resubmitted after a return, a weekly
 * report's correction keeping its files, a retried command).
 */
export async function resolveAttachmentRefs<T extends { attachmentId?: string; name?: string }>(
  sql: ServiceDeps['sql'],
  who: Actor,
  target: AttachmentTarget,
  items: T[],
  field = 'attachments',
): Promise<(T | { attachmentId: string; name: string; size: number; sha256: string; type: string })[]> {
  const ids = items.flatMap((i) => (i.attachmentId !== undefined ? [i.attachmentId] : []));
  if (ids.length === 0) return items;
  const rows = await sql<AttachmentRow[]>`select * from attachments where id = any(${ids}::text[])`;
  const usable = new Map(
    rows
      .filter((r) => (r.attached_kind === null && r.uploaded_by === who.personId) || (r.attached_kind === target.kind && r.attached_id === target.id))
      .map((r) => [r.id, r]),
  );
  const issues = items.flatMap((i, n) =>
    i.attachmentId !== undefined && !usable.has(i.attachmentId)
      ? [{ field: `${field}.${n}.attachmentId`, message: `нет вашего вложения «${i.attachmentId}», которое можно приложить` }]
      : [],
  );
  if (issues.length) throw new RefusedError(refusal('validation', 'ошибка в данных: вложения', issues));
  return items.map((i) => {
    const r = i.attachmentId !== undefined ? usable.get(i.attachmentId) : undefined;
    // A row stored before names were cleaned still makes a valid command (its name is a single-line text of bounded length).
    return r ? { attachmentId: r.id, name: cleanFileName(r.name), size: Number(r.size), sha256: r.sha256, type: r.type } : i;
  });
}

/** After the command is accepted: readers of the thing may now download its files, and the rows are frozen (trigger). */
export async function markAttached(sql: ServiceDeps['sql'], target: AttachmentTarget & { roadMapId: string }, ids: string[]): Promise<void> {
  if (ids.length === 0) return;
  await sql`update attachments set attached_kind = ${target.kind}, attached_id = ${target.id}, roadmap_id = ${target.roadMapId}, attached_at = now()
    where id = any(${ids}::text[]) and attached_kind is null`;
}
