import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultRoadMapLimits as limits } from '../../domain/roadmap-limits.js';
import { RoadMapDocument, type RoadMapDocumentInput } from '../../domain/roadmap.js';
import { countExecutions } from '../../domain/roadmap-structure.js';
import { roadMapWorkbook } from '../../services/documents/roadmap-xlsx-export.js';
import { roadMapStateQuery } from '../../workflows/messages.js';
import { smallDocument } from '../support/fixtures.js';
import { startHarness, type Harness } from '../support/harness.js';

/**
 * Issue 22: a road map has a documented maximum (domain/roadmap-limits.ts, ROADMAP_MAX_*), refused with a 400
 * naming it; and the largest allowed one runs end to end on real Temporal — its document (megabytes) stays in
 * PostgreSQL, the workflow carries its hash. Before, 5,000 items were a 500: the engine refused the workflow input.
 */
/** Every payload's bytes in a history (inputs, Update arguments, activity inputs and results, markers) as text. */
function payloadTexts(node: unknown, out: string[] = []): string[] {
  if (node instanceof Uint8Array) out.push(Buffer.from(node).toString('utf8'));
  else if (Array.isArray(node)) for (const v of node) payloadTexts(v, out);
  else if (node && typeof node === 'object') for (const v of Object.values(node)) payloadTexts(v, out);
  return out;
}

const text = (n: number, word = 'Мероприятие') => (word + ' ').repeat(Math.ceil(n / (word.length + 1))).slice(0, n).trimEnd().padEnd(n, 'я');

