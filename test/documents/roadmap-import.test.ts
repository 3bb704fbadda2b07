import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RoadMapDocument } from '../../domain/roadmap.js';
import { demoDocument } from '../support/fixtures.js';
import { startHarness, type Harness } from '../support/harness.js';

async function upload(h: Harness, token: string, data: Buffer | Uint8Array, name = 'дорожная-карта.xlsx') {
  const form = new FormData();
  form.append('file', new Blob([new Uint8Array(data)]), name);
  const res = await fetch(`${h.baseUrl}/api/roadmaps/import`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: form });
  return { status: res.status, body: (await res.json()) as any };
}

async function get(h: Harness, token: string, path: string) {
  const res = await fetch(h.baseUrl + path, { headers: { authorization: `Bearer ${token}` } });
  return { res, data: Buffer.from(await res.arrayBuffer()) };
}

describe('a road map from Excel', () => {
  let h: Harness;
  let coordinator: string;
  let draftId: string;
  beforeAll(async () => {
    h = await startHarness();
    coordinator = await h.login('coordinator');
    const created = await h.call('POST', '/api/roadmaps', { token: coordinator, body: demoDocument() });
    expect(created.status).toBe(201);
    draftId = created.body.roadMapId;
  }, 120_000);
  afterAll(() => h?.close());

  it('the template has every sheet and column, and pick lists', async () => {
    const { res, data } = await get(h, coordinator, '/api/roadmaps/import-template.xlsx');
    expect(res.status).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(data as never);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['Дорожная карта', 'Направления', 'Мероприятия', 'Финансирование', 'Назначения', 'Параметры']);
    const items = wb.getWorksheet('Мероприятия')!;
    expect(items.getRow(1).getCell(4).value).toBe('Срок (ДД.ММ.ГГГГ)');
    expect(items.getRow(1).getCell(5).value).toBe('Исполнитель (логин)');
    expect(wb.getWorksheet('Финансирование')!.getCell('D2').dataValidation.formulae[0]).toContain('НСЗ ТФОМС');
  });

  it('round trip: the exported workbook of a version imports as a draft with the same document', async () => {
    const exported = await get(h, coordinator, `/api/roadmaps/${draftId}/versions/1/roadmap.xlsx`);
    expect(exported.res.status).toBe(200);
    const created = await upload(h, coordinator, exported.data);
    expect(created.status, JSON.stringify(created.body).slice(0, 2000)).toBe(201);
    const [a, b] = await h.sql<{ document: unknown }[]>`
      select document from roadmap_versions where roadmap_id in (${draftId}, ${created.body.roadMapId}) and version = 1 order by roadmap_id = ${draftId} desc`;
    expect(RoadMapDocument.parse(b.document)).toEqual(RoadMapDocument.parse(a.document));
    const items = wb0Items(exported.data);
    expect((await items)[0]).toContain('Исполнитель (логин)');
  });

  it('row-level errors name the sheet, the row, the column and the reason in Russian; nothing is created', async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await get(h, coordinator, `/api/roadmaps/${draftId}/versions/1/roadmap.xlsx`)).data as never);
    const items = wb.getWorksheet('Мероприятия')!;
    items.getCell('D14').value = '31.02.2017';
    items.getCell('E3').value = 'no-such-login';
    items.getCell('A4').value = 'no-such-direction';
    wb.getWorksheet('Финансирование')!.getCell('D2').value = 'Бюджет города';
    const before = await h.sql`select count(*)::int as n from roadmaps`;
    const refused = await upload(h, coordinator, Buffer.from(await wb.xlsx.writeBuffer()));
    expect(refused.status).toBe(400);
    const messages = refused.body.error.details.map((d: { message: string }) => d.message);
    expect(messages).toContain('Мероприятия, строка 14, «Срок (ДД.ММ.ГГГГ)»: 31.02.2017 — такой даты нет');
    expect(messages).toContain('Мероприятия, строка 3, «Исполнитель (логин)»: no-such-login — сотрудник с таким логином не найден');
    expect(messages).toContain('Мероприятия, строка 4, «Направление (код)»: no-such-direction — такого направления нет на листе «Направления»');
    expect(messages.some((m: string) => m.startsWith('Финансирование, строка 2, «Источник»: Бюджет города — источник из списка'))).toBe(true);
    expect(refused.body.error.details.map((d: { field: string }) => d.field)).toContain('Мероприятия!D14');
    expect((await h.sql`select count(*)::int as n from roadmaps`)[0].n).toBe(before[0].n);
  });

  it("the domain rules are reported at their cells: a specialist as executor, a forbidden financing pair", async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await get(h, coordinator, `/api/roadmaps/${draftId}/versions/1/roadmap.xlsx`)).data as never);
    wb.getWorksheet('Мероприятия')!.getCell('E2').value = 'specialist';
    const fin = wb.getWorksheet('Финансирование')!;
    fin.getCell('C2').value = 'Текущий ремонт';
    fin.getCell('D2').value = 'СМО';
    const refused = await upload(h, coordinator, Buffer.from(await wb.xlsx.writeBuffer()));
    expect(refused.status).toBe(400);
    const fields = refused.body.error.details.map((d: { field: string }) => d.field);
    expect(fields).toContain('Мероприятия!E2');
    expect(fields.some((f: string) => f.startsWith('Финансирование!') && f.endsWith('2'))).toBe(true);
    expect(refused.body.error.details.find((d: { field: string }) => d.field === 'Мероприятия!E2').message).toMatch(/^Мероприятия, строка 2, «Исполнитель \(логин\)»: /);
  });

  it('refuses what is not a workbook, and a missing file, naming the field', async () => {
    const notXlsx = await upload(h, coordinator, Buffer.from('%PDF-1.4 not a workbook'), 'x.xlsx');
    expect(notXlsx.status).toBe(400);
    expect(notXlsx.body.error.details[0].field).toBe('file');
    const res = await fetch(`${h.baseUrl}/api/roadmaps/import`, { method: 'POST', headers: { authorization: `Bearer ${coordinator}` }, body: new FormData() });
    expect(res.status).toBe(400);
    expect(((await res.json()) as any).error.details[0].field).toBe('file');
    // The right to draft is checked before the file is opened (test/documents/workbook-limits.test.ts: the login oracle).
    const specialist = await upload(h, await h.login('specialist'), (await get(h, coordinator, '/api/roadmaps/import-template.xlsx')).data);
    expect(specialist.status).toBe(403);
  });
});

async function wb0Items(data: Buffer): Promise<string[]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(data as never);
  return [(wb.getWorksheet('Мероприятия')!.getRow(1).values as string[]).join('|')];
}
