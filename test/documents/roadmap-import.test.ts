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

  /** The exported workbook of the demo draft, to spoil cell by cell. */
  async function exportedWorkbook(): Promise<ExcelJS.Workbook> {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await get(h, coordinator, `/api/roadmaps/${draftId}/versions/1/roadmap.xlsx`)).data as never);
    return wb;
  }
  const refusedWith = async (wb: ExcelJS.Workbook) => {
    const refused = await upload(h, coordinator, Buffer.from(await wb.xlsx.writeBuffer()));
    expect(refused.status, JSON.stringify(refused.body).slice(0, 2000)).toBe(400);
    return refused.body.error.details as { field: string; message: string }[];
  };
  /** The row of a sheet whose column A reads `label`. */
  const rowOf = (ws: ExcelJS.Worksheet, label: string) => {
    let found = 0;
    ws.eachRow((r, n) => {
      if (r.getCell(1).value === label) found = n;
    });
    expect(found, `${ws.name}: ${label}`).toBeGreaterThan(1);
    return found;
  };
  /** Words zod's locale leaves in English, and English refusals. */
  const ENGLISH = /\b(string|number|array|object|boolean|expected|invalid|required|received|too (small|big))\b/i;

  it('all errors in one answer: cell errors and the domain rules together, sorted by place, the rules checked on the rest of a broken row', async () => {
    const wb = await exportedWorkbook();
    const items = wb.getWorksheet('Мероприятия')!;
    items.getCell('D14').value = '31.02.2017';
    // The same row: its date did not read, yet its executor is checked against its controller.
    items.getCell('F14').value = items.getCell('E14').value;
    items.getCell('F3').value = items.getCell('E3').value;
    const fin = wb.getWorksheet('Финансирование')!;
    fin.getCell('C2').value = 'Текущий ремонт';
    fin.getCell('D2').value = 'СМО';
    fin.getCell('B3').value = '9999999999';
    const general = wb.getWorksheet('Дорожная карта')!;
    const moRow = rowOf(general, 'Участвующие МО (коды через ;)');
    general.getCell(`B${moRow}`).value = `${general.getCell(`B${moRow}`).value}; 8888888888`;
    const before = await h.sql`select count(*)::int as n from roadmaps`;

    const details = await refusedWith(wb);
    const messages = details.map((d) => d.message);
    expect(messages).toContain('Мероприятия, строка 14, «Срок (ДД.ММ.ГГГГ)»: 31.02.2017 — такой даты нет');
    expect(messages).toContain('Мероприятия, строка 14, «Контролирующее лицо (логин)»: исполнитель не может контролировать собственное мероприятие');
    expect(messages).toContain('Мероприятия, строка 3, «Контролирующее лицо (логин)»: исполнитель не может контролировать собственное мероприятие');
    expect(messages).toContain('Финансирование, строка 2, «Источник»: «Текущий ремонт» не финансируется из источника «СМО»');
    expect(messages).toContain('Финансирование, строка 3, «МО (код)»: МО «9999999999» не входит в число участвующих');
    expect(messages).toContain(`Дорожная карта, строка ${moRow}, «Участвующие МО (коды через ;)»: медицинская организация «8888888888» не найдена`);
    const fields = details.map((d) => d.field);
    expect(fields).toEqual(expect.arrayContaining(['Мероприятия!D14', 'Мероприятия!F14', 'Мероприятия!F3', 'Финансирование!D2', 'Финансирование!B3', `Дорожная карта!B${moRow}`]));
    // Sorted by place: the general sheet, then the items row by row, then financing.
    const order = ['Дорожная карта!', 'Мероприятия!F3', 'Мероприятия!D14', 'Мероприятия!F14', 'Финансирование!D2', 'Финансирование!B3'].map((f) => fields.findIndex((x) => x.startsWith(f)));
    expect(order).toEqual([...order].sort((a, b) => a - b));
    expect(messages.every((m) => !/строка 0\b/.test(m) && !ENGLISH.test(m))).toBe(true);
    expect((await h.sql`select count(*)::int as n from roadmaps`)[0].n).toBe(before[0].n);
  });

  it('a missing sheet is one error naming it, never a row 0; a missing row of «Дорожная карта» names the sheet; an unknown parameter its cell', async () => {
    const noItems = await exportedWorkbook();
    noItems.removeWorksheet(noItems.getWorksheet('Мероприятия')!.id);
    const a = await refusedWith(noItems);
    expect(a).toEqual([{ field: 'Мероприятия', message: 'нет листа «Мероприятия»: загрузите файл по шаблону' }]);

    const noGeneral = await exportedWorkbook();
    noGeneral.removeWorksheet(noGeneral.getWorksheet('Дорожная карта')!.id);
    const b = await refusedWith(noGeneral);
    expect(b).toEqual([{ field: 'Дорожная карта', message: 'нет листа «Дорожная карта»: загрузите файл по шаблону' }]);

    const noDirections = await exportedWorkbook();
    noDirections.removeWorksheet(noDirections.getWorksheet('Направления')!.id);
    const c = await refusedWith(noDirections);
    expect(c).toEqual([{ field: 'Направления', message: 'нет листа «Направления»: загрузите файл по шаблону' }]);

    const noTitleRow = await exportedWorkbook();
    const general = noTitleRow.getWorksheet('Дорожная карта')!;
    general.spliceRows(rowOf(general, 'Наименование'), 1);
    const params = noTitleRow.getWorksheet('Параметры')!;
    params.addRow(['directions', '[]']);
    const paramRow = params.rowCount;
    const d = await refusedWith(noTitleRow);
    expect(d).toEqual([
      { field: 'Дорожная карта', message: 'Дорожная карта: нет строки «Наименование» (в столбце A): загрузите файл по шаблону' },
      { field: `Параметры!A${paramRow}`, message: expect.stringMatching(new RegExp(`^Параметры, строка ${paramRow}, «Параметр»: directions — неизвестный параметр: допустимы .*indicators`)) },
    ]);
    for (const issue of [...a, ...b, ...c, ...d]) {
      expect(issue.field).not.toMatch(/!?[A-Z]*0$|^$/);
      expect(issue.message).not.toMatch(/строка 0|«»/);
    }
  });

  it('every refusal in Russian: an empty «Ожидаемый результат», a negative amount, a wrong type, a missing file', async () => {
    const wb = await exportedWorkbook();
    wb.getWorksheet('Мероприятия')!.getCell('H5').value = null;
    wb.getWorksheet('Финансирование')!.getCell('E2').value = -100;
    const params = wb.getWorksheet('Параметры')!;
    params.getCell(`B${rowOf(params, 'indicators')}`).value = '"показатели"';
    const details = await refusedWith(wb);
    const messages = details.map((d) => d.message);
    expect(messages).toContain('Мероприятия, строка 5, «Ожидаемый результат»: не заполнено');
    expect(messages).toContain('Финансирование, строка 2, «Сумма, руб.»: сумма не может быть отрицательной');
    expect(messages).toContain(`Параметры, строка ${rowOf(params, 'indicators')}, «Значение (JSON)»: ожидается список`);
    // The items' indicator codes cannot be checked against a list that did not read: not reported.
    expect(messages.filter((m) => m.includes('не описан'))).toEqual([]);
    for (const m of messages) expect(m).not.toMatch(ENGLISH);

    // No file: an empty form, a JSON body (415: not a form at all), no body, a form that does not parse.
    const noFile: [string | FormData | undefined, Record<string, string>, number][] = [
      [new FormData(), {}, 400],
      [JSON.stringify({ file: 'x' }), { 'content-type': 'application/json' }, 415],
      [undefined, {}, 400],
      ['--x\r\nnot a part', { 'content-type': 'multipart/form-data; boundary=x' }, 400],
    ];
    for (const [body, headers, status] of noFile) {
      const res = await fetch(`${h.baseUrl}/api/roadmaps/import`, { method: 'POST', headers: { authorization: `Bearer ${coordinator}`, ...headers }, body });
      const text = await res.text();
      expect(res.status, `${headers['content-type']}: ${text}`).toBe(status);
      const error = JSON.parse(text).error;
      if (error.details.length) expect(error.details[0].field).toBe('file');
      for (const m of [error.message, ...error.details.map((x: { message: string }) => x.message)]) {
        expect(m).toMatch(/[а-я]/);
        expect(m).not.toMatch(ENGLISH);
      }
    }
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
