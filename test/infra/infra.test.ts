import { mkdtemp, rm, symlink, writeFile, mkdir } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { connectDatabase, openDatabase } from '../../infra/database/database.js';
import { startEmbeddedPostgres } from '../../infra/database/embedded-postgres.js';
import { freePort } from '../../infra/startup/free-port.js';
import { listMigrations, migrate } from '../../infra/database/migrate.js';
import { ensureTemporalCli, sumdbUnreachable } from '../../infra/temporal/temporal-cli.js';
import { startTemporalDevServer } from '../../infra/temporal/temporal-dev-server.js';

let scratch: string;
beforeAll(async () => {
  scratch = await mkdtemp(path.join(tmpdir(), 'rm-infra-test-'));
});
afterAll(async () => {
  await rm(scratch, { recursive: true, force: true });
});

async function writeMigrations(dir: string, files: Record<string, string>): Promise<void> {
  await mkdir(dir, { recursive: true });
  for (const [name, text] of Object.entries(files)) await writeFile(path.join(dir, name), text);
}

describe('migrate', () => {
  it('has applied every migration file to the test database, and a second run applies nothing', async () => {
    const sql = connectDatabase(inject('databaseUrl'), { embedded: inject('databaseEmbedded') });
    try {
      const files = await listMigrations();
      expect(files.length).toBeGreaterThan(0);
      expect(await migrate(sql)).toEqual([]);
      expect(await migrate(sql)).toEqual([]);
      const rows = await sql<{ name: string }[]>`select name from schema_migrations order by name`;
      expect(rows.map((r) => r.name)).toEqual(expect.arrayContaining(files));
    } finally {
      await sql.end();
    }
  });

  it('applies files in name order once, rolls a failing file back completely', async () => {
    const dir = path.join(scratch, 'migrations-order');
    await writeMigrations(dir, {
      '002_second.sql': `alter table t add column note text;\ninsert into t (doc, note) values ('{"n":2}', 'two');`,
      '001_first.sql': `-- several statements in one file\ncreate table t (id bigserial primary key, doc jsonb not null);\ninsert into t (doc) values ('{"n":1}');`,
      'README.md': 'not a migration',
    });
    const pg = await startEmbeddedPostgres({});
    const sql = connectDatabase(pg.url, { embedded: true });
    try {
      expect(await migrate(sql, { dir })).toEqual(['001_first.sql', '002_second.sql']);
      expect(await migrate(sql, { dir })).toEqual([]);
      const rows = await sql<{ id: number; doc: { n: number }; note: string | null }[]>`select id, doc, note from t order by id`;
      expect(rows).toEqual([
        { id: 1, doc: { n: 1 }, note: null },
        { id: 2, doc: { n: 2 }, note: 'two' },
      ]);

      await writeMigrations(dir, {
        '003_broken.sql': `create table half_done (x int);\ninsert into t (doc) values ('{"n":3}');\nselect no_such_function();`,
      });
      await expect(migrate(sql, { dir })).rejects.toThrow(/migration 003_broken\.sql failed/);
      const [{ n }] = await sql<{ n: number }[]>`select count(*) as n from t`;
      expect(n).toBe(2);
      expect(await sql`select 1 from pg_tables where tablename = 'half_done'`).toHaveLength(0);
      expect((await sql`select name from schema_migrations`).map((r) => r.name)).toEqual(['001_first.sql', '002_second.sql']);
    } finally {
      await sql.end();
      await pg.stop();
    }
  });

  it.skipIf(inject('databaseEmbedded'))('two processes migrating at once apply each file exactly once', async () => {
    const schema = `mig_race_${Math.random().toString(36).slice(2, 8)}`;
    const dir = path.join(scratch, 'migrations-race');
    const files: Record<string, string> = {};
    for (let i = 1; i <= 6; i++) {
      // Not idempotent on purpose: a second application would fail.
      files[`${String(i).padStart(3, '0')}_step.sql`] = `create table step_${i} (id int); select pg_sleep(0.05);`;
    }
    await writeMigrations(dir, files);
    const url = inject('databaseUrl');
    const setupSql = connectDatabase(url);
    await setupSql.unsafe(`create schema ${schema}`);
    const a = postgres(url, { max: 2, onnotice: () => {}, connection: { search_path: schema } });
    const b = postgres(url, { max: 2, onnotice: () => {}, connection: { search_path: schema } });
    try {
      const [ra, rb] = await Promise.all([migrate(a, { dir }), migrate(b, { dir })]);
      expect([...ra, ...rb].sort()).toEqual(Object.keys(files).sort());
      expect(await migrate(a, { dir })).toEqual([]);
    } finally {
      await Promise.all([a.end(), b.end()]);
      await setupSql.unsafe(`drop schema ${schema} cascade`);
      await setupSql.end();
    }
  });
});

