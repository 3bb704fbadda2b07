import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { executionStateQuery } from '../../workflows/messages.js';
import { fastDocument } from '../support/fixtures.js';
import { startHarness, type Harness } from '../support/harness.js';
import { expectFastRefusals, expectRecovery } from '../support/outage.js';
import { startOwnPostgres, type OwnPostgres } from '../support/own-postgres.js';
import { approvedRoadMap } from '../support/roadmaps.js';

/**
 * PostgreSQL goes away and comes back: a server of this test's own (never
 * the machine's shared one), taken down with an immediate shutdown: a 503
 * naming PostgreSQL within 3 s, nothing changed; working again within 5 s of
 * the server's return; a retried command happens once.
 */

describe('PostgreSQL down', () => {
  let pg: OwnPostgres;
  let h: Harness;

  beforeAll(async () => {
    pg = await startOwnPostgres();
    h = await startHarness({ databaseUrl: pg.url });
  });
  afterAll(async () => {
    await h?.close();
    await pg?.destroy();
  });

  it('answers 503 naming PostgreSQL within 3 s on the API and the pages, changes nothing, and works again within 5 s of its return; the retry happens once', async () => {
    const doc = fastDocument({ deadlineInMs: 600_000, rungs: [{ id: 'later', kind: 'escalation', offset: 'P30D', notify: ['director'] }] });
    const { executions } = await approvedRoadMap(h, doc, 1);
    const [e] = executions;
    const executor = await h.login('executor');
    const key = `postgres-outage-${e.id}`;
    const complete = () => h.call('POST', `/api/executions/${e.id}/complete`, { token: executor, body: { text: 'Готово' }, headers: { 'Idempotency-Key': key } });
    const workflow = () => h.env.client.workflow.getHandle(`item-execution:${e.id}`).query(executionStateQuery);
    const statusBefore = (await workflow()).status;

    await pg.down();
    const refusals = await expectFastRefusals(complete, /PostgreSQL/);

    const reads = await h.call('GET', '/api/tasks', { token: executor });
    expect(reads.status).toBe(503);
    expect(reads.body.error.message).toMatch(/PostgreSQL/);
    const health = await h.call('GET', '/health');
    expect(health.status).toBe(503);
    expect(health.body).toMatchObject({ status: 'failing', temporal: 'ok' });
    expect(health.body.postgres).toMatch(/^failing/);
    // The pages say it in Russian, on a page of their own.
    const page = await fetch(`${h.baseUrl}/tasks`, { headers: { cookie: `rm_session=${executor}` } });
    expect(page.status).toBe(503);
    expect(page.headers.get('content-type')).toMatch(/text\/html/);
    const html = await page.text();
    expect(html).toMatch(/Сервис временно недоступен/);
    expect(html).toMatch(/PostgreSQL/);
    // Nothing reached the workflow: its state is what it was.
    expect((await workflow()).status).toBe(statusBefore);

    await pg.up();
    const { body, recoveredInMs } = await expectRecovery(complete);
    expect(body.status).toBe('submitted');
    expect((await complete()).headers.get('idempotent-replayed')).toBe('true');
    const completions = await h.sql`select id from events where subject = ${e.id} and type = 'execution.completed'`;
    expect(completions).toHaveLength(1);
    console.log(`PostgreSQL down: ${refusals.count} requests, each a 503 in at most ${refusals.slowestMs} ms; back: 200 in ${recoveredInMs} ms`);
  });
});