describe('the size of a road map', () => {
  let h: Harness;
  let coordinator: string;
  let moIds: string[];
  beforeAll(async () => {
    h = await startHarness();
    coordinator = await h.login('coordinator');
    moIds = (await h.sql<{ id: string }[]>`select id from organisations where kind = 'MO' and region_code = '57' order by id`).map((r) => r.id);
  }, 120_000);
  afterAll(() => h?.close());

  const withItems = (n: number, scope: RoadMapDocumentInput['directions'][number]['items'][number]['scope'] = { kind: 'fund' }, participating = moIds) => {
    const doc = smallDocument();
    doc.participatingMoIds = participating;
    const model = doc.directions[0].items[0];
    doc.directions[0].items = Array.from({ length: n }, (_, i) => ({ ...model, id: `i-${i}`, scope, financing: [] }));
    return doc;
  };

  it('over each count a 400 names the field and the limit, for a create, an edit and an amendment; nothing is stored', async () => {
    const before = (await h.sql<{ n: number }[]>`select count(*)::int as n from roadmap_documents`)[0].n;
    const items = await h.call('POST', '/api/roadmaps', { token: coordinator, body: withItems(limits.maxItems + 1) });
    expect(items.status).toBe(400);
    expect(items.body.error.details).toContainEqual({ field: 'directions', message: `не больше 1000 мероприятий в дорожной карте (сейчас 1001)` });

    const mos = Array.from({ length: limits.maxMo + 1 }, (_, i) => `mo-x-${i}`);
    const participating = await h.call('POST', '/api/roadmaps', { token: coordinator, body: withItems(1, { kind: 'fund' }, mos) });
    expect(participating.status).toBe(400);
    expect(participating.body.error.details).toContainEqual({ field: 'participatingMoIds', message: 'не больше 500 участвующих МО в дорожной карте (сейчас 501)' });
    const perItem = await h.call('POST', '/api/roadmaps', { token: coordinator, body: withItems(1, { kind: 'mo_list', moIds: mos }, moIds) });
    expect(perItem.status).toBe(400);
    expect(perItem.body.error.details.map((d: { field: string }) => d.field)).toContain('directions.0.items.0.scope.moIds');

    const perExecution = Math.ceil(limits.maxExecutions / moIds.length) + 1;
    const executions = await h.call('POST', '/api/roadmaps', { token: coordinator, body: withItems(perExecution, { kind: 'all_mo' }) });
    expect(executions.status).toBe(400);
    expect(executions.body.error.message).toMatch(/не больше 10000 исполнений \(мероприятие × МО\) в дорожной карте/);

    // A title of its own: documents are stored by their content's hash, and other files store smallDocument() too.
    const draft = await h.call('POST', '/api/roadmaps', { token: coordinator, body: { ...smallDocument(), title: `Проверка размера ${Date.now()}` } });
    expect(draft.status).toBe(201);
    const edit = await h.call('PUT', `/api/roadmaps/${draft.body.roadMapId}`, { token: coordinator, body: withItems(limits.maxItems + 1) });
    expect(edit.status).toBe(400);
    expect(edit.body.error.details[0].field).toBe('directions');
    // Only the accepted draft's document was stored.
    expect((await h.sql<{ n: number }[]>`select count(*)::int as n from roadmap_documents`)[0].n).toBe(before + 1);
  });

  it('the largest allowed road map runs end to end: imported, submitted, approved, every execution launched; the histories hold its hash, not it', async () => {
    const n = limits.maxItems;
    const perDirection = n / limits.maxDirections;
    // Every execution the limit allows over the region's МО: k items for all МО, one for some, the rest fund-level.
    const all = Math.floor((limits.maxExecutions - n) / (moIds.length - 1));
    const rest = limits.maxExecutions - n - all * (moIds.length - 1);
    const indicators = Array.from({ length: limits.maxIndicators }, (_, i) => ({
      id: `ind-${i}`, title: text(2000, 'Показатель'), unit: text(200, 'процент'), direction: 'at_least' as const, targets: { '2017': i }, source: text(2000, 'Источник'),
    }));
    const directions = Array.from({ length: limits.maxDirections }, (_, d) => ({
      id: `d-${d}`,
      party: 'TFOMS' as const,
      title: text(1000, 'Направление'),
      items: Array.from({ length: perDirection }, (_, j) => {
        const i = d * perDirection + j;
        const scope = i < all ? { kind: 'all_mo' as const } : i === all ? { kind: 'mo_list' as const, moIds: moIds.slice(0, rest + 1) } : { kind: 'fund' as const };
        return {
          id: `i-${i}`,
          title: text(2000),
          deadline: { date: '2027-12-24' },
          executorId: 'executor',
          controllerId: 'controller',
          scope,
          expectedResult: text(2000, 'Результат'),
          resultDocument: text(500, 'Документ'),
          financing: Array.from({ length: limits.maxFinancingLines / n }, (_, f) => ({ moId: moIds[(i + f) % moIds.length], expense: 'staff_training' as const, source: 'nsz_tfoms' as const, amount: 1000 + f })),
          indicatorIds: [`ind-${i % limits.maxIndicators}`],
        };
      }),
    }));
    const appointments = Array.from({ length: limits.maxAppointments }, (_, a) => ({ directionId: `d-${a % limits.maxDirections}`, moId: moIds[a % moIds.length], organisationId: 'tfoms-57', personId: 'executor' }));
    const document = RoadMapDocument.parse({ ...smallDocument(), title: text(1000, 'Дорожная карта'), participatingMoIds: moIds, directions, appointments, indicators });
    expect(countExecutions(document)).toBe(limits.maxExecutions);
    const size = Buffer.byteLength(JSON.stringify(document));
    expect(size).toBeGreaterThan(10 * 1024 * 1024); // far over Temporal's 2 MB payload limit

    // Too large for a JSON body (2 MB): the Excel import takes it, compressed.
    const file = await roadMapWorkbook(document, new Map());
    expect(file.length).toBeLessThan(2 * 1024 * 1024);
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array(file)]), 'большая.xlsx');
    const res = await fetch(`${h.baseUrl}/api/roadmaps/import`, { method: 'POST', headers: { authorization: `Bearer ${coordinator}`, 'idempotency-key': `largest-${Date.now()}` }, body: form });
    const created = (await res.json()) as any;
    expect(res.status, JSON.stringify(created).slice(0, 1000)).toBe(201);
    const id = created.roadMapId as string;
    const [stored] = await h.sql<{ document: RoadMapDocument; document_sha256: string }[]>`select document, document_sha256 from roadmap_versions where roadmap_id = ${id} and version = 1`;
    expect(RoadMapDocument.parse(stored.document)).toEqual(document);
    expect(stored.document_sha256).toMatch(/^[0-9a-f]{64}$/);

    expect((await h.call('POST', `/api/roadmaps/${id}/submit`, { token: coordinator })).status).toBe(200);
    const approved = await h.call('POST', `/api/roadmaps/${id}/approve`, { token: await h.login('director') });
    expect(approved.status, JSON.stringify(approved.body)).toBe(200);
    const handle = h.env.client.workflow.getHandle(`roadmap:${id}`);
    await expect
      .poll(async () => (await h.sql<{ n: number }[]>`select count(*)::int as n from item_executions where roadmap_id = ${id}`)[0].n, { timeout: 900_000, interval: 2000 })
      .toBe(limits.maxExecutions);
    await expect.poll(async () => (await handle.query(roadMapStateQuery)).launch, { timeout: 900_000, interval: 2000 }).toBeNull();
    const state = await handle.query(roadMapStateQuery);
    expect(state.approvedDocumentRef).toEqual({ sha256: stored.document_sha256, executions: limits.maxExecutions, coordinatorId: 'coordinator' });
    expect(state.approvedDocument).toBeNull();

    // The road map's history: the hash, never the document (inputs, Update arguments, activity inputs).
    const payloads = payloadTexts(await handle.fetchHistory());
    const bytes = payloads.reduce((n, p) => n + Buffer.byteLength(p), 0);
    expect(bytes).toBeLessThan(256 * 1024);
    expect(payloads.some((p) => p.includes(stored.document_sha256))).toBe(true);
    expect(payloads.some((p) => p.includes('Мероприятие Мероприятие') || p.includes('Показатель Показатель'))).toBe(false);
  }, 1_200_000);
});
