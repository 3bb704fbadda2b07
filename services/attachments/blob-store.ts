import type postgres from 'postgres';

/**
 * Where file bytes live, addressed by their sha256. PostgreSQL by default;
 * an S3-compatible store is another implementation (bucket, key = sha256),
 * the attachments' metadata staying in PostgreSQL either way.
 */
export interface BlobStore {
  /** Stores the bytes under their hash; storing the same bytes again is a no-op. */
  put(sha256: string, bytes: Uint8Array): Promise<void>;
  get(sha256: string): Promise<Uint8Array | null>;
}

export function postgresBlobStore(sql: postgres.Sql): BlobStore {
  return {
    async put(sha256, bytes) {
      // Known bytes are not sent again (a parameter travels as hex: twice the file, twice over); they are
      // touched instead, so the sweep (which removes blobs no upload names, once older than its cutoff)
      // cannot remove them between this and the upload's row being inserted.
      const [known] = await sql`update blobs set stored_at = now() where sha256 = ${sha256} returning 1`;
      if (known) return;
      await sql`insert into blobs (sha256, size, bytes) values (${sha256}, ${bytes.byteLength}, ${Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)})
        on conflict (sha256) do nothing`;
    },
    async get(sha256) {
      const [row] = await sql<{ bytes: Buffer }[]>`select bytes from blobs where sha256 = ${sha256}`;
      return row ? new Uint8Array(row.bytes) : null;
    },
  };
}
