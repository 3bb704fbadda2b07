/**
 * Our processes as an operator runs them: `npm run worker`, `npm run api` and
 * `npm start` stop cleanly on SIGTERM (exit 0, within 10 s, no error on the
 * way out), and `npm start` restarts its worker+API child when it crashes.
 */
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { connectDatabase } from '../../infra/database/database.js';
import { freePort } from '../../infra/startup/free-port.js';
import { seedReferenceData } from '../../infra/demo/seed-demo.js';
import { spawnEntry, waitForStatus, type Spawned } from '../support/entry-process.js';

const STOP_LIMIT_MS = 10_000;
const unique = () => `proc-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 6)}`;
const baseEnv = () => ({
  DATABASE_URL: inject('databaseUrl'),
  TEMPORAL_ADDRESS: inject('temporalAddress'),
  TEMPORAL_NAMESPACE: inject('temporalNamespace'),
  TASK_QUEUE: unique(),
  SMTP_URL: '',
  DEMO: '0',
  // The lines waited for are info lines (the test run itself logs at warn).
  LOG_LEVEL: 'info',
});

async function terminate(p: Spawned): Promise<{ code: number | null; ms: number }> {
  const sent = Date.now();
  p.child.kill('SIGTERM');
  const exit = await p.exited;
  return { code: exit.code, ms: exit.at - sent };
}

// A second process needs a second connection, which the embedded PostgreSQL cannot serve.
describe.skipIf(inject('databaseEmbedded'))('processes', () => {
  // With DEMO=0 `npm start` refuses a database without people (it prints the first-administrator command instead).
  beforeAll(async () => {
    const sql = connectDatabase(inject('databaseUrl'));
    await seedReferenceData(sql);
    await sql.end({ timeout: 5 });
  });

  it('npm run worker drains and exits 0 within 10 s of SIGTERM', async () => {
    const worker = spawnEntry('worker/main.ts', baseEnv());
    try {
      await worker.waitFor(/worker polling task queue/);
      const { code, ms } = await terminate(worker);
      expect(worker.output()).toMatch(/DRAINED/);
      expect(worker.output()).not.toMatch(/IllegalStateError|failed/);
      expect(code).toBe(0);
      expect(ms).toBeLessThan(STOP_LIMIT_MS);
    } finally {
      worker.child.kill('SIGKILL');
    }
  });

  it('npm run api finishes, closes its connections and exits 0 within 10 s of SIGTERM', async () => {
    const port = await freePort();
    const api = spawnEntry('api/main.ts', { ...baseEnv(), PORT: String(port) });
    try {
      await waitForStatus(`http://127.0.0.1:${port}/health`, 200);
      // A keep-alive connection left open by a client must not hold the process up.
      expect((await fetch(`http://127.0.0.1:${port}/health`, { headers: { connection: 'keep-alive' } })).status).toBe(200);
      const { code, ms } = await terminate(api);
      expect(api.output()).not.toMatch(/IllegalStateError|failed/);
      expect(code).toBe(0);
      expect(ms).toBeLessThan(STOP_LIMIT_MS);
    } finally {
      api.child.kill('SIGKILL');
    }
  });

  it('npm start restarts a crashed worker+API, which answers again, and stops cleanly', async () => {
    const port = await freePort();
    const start = spawnEntry('infra/startup/start.ts', { ...baseEnv(), PORT: String(port) });
    try {
      const first = Number((await start.waitFor(/worker\+API started \(pid (\d+)\)/))[1]);
      await waitForStatus(`http://127.0.0.1:${port}/health`, 200);
      process.kill(first, 'SIGKILL');
      // The parent says why, waits, and starts a new child that answers.
      await start.waitFor(/worker\+API was killed by SIGKILL after [\d.]+ s.*restarting in \d+ s \(restart 1\)/);
      const second = Number((await start.waitFor(/worker\+API restarted \(pid (\d+)\)/))[1]);
      expect(second).not.toBe(first);
      await start.waitFor(/worker\+API answering again/);
      await waitForStatus(`http://127.0.0.1:${port}/health`, 200);

      const { code, ms } = await terminate(start);
      expect(start.output()).not.toMatch(/IllegalStateError|Not running/);
      expect(start.output()).toMatch(/"component":"worker\+api".*"msg":"stopped"/);
      expect(code).toBe(0);
      expect(ms).toBeLessThan(STOP_LIMIT_MS + 5_000);
      expect(() => process.kill(second, 0)).toThrow();
    } finally {
      start.child.kill('SIGKILL');
    }
  });
});
