import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Worker } from '@temporalio/worker';
import { startHarness, type Harness } from '../support/harness.js';
import { smallDocument } from '../support/fixtures.js';
import { approvedRoadMap } from '../support/roadmaps.js';
import { workflowBundle } from '../../worker/create-worker.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ attachmentLimits: { maxBytes: 64 * 1024, perCommand: 3 } });
});
afterAll(() => h?.close());

const pdf = (text: string) => Buffer.from(`%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n% ${text}\ntrailer << /Root 1 0 R >>\n%%EOF\n`);

async function upload(token: string, name: string, bytes: Buffer) {
  const form = new FormData();
  form.append('file', new Blob([new Uint8Array(bytes)]), name);
  const res = await fetch(`${h.baseUrl}/api/attachments`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: form });
  expect(res.status).toBe(201);
  return (await res.json()) as { id: string; sha256: string; name: string; size: number; type: string };
}
const download = async (token: string, id: string) => (await fetch(`${h.baseUrl}/api/attachments/${id}`, { headers: { authorization: `Bearer ${token}` } })).status;
const requestEvents = (executionId: string) =>
  h.sql<{ payload: Record<string, any> }[]>`select payload from events where subject = ${executionId} and type = 'execution.extension_requested' order by seq`;

describe('attachments on an extension request', () => {
  it('refuses unknown, foreign and described-only files naming attachments.N.attachmentId, recording nothing', async () => {
    const { executions } = await approvedRoadMap(h, smallDocument(), 3);
    const stands = executions.find((e) => e.itemId === 'stands')!;
    const executor = await h.login('executor');
    const mine = await upload(executor, 'письмо поставщика.pdf', pdf(`своё ${Date.now()}`));
    const theirs = await upload(await h.login('controller'), 'чужое.pdf', pdf(`чужое ${Date.now()}`));
    const path = `/api/executions/${stands.id}/extension-requests`;
    const base = { newDeadline: { date: '2017-05-31' }, reason: 'Поставщик задерживает стенды' };

    const refused = await h.call('POST', path, {
      token: executor,
      body: { ...base, attachments: [{ attachmentId: mine.id }, { attachmentId: theirs.id }, { attachmentId: '00000000-0000-0000-0000-000000000000' }] },
    });
    expect(refused.status).toBe(400);
    expect(refused.body.error.details.map((d: { field: string }) => d.field)).toEqual(['attachments.1.attachmentId', 'attachments.2.attachmentId']);
    expect(refused.body.error.details[0].message).toMatch(/нет вашего вложения/);

    // Only uploads may back a request: a described file (name, size, sha256 typed by the client) is not one.
    const described = await h.call('POST', path, { token: executor, body: { ...base, attachments: [{ name: 'x.pdf', size: 1, sha256: mine.sha256 }] } });
    expect(described.status).toBe(400);
    expect(described.body.error.details[0].field).toMatch(/^attachments\.0/);

    expect(await requestEvents(stands.id)).toEqual([]);
    expect((await h.sql`select 1 from extension_requests where execution_id = ${stands.id}`).length).toBe(0);
    const [row] = await h.sql<{ attached_kind: string | null }[]>`select attached_kind from attachments where id = ${mine.id}`;
    expect(row.attached_kind).toBeNull();
  });

  it('records name, size and sha256 in the event, attaches the files to the execution once under a retry, and lets its readers download them', async () => {
    const { id: roadMapId, executions } = await approvedRoadMap(h, smallDocument(), 3);
    const stands = executions.find((e) => e.itemId === 'stands')!;
    const executor = await h.login('executor');
    const letter = await upload(executor, 'Письмо ООО «Стенд» № 5.pdf', pdf(`письмо ${Date.now()}`));
    const act = await upload(executor, 'акт сверки.pdf', pdf(`акт ${Date.now()}`));
    const controller = await h.login('controller');
    expect(await download(controller, letter.id)).toBe(404);

    const body = { newDeadline: { date: '2017-05-31' }, reason: 'Поставщик задерживает стенды', attachments: [{ attachmentId: letter.id }, { attachmentId: act.id }] };
    const headers = { 'idempotency-key': `extension-files-${stands.id}` };
    const first = await h.call('POST', `/api/executions/${stands.id}/extension-requests`, { token: executor, body, headers });
    expect(first.status, JSON.stringify(first.body)).toBe(201);
    const retry = await h.call('POST', `/api/executions/${stands.id}/extension-requests`, { token: executor, body, headers });
    expect(retry.status).toBe(201);
    expect(retry.body.requestId).toBe(first.body.requestId);

    const events = await requestEvents(stands.id);
    expect(events).toHaveLength(1);
    expect(events[0].payload.attachments).toEqual([
      { attachmentId: letter.id, name: letter.name, size: letter.size, sha256: letter.sha256, type: 'application/pdf' },
      { attachmentId: act.id, name: act.name, size: act.size, sha256: act.sha256, type: 'application/pdf' },
    ]);
    // The audit trail as the API serves it shows them too.
    const trail = JSON.stringify((await h.call('GET', `/api/roadmaps/${roadMapId}/events?limit=1000`, { token: await h.login('coordinator') })).body);
    for (const f of [letter, act]) {
      expect(trail).toContain(f.sha256);
      expect(trail).toContain(JSON.stringify(f.name).slice(1, -1));
    }
    const attached = await h.sql<{ id: string; attached_kind: string; attached_id: string }[]>`
      select id, attached_kind, attached_id from attachments where id = any(${[letter.id, act.id]}::text[]) order by id`;
    expect(attached.map((a) => [a.attached_kind, a.attached_id])).toEqual([['execution', stands.id], ['execution', stands.id]]);

    for (const who of ['controller', 'coordinator', 'executor']) expect(await download(await h.login(who), letter.id), who).toBe(200);
    expect(await download(await h.login('smo'), letter.id)).toBe(404);

    // The same upload may back the report of this execution later, but never another execution.
    const other = executions.find((e) => e.itemId === 'order')!;
    const elsewhere = await h.call('POST', `/api/executions/${other.id}/complete`, { token: executor, body: { text: 'то же', attachments: [{ attachmentId: letter.id }] } });
    expect(elsewhere.status).toBe(400);
    expect(elsewhere.body.error.details[0].field).toBe('attachments.0.attachmentId');
  });

  it('the execution workflow replays a history holding requests with and without files', async () => {
    const { executions } = await approvedRoadMap(h, smallDocument(), 3);
    const stands = executions.find((e) => e.itemId === 'stands')!;
    const executor = await h.login('executor');
    const controller = await h.login('controller');
    const path = `/api/executions/${stands.id}/extension-requests`;
    // The shape every request had before they took files: no `attachments` in the Update's input.
    const plain = await h.call('POST', path, { token: executor, body: { newDeadline: { date: '2017-05-31' }, reason: 'Первый перенос' } });
    expect(plain.status).toBe(201);
    expect((await requestEvents(stands.id))[0].payload).not.toHaveProperty('attachments');
    expect((await h.call('POST', `/api/extension-requests/${plain.body.requestId}/decision`, { token: controller, body: { granted: true } })).status).toBe(200);
    const file = await upload(executor, 'письмо.pdf', pdf(`второе ${Date.now()}`));
    const withFile = await h.call('POST', path, { token: executor, body: { newDeadline: { date: '2017-06-30' }, reason: 'Второй перенос', attachments: [{ attachmentId: file.id }] } });
    expect(withFile.status).toBe(201);

    const [{ workflow_id }] = await h.sql<{ workflow_id: string }[]>`select workflow_id from item_executions where id = ${stands.id}`;
    const history = await h.env.client.workflow.getHandle(workflow_id).fetchHistory();
    await Worker.runReplayHistory({ workflowBundle: await workflowBundle() }, history, workflow_id);
  });
});
