import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultWorkbookLimits } from '../../services/documents/workbook-limits.js';
import { demoDocument } from '../support/fixtures.js';
import { startHarness, type Harness } from '../support/harness.js';
import { deflated, rebuild, streamedEntry, workbookParts, writeZip } from '../support/zip.js';

/**
 * Issue 22: workbooks that cannot hurt the process. Every import opens its file through openWorkbook
 * (services/documents/workbook-reader.ts); before, a 313 KiB upload inflating by 300 MiB was parsed in full
 * (the API rose to 1.44 GB), a range «A1:XFD1048576» made exceljs loop over 17 billion cells, a formula's cached
 * value was taken as typed, logins of every region could be probed, and 5,000 item rows were a 500.
 */
async function upload(h: Harness, token: string, data: Buffer | Uint8Array, name = 'дорожная-карта.xlsx') {
  const form = new FormData();
  form.append('file', new Blob([new Uint8Array(data)]), name);
  const res = await fetch(`${h.baseUrl}/api/roadmaps/import`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: form });
  const text = await res.text();
  let body: any = text;
  try {
    body = JSON.parse(text);
  } catch {
    /* kept as text for the failure message */
  }
  return { status: res.status, body };
}

const SHEET_ITEMS = 'xl/worksheets/sheet3.xml';

