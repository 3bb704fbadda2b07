import { randomUUID } from 'node:crypto';
import postgres from 'postgres';
import { inject } from 'vitest';
import { connectDatabase } from '../../infra/database/database.js';
import { migrate } from '../../infra/database/migrate.js';
import { seedReferenceData } from '../../infra/demo/seed-demo.js';

/**
 * A database of the test file's own on the run's PostgreSQL: these tests
 * approve and escalate pilot regions whose demo states other federal tests
 * read. The harness migrates it. Embedded runs (PGlite) share the run's.
 */
export async function ownDatabase(): Promise<{ url: string | undefined; drop: () => Promise<void> }> {
  if (inject('databaseEmbedded')) return { url: undefined, drop: async () => {} };
  const base = new URL(inject('databaseUrl'));
  const name = `${base.pathname.slice(1)}_own_${randomUUID().slice(0, 8)}`.toLowerCase();
  const admin = postgres(base.toString(), { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database "${name}"`);
  const url = new URL(base.toString());
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      await admin.unsafe(`drop database if exists "${name}" with (force)`);
      await admin.end({ timeout: 5 });
    },
  };
}

/**
 * A read model of the test's own, migrated and seeded with the reference data (regions, organisations, the
 * demo's people), for tests that write read-model rows with SQL and check a query against them; `close`
 * ends the connection and drops the database.
 */
export async function ownReadModel(max = 2): Promise<{ sql: postgres.Sql; close: () => Promise<void> }> {
  const own = await ownDatabase();
  const sql = connectDatabase(own.url ?? inject('databaseUrl'), { embedded: own.url ? false : inject('databaseEmbedded'), max });
  await migrate(sql);
  await seedReferenceData(sql);
  return {
    sql,
    close: async () => {
      await sql.end({ timeout: 5 });
      await own.drop();
    },
  };
}

/** Heads of directorate of ТФОМС 57, named after their ids: executors and controllers of a test's rows. */
export async function insertStaff(sql: postgres.Sql, ids: string[]): Promise<void> {
  await sql`insert into people ${sql(ids.map((id) => ({
    id, login: id, full_name: `Сотрудник ${id}`, organisation_id: 'tfoms-57', position: 'head_of_directorate', position_title: 'Начальник управления', email: null, roles: [],
  })))}`;
}
