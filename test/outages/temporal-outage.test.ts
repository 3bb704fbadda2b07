import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../infra/free-port.js';
import { startTemporalDevServer, type TemporalDevServer } from '../../infra/temporal-dev-server.js';
import { fastDocument } from '../support/fixtures.js';
import { eventually, startHarness, type Harness } from '../support/harness.js';
import { approvedRoadMap } from '../support/roadmaps.js';

/**
 * The Temporal server goes away and comes back (a dev server of this test's
 * own, its state in a file so that it survives the restart).
 * Spec (README "Outages"): a 503 naming Temporal within 3 s, nothing changed;
 * working again within 5 s of the server's return; a retried command happens once.
 * The bounds below add a little for a loaded machine.
 */
const FAIL_WITHIN_MS = 3_000 + 500;
const RECOVER_WITHIN_MS = 5_000 + 1_000;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('Temporal down', () => {
  let dir: string;
  let port: number;
  let server: TemporalDevServer;
  let h: Harness;
  const start = () => startTemporalDevServer({ dbFile: path.join(dir, 'temporal.sqlite'), port, uiPort: false });

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'own-temporal-'));
    port = await freePort();
    server = await start();
    h = await startHarness({ temporalAddress: server.address });
  });
  afterAll(async () => {
    await h?.close();
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers 503 naming Temporal within 3 s, changes nothing, and works again within 5 s of its return; the retry happens once', async () => {
    const doc = fastDocument({ deadlineInMs: 600_000, rungs: [{ id: 'later', kind: 'escalation', offset: 'P30D', notify: ['director'] }] });
    const { executions } = await approvedRoadMap(h, doc, 1);
    const [e] = executions;
    const executor = await h.login('executor');
    const complete = () =>
      h.call('POST', `/api/executions/${e.id}/complete`, { token: executor, body: { text: 'Готово' }, headers: { 'Idempotency-Key': `temporal-outage-${e.id}` } });
    const completions = async () => (await h.sql`select id from events where subject = ${e.id} and type = 'execution.completed'`).length;

    await server.stop();
    // Long enough for the clients' reconnect backoff to grow: every command in it fails fast.
    const until = Date.now() + 8_000;
    let failedIn = 0;
    let failures = 0;
    while (Date.now() < until) {
      const t0 = Date.now();
      const refused = await complete();
      failedIn = Math.max(failedIn, Date.now() - t0);
      expect(refused.status, JSON.stringify(refused.body)).toBe(503);
      expect(refused.body.error).toMatchObject({ code: 'unavailable', details: [] });
      expect(refused.body.error.message).toMatch(/Temporal/);
      expect(failedIn).toBeLessThan(FAIL_WITHIN_MS);
      failures++;
      await sleep(250);
    }
    expect(failures).toBeGreaterThan(3);

    const t1 = Date.now();
    const health = await h.call('GET', '/health');
    expect(Date.now() - t1).toBeLessThan(FAIL_WITHIN_MS);
    expect(health.status).toBe(503);
    expect(health.body).toMatchObject({ status: 'failing', postgres: 'ok' });
    expect(health.body.temporal).toMatch(/^failing/);
    // Reads come from PostgreSQL: they do not need Temporal.
    expect((await h.call('GET', `/api/executions/${e.id}`, { token: executor })).body.status).not.toBe('submitted');
    expect(await completions()).toBe(0);

    server = await start();
    const back = Date.now();
    const done = await eventually(complete, (r) => r.status !== 503, RECOVER_WITHIN_MS + 10_000);
    const recoveredIn = Date.now() - back;
    expect(done.status, JSON.stringify(done.body)).toBe(200);
    expect(done.body.status).toBe('submitted');
    expect(recoveredIn).toBeLessThan(RECOVER_WITHIN_MS);

    const again = await complete();
    expect(again.status).toBe(200);
    expect(again.body).toEqual(done.body);
    expect(await completions()).toBe(1);
    console.log(`Temporal down: ${failures} commands, each a 503 in at most ${failedIn} ms; back: 200 in ${recoveredIn} ms`);
  });
});
