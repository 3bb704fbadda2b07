import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../infra/startup/free-port.js';
import { startTemporalDevServer, type TemporalDevServer } from '../../infra/temporal/temporal-dev-server.js';
import { fastDocument } from '../support/fixtures.js';
import { startHarness, type Harness } from '../support/harness.js';
import { expectFastRefusals, expectRecovery, FAIL_WITHIN_MS } from '../support/outage.js';
import { approvedRoadMap } from '../support/roadmaps.js';

/**
 * The Temporal server goes away and comes back (a dev server of this test's
 * own, its state in a file so that it survives the restart): a 503 naming
 * Temporal within 3 s, nothing changed; working again within 5 s of the
 * server's return; a retried command happens once.
 */

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
    const refusals = await expectFastRefusals(complete, /Temporal/);

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
    const { body, recoveredInMs } = await expectRecovery(complete);
    expect(body.status).toBe('submitted');
    expect(await completions()).toBe(1);
    console.log(`Temporal down: ${refusals.count} commands, each a 503 in at most ${refusals.slowestMs} ms; back: 200 in ${recoveredInMs} ms`);
  });
});
