import { createHash, randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { request, type Browser, type Page } from 'playwright-core';
import type { Harness } from '../support/harness.js';
import { screenshot, signIn } from '../support/browser.js';
import { browserSuite } from '../support/browser-suite.js';
import { smallDocument } from '../support/fixtures.js';
import { approvedRoadMap } from '../support/roadmaps.js';

const MAX = 64 * 1024;
let h: Harness;
let browser: Browser;
browserSuite(
  (harness, b) => {
    h = harness;
    browser = b;
  },
  { attachmentLimits: { maxBytes: MAX, perCommand: 3 } },
);

/** A real one-page PDF (catalog, pages, page, content stream, font) with a correct cross-reference table. */
function validPdf(line: string): Buffer {
  const content = `BT /F1 14 Tf 72 770 Td (${line}) Tj ET`;
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    `<< /Length ${content.length} >>\nstream\n${content}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  let out = '%PDF-1.4\n%\xe2\xe3\xcf\xd3\n';
  const offsets: number[] = [];
  objects.forEach((o, i) => {
    offsets.push(Buffer.byteLength(out, 'latin1'));
    out += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = Buffer.byteLength(out, 'latin1');
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((n) => `${String(n).padStart(10, '0')} 00000 n \n`).join('')}`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, 'latin1');
}
const png = () =>
  Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    Buffer.from([0, 0, 0, 13]), Buffer.from('IHDR'), Buffer.from([0, 0, 0, 1, 0, 0, 0, 1, 8, 2, 0, 0, 0]), Buffer.from([0x90, 0x77, 0x53, 0xde]),
  ]);
const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const file = (name: string, buffer: Buffer) => ({ name, mimeType: 'application/pdf', buffer });

const statusOf = async (id: string) => (await h.sql<{ status: string }[]>`select status from item_executions where id = ${id}`)[0].status;
const completions = async (id: string) =>
  (await h.sql<{ n: number }[]>`select count(*)::int as n from events where subject = ${id} and type = 'execution.completed'`)[0].n;
const rowsNamed = (name: string) => h.sql<{ id: string; attached_id: string | null }[]>`select id, attached_id from attachments where name = ${name}`;

/** Submits the report form and answers the status of the POST itself (the page shown after it). */
async function submitReport(page: Page): Promise<number> {
  const [res] = await Promise.all([
    page.waitForResponse((r) => r.request().method() === 'POST' && r.url().endsWith('/complete')),
    page.getByRole('button', { name: 'Направить на приёмку' }).click(),
  ]);
  await page.waitForLoadState();
  return res.status();
}

