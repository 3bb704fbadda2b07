import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../support/harness.js';
import { smallDocument } from '../support/fixtures.js';
import { approvedRoadMap } from '../support/roadmaps.js';

let h: Harness;
beforeAll(async () => {
  // No SMTP: the harness's worker gets no mail transport.
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});

interface Row {
  kind: string;
  person_id: string;
  email_status: string;
  email_attempts: number;
  email_sent_at: Date | null;
  has_email: boolean;
  subject: string;
}

const rowsOf = (executionId: string) =>
  h.sql<Row[]>`select n.kind, n.person_id, n.email_status, n.email_attempts, n.email_sent_at, p.email is not null as has_email, n.subject
               from notifications n join people p on p.id = n.person_id
               where n.execution_id = ${executionId} and n.kind not in ('reminder', 'escalation') order by n.created_at`;
const ladderRowsOf = (executionId: string) =>
  h.sql<Row[]>`select n.email_status, p.email is not null as has_email from notifications n join people p on p.id = n.person_id
               where n.execution_id = ${executionId} and n.kind in ('reminder', 'escalation')`;

describe('notifications without SMTP', () => {
  it('are written settled with the command or rung that caused them: logged for a person with an address, no_address otherwise, none left pending', async () => {
    const { executions } = await approvedRoadMap(h, smallDocument(), 3);
    // The list gives each execution as the read model shows it (executionView).
    const e = executions[0] as (typeof executions)[0] & { executorId: string; controllerId: string; itemTitle: string };
    const done = await h.call('POST', `/api/executions/${e.id}/complete`, { token: await h.login('executor'), body: { text: 'Сделано' } });
    expect(done.status, JSON.stringify(done.body)).toBe(200);
    // Read right after the 200: nothing is waiting for an e-mail step.
    const [submitted] = await rowsOf(e.id);
    expect(submitted).toMatchObject({ kind: 'submitted_for_acceptance', person_id: e.controllerId });
    expect(submitted.subject).toContain(e.itemTitle);
    expect(submitted.email_status).toBe(submitted.has_email ? 'logged' : 'no_address');
    expect(submitted.email_attempts).toBe(submitted.has_email ? 1 : 0);
    expect(submitted.email_sent_at !== null).toBe(submitted.has_email);

    const accepted = await h.call('POST', `/api/executions/${e.id}/accept`, { token: await h.login('controller'), body: {} });
    expect(accepted.status, JSON.stringify(accepted.body)).toBe(200);
    const rows = await rowsOf(e.id);
    expect(rows.map((r) => `${r.kind}:${r.person_id}`)).toEqual([`submitted_for_acceptance:${e.controllerId}`, `accepted:${e.executorId}`]);
    for (const r of rows) expect(r.email_status).toBe(r.has_email ? 'logged' : 'no_address');
    // The ladder's (its deadline was long past at approval) are settled the same way.
    for (const r of await ladderRowsOf(e.id)) expect(r.email_status).toBe(r.has_email ? 'logged' : 'no_address');
  });
});
