import type postgres from 'postgres';
import {
  DEFAULT_ATTACHMENT_UNATTACHED_MAX_BYTES,
  DEFAULT_ATTACHMENT_UNATTACHED_MAX_FILES,
  DEFAULT_ATTACHMENT_UPLOADS_PER_MINUTE,
  type AttachmentLimits,
} from './attachment-rules.js';

export interface UploadRefusal {
  status: 429;
  message: string;
  retryAfterSeconds?: number;
}

type Sql = postgres.Sql | postgres.TransactionSql;

/**
 * Whether a person may store these rows now: at most `uploadsPerMinute` files stored in the
 * last minute, and at most `unattachedMaxFiles` / `unattachedMaxBytes` of uploads not attached
 * to anything (the sweep removes those after ATTACHMENT_UNATTACHED_TTL_HOURS). Counted from
 * the attachments themselves, so every API process sees the same figures; rows that exist
 * already (a resent web form's keyed ids) cost nothing. With `lock`, inside the transaction
 * that inserts the rows: the person's concurrent uploads are counted one after the other.
 */
export async function uploadRefusal(
  sql: Sql,
  personId: string,
  rows: { id: string; size: number }[],
  limits: AttachmentLimits,
  opts: { lock?: boolean } = {},
): Promise<UploadRefusal | null> {
  if (opts.lock) await sql`select pg_advisory_xact_lock(hashtextextended(${`uploads:${personId}`}, 0))`;
  const existing = new Set(
    (await sql<{ id: string }[]>`select id from attachments where id = any(${rows.map((r) => r.id)}::text[])`).map((r) => r.id),
  );
  const fresh = rows.filter((r) => !existing.has(r.id));
  if (fresh.length === 0) return null;
  const perMinute = limits.uploadsPerMinute ?? DEFAULT_ATTACHMENT_UPLOADS_PER_MINUTE;
  const maxFiles = limits.unattachedMaxFiles ?? DEFAULT_ATTACHMENT_UNATTACHED_MAX_FILES;
  const maxBytes = limits.unattachedMaxBytes ?? DEFAULT_ATTACHMENT_UNATTACHED_MAX_BYTES;
  const [usage] = await sql<{ recent: number; oldest_recent_age: number | null; files: number; bytes: string }[]>`
    select count(*) filter (where uploaded_at > now() - interval '1 minute')::int as recent,
           extract(epoch from now() - min(uploaded_at) filter (where uploaded_at > now() - interval '1 minute'))::float8 as oldest_recent_age,
           count(*) filter (where attached_kind is null)::int as files,
           coalesce(sum(size) filter (where attached_kind is null), 0)::text as bytes
    from attachments where uploaded_by = ${personId} and (attached_kind is null or uploaded_at > now() - interval '1 minute')`;
  if (usage.recent + fresh.length > perMinute) {
    const retryAfterSeconds = Math.max(1, Math.ceil(60 - (usage.oldest_recent_age ?? 0)));
    return { status: 429, retryAfterSeconds, message: `слишком много файлов подряд: не больше ${perMinute} в минуту; повторите через ${retryAfterSeconds} с` };
  }
  if (usage.files + fresh.length > maxFiles || Number(usage.bytes) + fresh.reduce((n, r) => n + r.size, 0) > maxBytes) {
    return {
      status: 429,
      message: `у вас слишком много загруженных, но ни к чему не приложенных файлов (не больше ${maxFiles} файлов и ${maxBytes} байт): приложите их к отчёту или подождите — неприложенные файлы удаляются автоматически`,
    };
  }
  return null;
}
