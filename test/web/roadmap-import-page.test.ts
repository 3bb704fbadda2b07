import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import type { Browser } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { expectAccessible } from '../support/accessibility.js';
import { screenshot, signIn } from '../support/browser.js';
import { browserSuite } from '../support/browser-suite.js';
import { demoDocument } from '../support/fixtures.js';
import type { Harness } from '../support/harness.js';
import { rebuild, streamedEntry, workbookParts } from '../support/zip.js';

let h: Harness;
let browser: Browser;
browserSuite((harness, b) => {
  h = harness;
  browser = b;
});

describe('a road map from Excel in the browser', () => {
  it('the coordinator downloads the template, uploads a workbook with a wrong date and sees the row error, then a good one becomes a draft', async () => {
    const token = await h.login('coordinator');
    const created = await h.call('POST', '/api/roadmaps', { token, body: demoDocument() });
    expect(created.status).toBe(201);
    const exported = await fetch(`${h.baseUrl}/api/roadmaps/${created.body.roadMapId}/versions/1/roadmap.xlsx`, { headers: { authorization: `Bearer ${token}` } });
    const good = Buffer.from(await exported.arrayBuffer());
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(good as never);
    wb.getWorksheet('Мероприятия')!.getCell('D14').value = '31.02.2017';
    const dir = mkdtempSync(path.join(tmpdir(), 'import-'));
    const badFile = path.join(dir, 'плохая.xlsx');
    const goodFile = path.join(dir, 'дорожная-карта.xlsx');
    writeFileSync(badFile, Buffer.from(await wb.xlsx.writeBuffer()));
    writeFileSync(goodFile, good);

    const { page } = await signIn(browser, h.baseUrl, 'coordinator');
    await page.goto(`${h.baseUrl}/roadmaps`);
    await page.getByRole('link', { name: 'Загрузить из Excel' }).click();
    await page.waitForURL((u) => u.pathname === '/roadmaps/import');
    const template = await page.request.get(`${h.baseUrl}/roadmaps/import-template.xlsx`);
    expect(template.status()).toBe(200);
    expect(template.headers()['content-type']).toContain('spreadsheetml');

    await page.setInputFiles('#import-file', badFile);
    await page.getByRole('button', { name: 'Загрузить' }).click();
    await page.waitForSelector('#import-errors');
    expect(await page.locator('#import-errors').innerText()).toContain('Мероприятия, строка 14, «Срок (ДД.ММ.ГГГГ)»: 31.02.2017 — такой даты нет');
    await screenshot(page, 'roadmap-import-errors');

    await page.setInputFiles('#import-file', goodFile);
    await page.getByRole('button', { name: 'Загрузить' }).click();
    await page.waitForURL((u) => /^\/roadmaps\/rm-/.test(u.pathname));
    expect(await page.locator('main').innerText()).toContain('Проект дорожной карты создан из файла Excel');
  });

  it('every error at once on the page: a cell, the rules on the same row and elsewhere, in place order and in Russian', async () => {
    const token = await h.login('coordinator');
    const created = await h.call('POST', '/api/roadmaps', { token, body: demoDocument() });
    expect(created.status).toBe(201);
    const exported = await fetch(`${h.baseUrl}/api/roadmaps/${created.body.roadMapId}/versions/1/roadmap.xlsx`, { headers: { authorization: `Bearer ${token}` } });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(await exported.arrayBuffer()) as never);
    const items = wb.getWorksheet('Мероприятия')!;
    items.getCell('D14').value = '31.02.2017';
    items.getCell('F14').value = items.getCell('E14').value;
    items.getCell('H5').value = null;
    const fin = wb.getWorksheet('Финансирование')!;
    fin.getCell('C2').value = 'Текущий ремонт';
    fin.getCell('D2').value = 'СМО';
    fin.getCell('B3').value = '9999999999';
    const dir = mkdtempSync(path.join(tmpdir(), 'import-'));
    const file = path.join(dir, 'много-ошибок.xlsx');
    writeFileSync(file, Buffer.from(await wb.xlsx.writeBuffer()));

    const before = (await h.sql`select count(*)::int as n from roadmaps`)[0].n;
    const { page } = await signIn(browser, h.baseUrl, 'coordinator');
    await page.goto(`${h.baseUrl}/roadmaps/import`);
    await page.setInputFiles('#import-file', file);
    await page.getByRole('button', { name: 'Загрузить' }).click();
    await page.waitForSelector('#import-errors');
    const shown = await page.locator('#import-errors li').allInnerTexts();
    const expected = [
      'Мероприятия, строка 5, «Ожидаемый результат»: не заполнено',
      'Мероприятия, строка 14, «Срок (ДД.ММ.ГГГГ)»: 31.02.2017 — такой даты нет',
      'Мероприятия, строка 14, «Контролирующее лицо (логин)»: исполнитель не может контролировать собственное мероприятие',
      'Финансирование, строка 2, «Источник»: «Текущий ремонт» не финансируется из источника «СМО»',
      'Финансирование, строка 3, «МО (код)»: МО «9999999999» не входит в число участвующих',
    ];
    expect(shown).toEqual(expect.arrayContaining(expected));
    const at = expected.map((m) => shown.indexOf(m));
    expect(at).toEqual([...at].sort((a, b) => a - b));
    for (const text of shown) expect(text).not.toMatch(/\b(string|number|array|object|expected|invalid|required)\b|строка 0\b/i);
    expect(await page.locator('#import-errors').innerText()).toContain(`ошибок ${shown.length}`);
    await expectAccessible(page);
    expect((await h.sql`select count(*)::int as n from roadmaps`)[0].n).toBe(before);
  });

  it('a zip bomb and a formula are refused in place, in Russian, on the page too', async () => {
    const token = await h.login('coordinator');
    const created = await h.call('POST', '/api/roadmaps', { token, body: demoDocument() });
    const exported = Buffer.from(await (await fetch(`${h.baseUrl}/api/roadmaps/${created.body.roadMapId}/versions/1/roadmap.xlsx`, { headers: { authorization: `Bearer ${token}` } })).arrayBuffer());
    const parts = await workbookParts(exported);
    const name = 'xl/worksheets/sheet3.xml';
    const sheet = parts.get(name)!.toString('utf8');
    const cut = sheet.indexOf('</sheetData>');
    const row = '<row r="900"><c r="A900"><v>1</v></c></row>';
    const bomb = rebuild(parts, { [name]: await streamedEntry(name, sheet.slice(0, cut), row, Math.ceil((64 << 20) / row.length), sheet.slice(cut)) });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(exported as never);
    wb.getWorksheet('Мероприятия')!.getCell('D3').value = { formula: 'TODAY()', result: new Date() };
    const dir = mkdtempSync(path.join(tmpdir(), 'import-'));
    const files = { bomb: path.join(dir, 'бомба.xlsx'), formula: path.join(dir, 'формула.xlsx') };
    writeFileSync(files.bomb, bomb);
    writeFileSync(files.formula, Buffer.from(await wb.xlsx.writeBuffer()));

    const { page } = await signIn(browser, h.baseUrl, 'coordinator');
    for (const [file, expected] of [
      [files.bomb, 'книга Excel слишком велика: книга распаковывается больше чем в 32 МиБ'],
      [files.formula, 'Мероприятия, строка 3, «Срок (ДД.ММ.ГГГГ)»: формулы не принимаются: впишите значение'],
    ]) {
      await page.goto(`${h.baseUrl}/roadmaps/import`);
      await page.setInputFiles('#import-file', file);
      await page.getByRole('button', { name: 'Загрузить' }).click();
      await page.waitForSelector('#import-errors');
      expect(await page.locator('#import-errors').innerText()).toContain(expected);
    }
  });
});
