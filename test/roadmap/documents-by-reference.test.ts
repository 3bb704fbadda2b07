import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { WorkflowUpdateFailedError } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { Worker } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../domain/actor.js';
import { RoadMapDocument } from '../../domain/roadmap.js';
import { editDraftUpdate, roadMapStateQuery } from '../../workflows/messages.js';
import { workflowBundle } from '../../worker/create-worker.js';
import { smallDocument } from '../support/fixtures.js';
import { startHarness, type Harness } from '../support/harness.js';

/**
 * Road-map documents by reference (migration 014): the workflow carries {sha256, executions}; the activities
 * load the stored text and check its hash. Histories recorded before keep replaying.
 */
const coordinatorActor: Actor = {
  personId: 'coordinator', fullName: 'Координатор', organisationId: 'tfoms-57', organisationKind: 'TFOMS', regionCode: '57',
  position: 'head_of_division', roles: [], actingForId: null,
};

function payloadTexts(node: unknown, out: string[] = []): string[] {
  if (node instanceof Uint8Array) out.push(Buffer.from(node).toString('utf8'));
  else if (Array.isArray(node)) for (const v of node) payloadTexts(v, out);
  else if (node && typeof node === 'object') for (const v of Object.values(node)) payloadTexts(v, out);
  return out;
}

