import postgres from 'postgres';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { spawnEntry } from '../support/entry-process.js';

/**
 * `npm run admin -- create …` and `npm start` on an empty production database, as processes
 * on databases of their own (DEMO=0: no demo people).
 */
describe('the first administrator', () => {
  const serverUrl = inject('databaseUrl');
  const created: string[] = [];
  const admin = () => postgres(serverUrl, { max: 1, onnotice: () => {} });
  async function freshDatabase(): Promise<string> {
    const name = `rm_accounts_${Date.now()}_${Math.random().toString(36).slice(2, 8)}`;
    const sql = admin();
    await sql.unsafe(`create database "${name}"`);
    await sql.end();
    created.push(name);
    const url = new URL(serverUrl);
    url.pathname = `/${name}`;
    return url.toString();
  }
  afterAll(async () => {
    const sql = admin();
    for (const name of created) await sql.unsafe(`drop database if exists "${name}" with (force)`);
    await sql.end();
  });
  it.skipIf(inject('databaseEmbedded'))('creates a ФОМС administrator with an initial password on an empty database, then refuses the same login', async () => {
    const url = await freshDatabase();
    const { spawn } = await import('node:child_process');
    const { REPO_ROOT } = await import('../support/entry-process.js');
    const command = (args: string[]) =>
      new Promise<{ code: number | null; out: string }>((resolve) => {
        const child = spawn(process.execPath, ['--import', 'tsx', 'infra/startup/admin-command.ts', ...args], {
          cwd: REPO_ROOT,
          env: { ...process.env, DATABASE_URL: url, DEMO: '0', APP_URL: 'https://roadmaps.example', LOG_LEVEL: 'warn' },
        });
        let out = '';
        child.stdout.on('data', (c: Buffer) => (out += c));
        child.stderr.on('data', (c: Buffer) => (out += c));
        child.on('exit', (code) => resolve({ code, out }));
      });
    const first = await command(['create', '--login', 'fomsadmin', '--name', 'Смирнова Анна Викторовна', '--email', 'smirnova@ffoms.example']);
    expect(first.code, first.out).toBe(0);
    expect(first.out).toContain('https://roadmaps.example/login');
    const password = /Начальный пароль:\s+(\S+)/.exec(first.out)?.[1];
    expect(password).toMatch(/^\S{20}$/);

    const sql = postgres(url, { max: 1, onnotice: () => {} });
    try {
      const [p] = await sql`select p.id, p.roles, p.must_change_password, p.password_hash, o.kind from people p join organisations o on o.id = p.organisation_id where login = 'fomsadmin'`;
      expect(p).toMatchObject({ id: 'fomsadmin', roles: ['foms_admin'], must_change_password: true, kind: 'FOMS' });
      expect(p.password_hash).not.toContain(password);
      const again = await command(['create', '--login', 'fomsadmin', '--name', 'Другой Человек', '--email', 'other@ffoms.example']);
      expect(again.code).toBe(1);
      expect(again.out).toContain('логин «fomsadmin» уже существует');
      const region = await command(['create', '--login', 'orel-admin', '--name', 'Орлов Пётр Ильич', '--email', 'orlov@tfoms57.example', '--region', '57']);
      expect(region.code, region.out).toBe(0);
      const [r] = await sql`select p.roles, o.kind, o.region_code from people p join organisations o on o.id = p.organisation_id where login = 'orel-admin'`;
      expect(r).toMatchObject({ roles: ['admin'], kind: 'TFOMS', region_code: '57' });
      expect((await command(['create', '--login', 'x'])).code).toBe(2);
      const trail = await sql`select action, source, actor_id from directory_changes order by id`;
      expect(trail).toEqual([
        { action: 'created', source: 'command', actor_id: null },
        { action: 'created', source: 'command', actor_id: null },
      ]);
    } finally {
      await sql.end();
    }
  }, 120_000);

  it.skipIf(inject('databaseEmbedded'))('npm start with DEMO=0 on a database without people prints the command instead of starting', async () => {
    const url = await freshDatabase();
    const p = spawnEntry('infra/startup/start.ts', { DATABASE_URL: url, DEMO: '0', TEMPORAL_ADDRESS: inject('temporalAddress'), PORT: '1', METRICS_PORT: 'off' });
    const { code } = await p.exited;
    expect(code, p.output()).toBe(1);
    expect(p.output()).toContain('npm run admin -- create --login');
  }, 120_000);
});
