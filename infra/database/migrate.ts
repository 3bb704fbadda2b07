/**
 * Schema migrations: `infra/database/migrations/NNN_name.sql`, applied in name order,
 * each file in its own transaction, recorded in `schema_migrations`.
 *
 * Every step runs under `pg_advisory_xact_lock(MIGRATION_LOCK)`, so several
 * processes starting at once (API, worker, tests) apply each file exactly
 * once: the others wait, then see it recorded and skip it.
 *
 * A migration file may hold several statements (it is sent with the simple
 * query protocol). It must not contain its own BEGIN/COMMIT, nor statements
 * that cannot run in a transaction block (CREATE INDEX CONCURRENTLY,
 * ALTER TYPE ... ADD VALUE used in the same file, VACUUM).
 * Applied files are never re-run: change the schema with a new file.
 */
import type postgres from 'postgres';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { syncReferenceData } from './reference-data.js';

export const MIGRATIONS_DIR = fileURLToPath(new URL('./migrations/', import.meta.url));

/** Arbitrary constant key shared by every process of this application. */
export const MIGRATION_LOCK = 726_300_001;

const FILE_PATTERN = /^\d{3,}_[A-Za-z0-9_.-]+\.sql$/;

export interface MigrateOptions {
  /** Directory of NNN_name.sql files (default infra/database/migrations). */
  dir?: string;
  log?: (msg: string) => void;
}

export async function listMigrations(dir: string = MIGRATIONS_DIR): Promise<string[]> {
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
  return entries
    .filter((e) => e.isFile() && FILE_PATTERN.test(e.name))
    .map((e) => e.name)
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/** Applies the pending migrations; returns the file names applied (empty when up to date). */
export async function migrate(sql: postgres.Sql, opts: MigrateOptions = {}): Promise<string[]> {
  const dir = opts.dir ?? MIGRATIONS_DIR;
  const log = opts.log ?? (() => {});
  const files = await listMigrations(dir);

  await sql.begin(async (tx) => {
    await tx`select pg_advisory_xact_lock(${MIGRATION_LOCK})`;
    await tx`
      create table if not exists schema_migrations (
        name text primary key,
        applied_at timestamptz not null default now()
      )`;
  });

  const appliedNow: string[] = [];
  for (const name of files) {
    const text = await readFile(path.join(dir, name), 'utf8');
    const applied = await sql.begin(async (tx) => {
      await tx`select pg_advisory_xact_lock(${MIGRATION_LOCK})`;
      const done = await tx`select 1 from schema_migrations where name = ${name}`;
      if (done.length > 0) return false;
      try {
        if (text.trim() !== '') await tx.unsafe(text);
      } catch (err) {
        const e = err as Error & { position?: string };
        e.message = `migration ${name} failed: ${e.message}${e.position ? ` (at character ${e.position})` : ''}`;
        throw e;
      }
      await tx`insert into schema_migrations (name, applied_at) values (${name}, now())`;
      return true;
    });
    if (applied) {
      appliedNow.push(name);
      log(`migration applied: ${name}`);
    }
  }
  // The application's own schema carries reference data kept in domain/ (regions, the pilot).
  if (!opts.dir) {
    await sql.begin(async (tx) => {
      await tx`select pg_advisory_xact_lock(${MIGRATION_LOCK})`;
      await syncReferenceData(tx);
    });
  }
  return appliedNow;
}