describe('road-map documents by reference', () => {
  let h: Harness;
  let coordinator: string;
  let director: string;
  beforeAll(async () => {
    h = await startHarness();
    coordinator = await h.login('coordinator');
    director = await h.login('director');
  }, 120_000);
  afterAll(() => h?.close());

  it('a history recorded by the code before (documents inline in inputs, Updates and events) replays unchanged', async () => {
    // Recorded at ca8e291 (draft, edit, submit, return, submit, approve, amendment with a document, submit, approve).
    const json = JSON.parse(readFileSync(new URL('./fixtures/roadmap-history-inline-documents.json', import.meta.url), 'utf8'));
    const history = temporal.api.history.v1.History.fromObject(json);
    expect(payloadTexts(history).some((p) => p.includes('"document":{"title":"Изменённая"'))).toBe(true);
    await Worker.runReplayHistory({ workflowBundle: await workflowBundle() }, history, 'roadmap:rm-920b49eeccf9');
  });

  it('a road map today: every command carries the hash, the history never the document, and it replays', async () => {
    const doc = smallDocument();
    doc.title = 'Карта по ссылке Уникальное-Название-Ф1';
    const created = await h.call('POST', '/api/roadmaps', { token: coordinator, body: doc });
    expect(created.status).toBe(201);
    const id = created.body.roadMapId;
    const edited = { ...doc, title: 'Карта по ссылке Уникальное-Название-Ф2' };
    expect((await h.call('PUT', `/api/roadmaps/${id}`, { token: coordinator, body: edited })).status).toBe(200);
    expect((await h.call('POST', `/api/roadmaps/${id}/submit`, { token: coordinator })).status).toBe(200);
    expect((await h.call('POST', `/api/roadmaps/${id}/approve`, { token: director })).status).toBe(200);
    await expect.poll(async () => (await h.sql<{ n: number }[]>`select count(*)::int as n from item_executions where roadmap_id = ${id}`)[0].n, { timeout: 60_000 }).toBe(3);
    // An amendment copying the approved version: the service stores it again and sends its reference.
    expect((await h.call('POST', `/api/roadmaps/${id}/versions`, { token: coordinator })).status).toBe(201);
    const versions = await h.sql<{ version: number; document: RoadMapDocument; document_sha256: string }[]>`
      select version, document, document_sha256 from roadmap_versions where roadmap_id = ${id} order by version`;
    expect(versions.map((v) => v.document.title)).toEqual([edited.title, edited.title]);
    for (const v of versions) {
      const [row] = await h.sql<{ content: string }[]>`select content from roadmap_documents where sha256 = ${v.document_sha256}`;
      expect(createHash('sha256').update(row.content).digest('hex')).toBe(v.document_sha256);
    }
    const events = await h.sql<{ type: string; payload: any }[]>`select type, payload from events where roadmap_id = ${id} and subject = 'roadmap' order by seq`;
    expect(events.filter((e) => 'documentRef' in e.payload).map((e) => e.type)).toEqual(['roadmap.drafted', 'roadmap.draft_edited', 'roadmap.amendment_started']);
    expect(events.some((e) => 'document' in e.payload)).toBe(false);

    const handle = h.env.client.workflow.getHandle(`roadmap:${id}`);
    const history = await handle.fetchHistory();
    const texts = payloadTexts(history);
    expect(texts.some((p) => p.includes('Уникальное-Название'))).toBe(false);
    expect(texts.some((p) => p.includes(versions[0].document_sha256))).toBe(true);
    await Worker.runReplayHistory({ workflowBundle: await workflowBundle() }, history, `roadmap:${id}`);
  });

  it('a reference to a missing or altered document is refused and changes nothing', async () => {
    const created = await h.call('POST', '/api/roadmaps', { token: coordinator, body: smallDocument() });
    expect(created.status).toBe(201);
    const id = created.body.roadMapId;
    const handle = h.env.client.workflow.getHandle(`roadmap:${id}`);
    const before = await handle.query(roadMapStateQuery);

    const other = JSON.stringify(RoadMapDocument.parse({ ...smallDocument(), title: 'Подменённая' }));
    const claimed = createHash('sha256').update('не тот текст').digest('hex');
    await h.sql`insert into roadmap_documents (sha256, content) values (${claimed}, ${other})`;
    const missing = createHash('sha256').update('нет такого').digest('hex');
    for (const sha256 of [claimed, missing]) {
      const err = await handle.executeUpdate(editDraftUpdate, { args: [{ actor: coordinatorActor, documentRef: { sha256, executions: 3 } }] }).catch((e) => e);
      expect(err).toBeInstanceOf(WorkflowUpdateFailedError);
      expect((err as WorkflowUpdateFailedError).cause?.message).toMatch(/не могут быть сохранены/);
    }
    // Rows never change once stored.
    await expect(h.sql`update roadmap_documents set content = 'x' where sha256 = ${claimed}`).rejects.toThrow(/immutable/);
    expect(await handle.query(roadMapStateQuery)).toEqual(before);
    const [v] = await h.sql<{ document: RoadMapDocument }[]>`select document from roadmap_versions where roadmap_id = ${id} and version = 1`;
    expect(v.document.title).toBe(smallDocument().title);
  });

  it('a workflow started with the document inline (as before, and as the demo seeds still do) runs as it did', async () => {
    const id = `rm-inline-${Date.now()}`;
    const document = RoadMapDocument.parse(smallDocument());
    await h.env.client.workflow.start('roadMapWorkflow', {
      workflowId: `roadmap:${id}`, taskQueue: h.taskQueue, args: [{ roadMapId: id, regionCode: '57', draft: { actor: coordinatorActor, document } }],
    });
    await expect.poll(async () => (await h.sql`select 1 from roadmap_versions where roadmap_id = ${id}`).length, { timeout: 30_000 }).toBe(1);
    expect((await h.call('POST', `/api/roadmaps/${id}/submit`, { token: coordinator })).status).toBe(200);
    expect((await h.call('POST', `/api/roadmaps/${id}/approve`, { token: director })).status).toBe(200);
    await expect.poll(async () => (await h.sql<{ n: number }[]>`select count(*)::int as n from item_executions where roadmap_id = ${id}`)[0].n, { timeout: 60_000 }).toBe(3);
    const state = await h.env.client.workflow.getHandle(`roadmap:${id}`).query(roadMapStateQuery);
    expect(state.approvedDocument?.title).toBe(document.title);
  });
});
