import type postgres from 'postgres';

export interface SweepInput {
  /** Uploads still unattached this long after they were stored are removed (ATTACHMENT_UNATTACHED_TTL_HOURS). */
  olderThanHours: number;
  /** Rows per call: a long backlog is many short activities, never one long transaction. */
  batch: number;
}

/**
 * Removes uploads never attached to anything once older than the cutoff, then the bytes no
 * upload names any more (blobs are shared by content, so only those nobody references) that
 * were not stored or touched since the cutoff: an upload touches its blob before inserting its
 * row (services/attachments/blob-store.ts), so a blob about to be named again is never
 * removed. Deleting twice deletes nothing: retries are harmless.
 */
export async function sweepUnattachedUploads(sql: postgres.Sql, input: SweepInput): Promise<{ attachments: number; blobs: number }> {
  const hours = input.olderThanHours;
  const attachments = await sql`
    delete from attachments where id in (
      select id from attachments where attached_kind is null and uploaded_at < now() - make_interval(hours => ${hours})
      order by uploaded_at limit ${input.batch})
    and attached_kind is null`;
  const blobs = await sql`
    delete from blobs where sha256 in (
      select b.sha256 from blobs b
      where b.stored_at < now() - make_interval(hours => ${hours})
        and not exists (select 1 from attachments a where a.sha256 = b.sha256)
      limit ${input.batch})
    and stored_at < now() - make_interval(hours => ${hours})`;
  return { attachments: attachments.count, blobs: blobs.count };
}