describe('Temporal dev server', () => {
  it('the server from the global setup answers getSystemInfo and knows the namespace', async () => {
    const connection = await Connection.connect({ address: inject('temporalAddress') });
    try {
      const info = await connection.workflowService.getSystemInfo({});
      expect(info.serverVersion).toMatch(/^\d+\.\d+/);
      const ns = await connection.workflowService.describeNamespace({ namespace: inject('temporalNamespace') });
      expect(ns.namespaceInfo?.name).toBe(inject('temporalNamespace'));
    } finally {
      await connection.close();
    }
  });

  it('keeps workflow executions in its dbFile across a restart', async () => {
    const dbFile = path.join(scratch, 'temporal', 'state.sqlite');
    const workflowId = `infra-test-${Date.now()}`;
    const first = await startTemporalDevServer({ dbFile, uiPort: false, namespace: 'infra-test' });
    try {
      const connection = await Connection.connect({ address: first.address });
      const client = new Client({ connection, namespace: 'infra-test' });
      // No worker: the execution just stays open.
      await client.workflow.start('noSuchWorkflowType', { taskQueue: 'nobody-polls', workflowId });
      await connection.close();
    } finally {
      await first.stop();
    }
    const second = await startTemporalDevServer({ dbFile, uiPort: false, namespace: 'infra-test' });
    try {
      const connection = await Connection.connect({ address: second.address });
      const client = new Client({ connection, namespace: 'infra-test' });
      const description = await client.workflow.getHandle(workflowId).describe();
      expect(description.status.name).toBe('RUNNING');
      await client.workflow.getHandle(workflowId).terminate('test done');
      await connection.close();
    } finally {
      await second.stop();
    }
  });
});

describe('embedded PostgreSQL (PGlite)', () => {
  it('keeps data in its dataDir across stop/start', async () => {
    const dataDir = path.join(scratch, 'pglite');
    const first = await startEmbeddedPostgres({ dataDir });
    const sql1 = connectDatabase(first.url, { embedded: true });
    try {
      await sql1`create table kept (id bigserial primary key, doc jsonb not null)`;
      await sql1`insert into kept (doc) values (${sql1.json({ city: 'Орёл' })})`;
    } finally {
      await sql1.end();
      await first.stop();
    }
    const second = await startEmbeddedPostgres({ dataDir });
    const sql2 = connectDatabase(second.url, { embedded: true });
    try {
      expect(await sql2`select id, doc from kept`).toEqual([{ id: 1, doc: { city: 'Орёл' } }]);
    } finally {
      await sql2.end();
      await second.stop();
    }
  });

  it('supports what the application uses: transactions, jsonb, bigserial, ON CONFLICT, advisory locks', async () => {
    const savedUrl = process.env.DATABASE_URL;
    delete process.env.DATABASE_URL; // openDatabase would use it instead of starting PGlite
    const db = await openDatabase({});
    if (savedUrl !== undefined) process.env.DATABASE_URL = savedUrl;
    const { sql } = db;
    try {
      expect(db.embedded).toBe(true);
      await sql.unsafe(`
        create table item (id bigserial primary key, key text unique not null, payload jsonb not null default '{}');
        create index item_payload on item using gin (payload);
      `);
      const inserted = await sql.begin(async (tx) => {
        await tx`select pg_advisory_xact_lock(${42})`;
        await tx`insert into item ${tx({ key: 'a', payload: tx.json({ tags: ['x'] }) })}`;
        return tx`insert into item (key) values ('a') on conflict do nothing returning id`;
      });
      expect(inserted).toHaveLength(0);
      await expect(
        sql.begin(async (tx) => {
          await tx`insert into item (key) values ('b')`;
          throw new Error('abort');
        }),
      ).rejects.toThrow('abort');
      const rows = await sql`select id, key, payload, count(*) over () as total from item where payload @> ${sql.json({ tags: ['x'] })}`;
      expect(rows).toEqual([{ id: 1, key: 'a', payload: { tags: ['x'] }, total: 1 }]);
      // int8 beyond 2^53 fails loudly instead of losing precision; the connection survives.
      await expect(sql`select 9007199254740993::bigint as big`).rejects.toThrow(RangeError);
      expect(await sql`select ${12345678901}::bigint as v, 9007199254740993::text as t`).toEqual([{ v: 12345678901, t: '9007199254740993' }]);
    } finally {
      await db.stop();
    }
  });
});

describe('small helpers', () => {
  it('ensureTemporalCli honours TEMPORAL_CLI', async () => {
    const saved = process.env.TEMPORAL_CLI;
    try {
      delete process.env.TEMPORAL_CLI;
      const real = await ensureTemporalCli(() => {});
      const custom = path.join(scratch, 'my-temporal');
      await symlink(real, custom);
      process.env.TEMPORAL_CLI = custom;
      expect(await ensureTemporalCli(() => {})).toBe(custom);
      process.env.TEMPORAL_CLI = path.join(scratch, 'missing-temporal');
      await expect(ensureTemporalCli(() => {})).rejects.toThrow(/TEMPORAL_CLI=.*not an executable/);
    } finally {
      if (saved === undefined) delete process.env.TEMPORAL_CLI;
      else process.env.TEMPORAL_CLI = saved;
    }
  });

  it('retries without GOSUMDB only when the checksum database is unreachable', () => {
    expect(
      sumdbUnreachable(
        'go: github.com/temporalio/cli@v1.5.1: verifying module: github.com/temporalio/cli@v1.5.1: Get "https://sum.golang.org/lookup/github.com/temporalio/cli@v1.5.1": dial tcp: lookup sum.golang.org: no such host',
      ),
    ).toBe(true);
    expect(
      sumdbUnreachable(
        'go: golang.org/x/example/hello@latest: verifying module: golang.org/x/example/hello@v0.0.0: initializing sumdb.Client: checking tree#69322702: Get "https://127.0.0.1:1/tile/8/3/000.p/4": dial tcp 127.0.0.1:1: connect: connection refused',
      ),
    ).toBe(true);
    expect(sumdbUnreachable('verifying github.com/x/y@v1.0.0: checksum mismatch\nSECURITY ERROR (sum.golang.org)')).toBe(false);
    expect(sumdbUnreachable('cmd/go: build failed: undefined: foo')).toBe(false);
  });

  it('freePort returns a port that can be bound', async () => {
    const port = await freePort();
    const server = createServer();
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => resolve());
    });
    await new Promise((r) => server.close(r));
  });
});