describe('files on the execution page', () => {
  it('a bad file is refused in place and nothing is sent; a PDF with a Cyrillic name is reported, listed and downloaded as uploaded', async () => {
    const { executions } = await approvedRoadMap(h, smallDocument(), 3);
    const order = executions.find((e) => e.itemId === 'order')!;
    const tag = randomUUID().slice(0, 8);
    const executor = await signIn(browser, h.baseUrl, 'executor');
    const { page } = executor;
    await page.goto(`/executions/${order.id}`);
    expect(await page.locator('form[action$="/complete"]').getAttribute('enctype')).toBe('multipart/form-data');

    const bad: [string, { name: string; mimeType: string; buffer: Buffer }[], number, RegExp][] = [
      ['a PNG named .pdf', [file(`скан ${tag}.pdf`, png())], 415, /по содержимому это PNG/],
      ['an empty file', [file(`пустой ${tag}.pdf`, Buffer.alloc(0))], 400, /пустой/],
      ['a file over the limit', [file(`большой ${tag}.pdf`, validPdf('x'.repeat(MAX)))], 413, /больше 65536 байт/],
      ['too many files', [1, 2, 3, 4].map((i) => file(`${i} ${tag}.pdf`, validPdf(`${i} ${tag}`))), 400, /не больше 3 файлов/],
    ];
    for (const [what, files, status, reason] of bad) {
      await page.getByLabel('Что сделано').fill(`Распоряжение подписано (${what})`);
      await page.locator('#f-complete-file').setInputFiles(files);
      expect(await submitReport(page), what).toBe(status);
      expect(await page.locator('#f-complete-file-error').innerText(), what).toMatch(reason);
      expect(await page.locator('#f-complete-file').getAttribute('aria-invalid'), what).toBe('true');
      expect(await page.locator('#f-complete-text').inputValue(), what).toBe(`Распоряжение подписано (${what})`);
      expect(await page.locator('.alert[role=alert]').first().innerText(), what).toContain('Файлы');
    }
    // A program renamed .pdf is named on the first submit, even with «Что сделано» still empty, and in an official's words.
    await page.getByLabel('Что сделано').fill('');
    await page.locator('#f-complete-file').setInputFiles([file(`программа ${tag}.pdf`, Buffer.concat([Buffer.from('MZ'), Buffer.alloc(126, 0)]))]);
    expect(await submitReport(page)).toBe(400);
    expect(await page.locator('#f-complete-file-error').innerText()).toContain('по содержимому это исполняемый файл, а не PDF');
    expect(await page.locator('#f-complete-text-error').count()).toBe(1);
    await screenshot(page, 'execution-file-refused');
    expect(await statusOf(order.id)).toBe('assigned');
    expect(await completions(order.id)).toBe(0);
    expect((await h.sql`select 1 from attachments where name like ${`%${tag}%`}`).length).toBe(0);

    const name = `Распоряжение № 12-р о назначении ответственных ${tag}.pdf`;
    const bytes = validPdf(`Order 12-r ${tag}`);
    // A good file chosen while another field is wrong is kept: the form comes back with it ticked
    // (a browser never refills a file input), and the next submit sends it without choosing it again.
    await page.locator('#f-complete-file').setInputFiles([file(name, bytes)]);
    expect(await submitReport(page)).toBe(400);
    expect(await page.locator('#f-complete-text-error').count()).toBe(1);
    expect(await page.locator('#f-complete-file-error').count()).toBe(0);
    const kept = page.getByRole('checkbox', { name: `Оставить файл «${name}»` });
    expect(await kept.isChecked()).toBe(true);
    // One size format on the page: the kept file says «N байт» as the «Документы» table will (not «1 КБ»).
    expect(bytes.length).toBeLessThan(1024);
    expect(await page.locator('.chosen-files li').filter({ hasText: name }).innerText()).toContain(`(${bytes.length} байт)`);
    expect(await completions(order.id)).toBe(0);
    await page.getByLabel('Что сделано').fill('Распоряжение подписано директором');
    expect(await submitReport(page)).toBe(303);
    await page.waitForURL((u) => u.searchParams.get('ok') === 'completed');
    expect(await statusOf(order.id)).toBe('submitted');

    const listed = page.locator('#attachments tbody tr');
    expect(await listed.count()).toBe(1);
    const cells = await listed.first().innerText();
    expect(cells).toContain(name);
    expect(cells).toContain('PDF');
    expect(cells).toContain('отчёт о выполнении');
    expect(cells).toContain(`${bytes.length} байт`);
    await screenshot(page, 'execution-file-listed');

    const link = page.getByRole('link', { name });
    const href = (await link.getAttribute('href'))!;
    expect(href).toMatch(/^\/attachments\/[0-9a-f-]{36}$/);
    const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
    expect(download.suggestedFilename()).toBe(name);
    const got = await readFile((await download.path())!);
    expect(sha256(got)).toBe(sha256(bytes));

    const res = await executor.context.request.get(href);
    expect(res.status()).toBe(200);
    expect(res.headers()['content-type']).toBe('application/pdf');
    expect(res.headers()['x-content-type-options']).toBe('nosniff');
    expect(res.headers()['content-disposition']).toBe(`attachment; filename="${name.replace(/[^\x20-\x7e]/g, '_')}"; filename*=UTF-8''${encodeURIComponent(name)}`);

    // Whoever may read the execution downloads it; a competing СМО gets the page of a missing id.
    const controller = await signIn(browser, h.baseUrl, 'controller');
    const asController = await controller.context.request.get(href);
    expect(asController.status()).toBe(200);
    expect(sha256(Buffer.from(await asController.body()))).toBe(sha256(bytes));
    const smo = await signIn(browser, h.baseUrl, 'smo');
    const hidden = await smo.context.request.get(href);
    const missing = await smo.context.request.get('/attachments/00000000-0000-0000-0000-000000000000');
    expect([hidden.status(), missing.status()]).toEqual([404, 404]);
    const title = (html: string) => /<h1>(.*?)<\/h1>/.exec(html)?.[1];
    expect(title(await hidden.text())).toBe(title(await missing.text()));
    expect(await hidden.text()).toContain('не найдено');
    // Without a session the download goes to the login form.
    const anonymous = await browser.newContext({ baseURL: h.baseUrl });
    expect((await anonymous.request.get(href, { maxRedirects: 0 })).status()).toBe(303);
    await anonymous.close();
    for (const p of [executor, controller, smo]) await p.context.close();
  });

  it('a double submit of the form with files is one report with the files attached once', async () => {
    const { executions } = await approvedRoadMap(h, smallDocument(), 3);
    const stands = executions.find((e) => e.itemId === 'stands')!;
    const executor = await signIn(browser, h.baseUrl, 'executor');
    const { page } = executor;
    await page.goto(`/executions/${stands.id}`);
    const form = page.locator('form[action$="/complete"]');
    const fields = { _csrf: await form.locator('input[name=_csrf]').inputValue(), _command: await form.locator('input[name=_command]').inputValue() };
    const name = `Фотоотчёт о стендах ${randomUUID().slice(0, 8)}.pdf`;
    const bytes = validPdf('stands');
    const post = () =>
      executor.context.request.post(`/executions/${stands.id}/complete`, {
        multipart: { ...fields, text: 'Стенды установлены', file: { name, mimeType: 'application/pdf', buffer: bytes } },
        maxRedirects: 0,
      });
    // A body over the forms' own limit (every file at its limit) is not read at all: the page says why, nothing is sent.
    // Sent on a connection of its own: the server closes the one whose body it refused unread.
    const own = await request.newContext({ baseURL: h.baseUrl, storageState: await executor.context.storageState() });
    const huge = await own.post(`/executions/${stands.id}/complete`, {
      multipart: { ...fields, text: 'Стенды установлены', file: { name: 'огромный.pdf', mimeType: 'application/pdf', buffer: validPdf('y'.repeat(8 * MAX)) } },
      maxRedirects: 0,
    });
    expect(huge.status()).toBe(413);
    expect(await huge.text()).toContain('файлы слишком большие');
    await own.dispose();
    expect(await completions(stands.id)).toBe(0);

    const both = await Promise.all([post(), post()]);
    expect(both.map((r) => r.status())).toEqual([303, 303]);
    const again = await post();
    expect(again.status()).toBe(303);

    expect(await completions(stands.id)).toBe(1);
    const rows = await rowsNamed(name);
    expect(rows).toHaveLength(1);
    expect(rows[0].attached_id).toBe(stands.id);
    const [{ report }] = await h.sql<{ report: { attachments: { attachmentId: string }[] } }[]>`select report from item_executions where id = ${stands.id}`;
    expect(report.attachments.map((a) => a.attachmentId)).toEqual([rows[0].id]);
    await page.goto(`/executions/${stands.id}`);
    expect(await page.locator('#attachments tbody tr').count()).toBe(1);
    await executor.context.close();
  });

  it('an extension request carries a file: listed on the page with where it came from, shown to the controller deciding', async () => {
    const { executions } = await approvedRoadMap(h, smallDocument(), 3);
    const stands = executions.find((e) => e.itemId === 'stands')!;
    const executor = await signIn(browser, h.baseUrl, 'executor');
    const { page } = executor;
    await page.goto(`/executions/${stands.id}`);
    expect(await page.locator('form[action$="/extension"]').getAttribute('enctype')).toBe('multipart/form-data');
    const name = `Письмо поставщика ${randomUUID().slice(0, 8)}.pdf`;
    await page.getByLabel('Новый срок').fill('2017-05-31');
    await page.getByLabel('Причина переноса').fill('Поставщик задерживает стенды');
    // A wrong file first: refused in place, the request not made.
    await page.locator('#f-extension-file').setInputFiles([file(name, png())]);
    await page.getByRole('button', { name: 'Запросить перенос' }).click();
    await page.waitForLoadState();
    expect(await page.locator('#f-extension-file-error').innerText()).toMatch(/по содержимому это PNG/);
    expect(await page.locator('#f-extension-reason').inputValue()).toBe('Поставщик задерживает стенды');
    expect((await h.sql`select 1 from extension_requests where execution_id = ${stands.id}`).length).toBe(0);

    await page.locator('#f-extension-file').setInputFiles([file(name, validPdf('letter'))]);
    await page.getByRole('button', { name: 'Запросить перенос' }).click();
    await page.waitForURL((u) => u.searchParams.get('ok') === 'extension');
    const row = await page.locator('#attachments tbody tr').first().innerText();
    expect(row).toContain(name);
    expect(row).toContain('запрос на перенос срока');
    expect(await page.locator('#history').innerText()).toContain(name);

    const controller = await signIn(browser, h.baseUrl, 'controller');
    await controller.page.goto(`/executions/${stands.id}`);
    expect(await controller.page.getByRole('button', { name: 'Перенести срок' }).count()).toBe(1);
    const href = (await controller.page.getByRole('link', { name }).getAttribute('href'))!;
    expect((await controller.context.request.get(href)).status()).toBe(200);
    await screenshot(controller.page, 'execution-extension-with-file');
    await executor.context.close();
    await controller.context.close();
  });
});