describe('workbooks that cannot hurt the process', () => {
  let h: Harness;
  let coordinator: string;
  let template: Buffer;
  let exported: Buffer;
  let parts: Map<string, Buffer>;
  let itemsHead: string;
  let itemsTail: string;
  const roadMaps = async () => (await h.sql<{ n: number }[]>`select count(*)::int as n from roadmaps`)[0].n;

  beforeAll(async () => {
    h = await startHarness();
    coordinator = await h.login('coordinator');
    const created = await h.call('POST', '/api/roadmaps', { token: coordinator, body: demoDocument() });
    expect(created.status).toBe(201);
    const get = async (path: string) => Buffer.from(await (await fetch(h.baseUrl + path, { headers: { authorization: `Bearer ${coordinator}` } })).arrayBuffer());
    template = await get('/api/roadmaps/import-template.xlsx');
    exported = await get(`/api/roadmaps/${created.body.roadMapId}/versions/1/roadmap.xlsx`);
    parts = await workbookParts(template);
    const sheet = parts.get(SHEET_ITEMS)!.toString('utf8');
    itemsHead = sheet.slice(0, sheet.indexOf('</sheetData>'));
    itemsTail = sheet.slice(sheet.indexOf('</sheetData>'));
  }, 120_000);
  afterAll(() => h?.close());

  const refusedAsTooLarge = (res: { status: number; body: any }, reason: RegExp) => {
    expect(res.status, JSON.stringify(res.body).slice(0, 500)).toBe(400);
    expect(res.body.error.message).toMatch(/^книга Excel слишком велика: /);
    expect(res.body.error.details[0].field).toBe('file');
    expect(res.body.error.details[0].message).toMatch(reason);
  };

  it('a zip bomb is stopped while it inflates: 40 MB and 300 MiB sheets from a few hundred KiB', async () => {
    const before = await roadMaps();
    for (const mib of [40, 300]) {
      const row = '<row r="2"><c r="A2"><v>1</v></c></row>';
      const bomb = await streamedEntry(SHEET_ITEMS, itemsHead, row, Math.ceil((mib * 1024 * 1024) / row.length), itemsTail);
      const file = rebuild(parts, { [SHEET_ITEMS]: bomb });
      expect(file.length).toBeLessThan(2 * 1024 * 1024); // under the body limit: only the inflation can stop it
      expect(bomb.size).toBeGreaterThan(defaultWorkbookLimits.maxInflatedBytes);
      refusedAsTooLarge(await upload(h, coordinator, file), /распаковывается больше чем в 32 МиБ/);
    }
    expect(await roadMaps()).toBe(before);
  }, 120_000);

  it('declared sizes are not trusted: an entry claiming 1 KiB that inflates to 40 MiB is refused', async () => {
    const row = '<row r="2"><c r="A2"><v>1</v></c></row>';
    const liar = await streamedEntry(SHEET_ITEMS, itemsHead, row, Math.ceil((40 * 1024 * 1024) / row.length), itemsTail);
    const res = await upload(h, coordinator, rebuild(parts, { [SHEET_ITEMS]: { ...liar, declaredSize: 1024 } }));
    expect(res.status).toBe(400);
    expect(res.body.error.details[0].field).toBe('file');
  });

  it('too many files, rows, cells or expanded ranges are refused before exceljs builds anything', async () => {
    const extra = Object.fromEntries(Array.from({ length: defaultWorkbookLimits.maxEntries }, (_, i) => [`xl/media/x${i}.bin`, 'x']));
    refusedAsTooLarge(await upload(h, coordinator, rebuild(parts, extra)), /больше 100 файлов/);

    const rows = Array.from({ length: defaultWorkbookLimits.maxRows + 1 }, (_, i) => `<row r="${i + 2}"/>`).join('');
    refusedAsTooLarge(await upload(h, coordinator, rebuild(parts, { [SHEET_ITEMS]: itemsHead + rows + itemsTail })), /больше 25000 строк/);

    const wide = Array.from({ length: 16 }, (_, c) => `<c r="${String.fromCharCode(65 + c)}2"/>`).join('');
    const cells = Array.from({ length: Math.ceil(defaultWorkbookLimits.maxCells / 16) + 1 }, (_, i) => `<row r="${i + 2}">${wide}</row>`).join('');
    refusedAsTooLarge(await upload(h, coordinator, rebuild(parts, { [SHEET_ITEMS]: itemsHead + cells + itemsTail })), /больше 150000 ячеек/);

    const runs = '<r><t>я</t></r>'.repeat(defaultWorkbookLimits.maxCells + 1);
    const strings = parts.get('xl/sharedStrings.xml')!.toString('utf8').replace('</sst>', `<si>${runs}</si></sst>`);
    refusedAsTooLarge(await upload(h, coordinator, rebuild(parts, { 'xl/sharedStrings.xml': strings })), /больше 150000 ячеек/);

    // A few hundred bytes each, and exceljs would visit every cell of the sheet (17 billion) or build 2^31 columns.
    const whole = 'A1:XFD1048576';
    const list = `<dataValidations count="1"><dataValidation type="list" allowBlank="1" sqref="${whole}"><formula1>"a,b"</formula1></dataValidation></dataValidations>`;
    refusedAsTooLarge(await upload(h, coordinator, rebuild(parts, { [SHEET_ITEMS]: itemsHead + itemsTail.replace('</sheetData>', `</sheetData>${list}`) })), /диапазоны книги/);
    const merge = `<mergeCells count="1"><mergeCell ref="${whole}"/></mergeCells>`;
    refusedAsTooLarge(await upload(h, coordinator, rebuild(parts, { [SHEET_ITEMS]: itemsHead + itemsTail.replace('</sheetData>', `</sheetData>${merge}`) })), /диапазоны книги/);
    const workbook = parts.get('xl/workbook.xml')!.toString('utf8').replace('</sheets>', `</sheets><definedNames><definedName name="всё">'Мероприятия'!$A$1:$XFD$1048576</definedName></definedNames>`);
    refusedAsTooLarge(await upload(h, coordinator, rebuild(parts, { 'xl/workbook.xml': workbook })), /диапазоны книги/);
    const columns = itemsHead.replace(/<cols>.*?<\/cols>/, '<cols><col min="1" max="2147483647" width="9"/></cols>');
    refusedAsTooLarge(await upload(h, coordinator, rebuild(parts, { [SHEET_ITEMS]: columns + itemsTail })), /столбцов вне листа/);
  }, 120_000);

  it('a broken zip is a 400 in Russian naming the file, never a 500', async () => {
    const garbage = deflated(SHEET_ITEMS, 'x');
    const cases: [string, Buffer][] = [
      ['truncated', template.subarray(0, Math.floor(template.length / 2))],
      ['no central directory', template.subarray(0, template.length - 22)],
      ['a directory pointing past the end', (() => {
        const b = Buffer.from(template);
        b.writeUInt32LE(0x7fffffff, b.length - 6);
        return b;
      })()],
      ['an entry that does not inflate', writeZip([{ ...garbage, compressed: Buffer.from([0xff, 0xfe, 0xfd, 0xfc, 0xfb]) }])],
      ['an encrypted entry', (() => {
        const b = Buffer.from(writeZip([deflated(SHEET_ITEMS, 'x')]));
        b.writeUInt16LE(0x0801, 6); // local header: encrypted
        b.writeUInt16LE(0x0801, b.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02])) + 8);
        return b;
      })()],
      ['a zip without a workbook', writeZip([deflated('hello.txt', 'привет')])],
      ['PK and noise', Buffer.concat([Buffer.from('PK\u0003\u0004'), Buffer.alloc(2000, 7)])],
      ['one byte', Buffer.from([0x50])],
    ];
    for (const [name, file] of cases) {
      const res = await upload(h, coordinator, file);
      expect(res.status, `${name}: ${JSON.stringify(res.body).slice(0, 300)}`).toBe(400);
      // A readable zip that holds no workbook reads as one without the template's sheets.
      expect(['file', 'Дорожная карта'], name).toContain(res.body.error.details[0].field);
      expect(res.body.error.message, name).toMatch(/не читается как книга Excel|файл не принят/);
    }
  });

  it('a formula is refused at its sheet, row and column instead of taking its cached value', async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(exported as never);
    const items = wb.getWorksheet('Мероприятия')!;
    items.getCell('D3').value = { formula: 'DATE(2017,5,15)', result: new Date(Date.UTC(2017, 4, 15)) };
    items.getCell('C5').value = { formula: 'HYPERLINK("http://example.org","Мероприятие")', result: 'Мероприятие' };
    const before = await roadMaps();
    const res = await upload(h, coordinator, Buffer.from(await wb.xlsx.writeBuffer()));
    expect(res.status, JSON.stringify(res.body).slice(0, 500)).toBe(400);
    const issues = res.body.error.details.map((d: { field: string; message: string }) => `${d.field} ${d.message}`);
    expect(issues).toContain('Мероприятия!D3 Мероприятия, строка 3, «Срок (ДД.ММ.ГГГГ)»: формулы не принимаются: впишите значение');
    expect(issues).toContain('Мероприятия!C5 Мероприятия, строка 5, «Мероприятие»: формулы не принимаются: впишите значение');
    expect(await roadMaps()).toBe(before);
  });

  it('is no login oracle: the right to draft is checked before the file is read, logins only in the own region', async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(exported as never);
    const items = wb.getWorksheet('Мероприятия')!;
    items.getCell('E2').value = 'no-such-login';
    items.getCell('E3').value = 'executor'; // a real login of region 57
    const file = Buffer.from(await wb.xlsx.writeBuffer());

    // An СМО employee: refused before the workbook is opened, nothing about any login.
    const smo = await upload(h, await h.login('smo'), file);
    expect(smo.status).toBe(403);
    expect(JSON.stringify(smo.body)).not.toMatch(/логин/);

    // Another region's coordinator: every login of region 57 reads as unknown, real or not.
    const other = await upload(h, await h.login('yar-coordinator'), file);
    expect(other.status).toBe(400);
    const messages: string[] = other.body.error.details.map((d: { message: string }) => d.message);
    expect(messages).toContain('Мероприятия, строка 2, «Исполнитель (логин)»: no-such-login — сотрудник с таким логином не найден');
    expect(messages).toContain('Мероприятия, строка 3, «Исполнитель (логин)»: executor — сотрудник с таким логином не найден');
    expect(messages.some((m) => /своего региона/.test(m))).toBe(true);
  });

  it('5,000 item rows are a 400 naming the limit, not a 500', async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(exported as never);
    const items = wb.getWorksheet('Мероприятия')!;
    const model = Array.from({ length: 11 }, (_, c) => items.getRow(2).getCell(c + 1).value);
    const start = items.rowCount + 1;
    for (let i = 0; i < 5000; i++) {
      const row = items.getRow(start + i);
      model.forEach((v, c) => (row.getCell(c + 1).value = v));
      row.getCell(2).value = `bulk-${i}`;
      row.getCell(7).value = 'в целом';
    }
    const file = Buffer.from(await wb.xlsx.writeBuffer());
    expect(file.length).toBeLessThan(2 * 1024 * 1024);
    const before = await roadMaps();
    const res = await upload(h, coordinator, file);
    expect(res.status, JSON.stringify(res.body).slice(0, 500)).toBe(400);
    expect(res.body.error.message, JSON.stringify(res.body.error.details.slice(0, 3))).toMatch(/не больше 1000 мероприятий в дорожной карте \(сейчас 50\d\d\)/);
    expect(await roadMaps()).toBe(before);
  }, 120_000);
});
