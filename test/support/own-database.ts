import { randomUUID } from 'node:crypto';
import postgres from 'postgres';
import { inject } from 'vitest';

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
