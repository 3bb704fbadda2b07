import { describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { type Harness } from '../support/harness.js';
import { csrfOf, screenshot, signIn } from '../support/browser.js';
import { browserSuite } from '../support/browser-suite.js';
import { smallDocument } from '../support/fixtures.js';
import { fastWeek, monitoredRoadMap } from '../monitoring/monitoring-fixtures.js';

let h: Harness;
let browser: Browser;
browserSuite((harness, b) => {
  h = harness;
  browser = b;
});

const pdf = (text: string) => Buffer.from(`%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n% ${text}\ntrailer << /Root 1 0 R >>\n%%EOF\n`);
const png = () =>
  Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    Buffer.from([0, 0, 0, 13]), Buffer.from('IHDR'), Buffer.from([0, 0, 0, 1, 0, 0, 0, 1, 8, 2, 0, 0, 0]), Buffer.from([0x90, 0x77, 0x53, 0xde]),
  ]);
const latestReport = async (periodId: string, personId: string) =>
  (await h.sql<{ revision: number; report: any }[]>`select revision, report from weekly_reports where period_id = ${periodId} and person_id = ${personId} order by revision desc limit 1`)[0];

describe('files on the weekly report form and the road-map approval', () => {
  it('the executor attaches files to the weekly report: a bad file is refused in place with the values kept, a good one is kept across a refusal, then listed', async () => {
    const { periodId } = await monitoredRoadMap(h, fastWeek({ dueAfter: 'PT120S', cutoffAfter: 'PT180S' }));
    const executor = await signIn(browser, h.baseUrl, 'executor');
    const { page } = executor;
    await page.goto(`/monitoring/periods/${periodId}/report`);
    await page.locator('#f-lines-0-status').selectOption('in_progress');
    await page.locator('#f-lines-0-percent').fill('60');
    await page.getByLabel('Что сделано за неделю').fill('Проект распоряжения согласован');

    // A PNG named .pdf: 415, the reason next to the file input, the typed values still there, nothing sent.
    await page.getByLabel(/Файлы к отчёту/).setInputFiles({ name: 'скан.pdf', mimeType: 'application/pdf', buffer: png() });
    const refused = page.waitForResponse((r) => r.request().method() === 'POST');
    await page.getByRole('button', { name: 'Направить отчёт' }).click();
    expect((await refused).status()).toBe(415);
    await page.waitForLoadState();
    expect(await page.locator('#f-files-error').innerText()).toContain('по содержимому это PNG');
    expect(await page.locator('#f-files').getAttribute('aria-invalid')).toBe('true');
    expect(await page.locator('#f-lines-0-percent').inputValue()).toBe('60');
    expect(await page.locator('#f-lines-0-done').inputValue()).toBe('Проект распоряжения согласован');
    expect(await latestReport(periodId, 'executor')).toBeUndefined();
    await screenshot(page, 'weekly-report-bad-file');

    // A good file with a bad percent: the file is stored and stays chosen; the percent is refused.
    await page.getByLabel(/Файлы к отчёту/).setInputFiles({ name: 'Проект распоряжения.pdf', mimeType: 'application/pdf', buffer: pdf(`проект ${periodId}`) });
    await page.locator('#f-lines-0-percent').fill('140');
    await page.getByRole('button', { name: 'Направить отчёт' }).click();
    await page.waitForLoadState();
    expect(await page.locator('#f-lines-0-percent-error').innerText()).toMatch(/100/);
    const chosen = page.locator('fieldset.chosen-files');
    expect(await chosen.innerText()).toContain('Проект распоряжения.pdf');
    expect(await chosen.locator('input[type=checkbox][name=keep]').isChecked()).toBe(true);
    expect(await latestReport(periodId, 'executor')).toBeUndefined();

    await page.locator('#f-lines-0-percent').fill('60');
    await page.getByRole('button', { name: 'Направить отчёт' }).click();
    await page.waitForURL((u) => u.searchParams.get('ok') === 'on_time');
    const sent = await latestReport(periodId, 'executor');
    expect(sent.report.attachments).toMatchObject([{ name: 'Проект распоряжения.pdf', type: 'application/pdf' }]);
    const fileId = sent.report.attachments[0].attachmentId as string;
    // Listed on the form as sent, with the cookie download link (which answers the file); the coordinator downloads it through the API.
    expect(await page.locator(`fieldset.chosen-files a[href="/attachments/${fileId}"]`).innerText()).toBe('Проект распоряжения.pdf');
    const viaPage = await executor.context.request.get(`/attachments/${fileId}`);
    expect(viaPage.status()).toBe(200);
    expect((await viaPage.body()).toString()).toContain(`проект ${periodId}`);
    const down = await fetch(`${h.baseUrl}/api/attachments/${fileId}`, { headers: { authorization: `Bearer ${await h.login('coordinator')}` } });
    expect(down.status).toBe(200);
    expect(Buffer.from(await down.arrayBuffer()).toString()).toContain(`проект ${periodId}`);
    await screenshot(page, 'weekly-report-with-file');

    // A correction sent twice with the same form (a double click, a resent POST): one revision, the new file attached once.
    const form = {
      _csrf: await csrfOf(page),
      _command: await page.locator('#weekly-report input[name=_command]').inputValue(),
      'lines.0.status': 'in_progress', 'lines.0.percent': '80', 'lines.0.done': 'Распоряжение на подписи', 'lines.0.problems': '', comment: '',
      keep: fileId,
      files: { name: 'Лист согласования.pdf', mimeType: 'application/pdf', buffer: pdf(`лист ${periodId}`) },
    };
    const url = `/monitoring/periods/${periodId}/report`;
    const first = await executor.context.request.post(url, { multipart: form, maxRedirects: 0 });
    const again = await executor.context.request.post(url, { multipart: form, maxRedirects: 0 });
    expect([first.status(), again.status()]).toEqual([303, 303]);
    const corrected = await latestReport(periodId, 'executor');
    expect(corrected.revision).toBe(2);
    expect(corrected.report.attachments.map((a: any) => a.name)).toEqual(['Проект распоряжения.pdf', 'Лист согласования.pdf']);
    const [{ n }] = await h.sql<{ n: number }[]>`select count(*)::int as n from attachments where name = 'Лист согласования.pdf' and attached_id = ${`${periodId}/executor`}`;
    expect(n).toBe(1);
    await page.reload();
    expect(await page.locator('fieldset.chosen-files a').allInnerTexts()).toEqual(['Проект распоряжения.pdf', 'Лист согласования.pdf']);
    await executor.context.close();
  });

  it('the director approves with the signed act: a bad file is refused in place and nothing is approved; the act is then linked on the page', async () => {
    const coordinator = await h.login('coordinator');
    const created = await h.call('POST', '/api/roadmaps', { token: coordinator, body: smallDocument() });
    const id = created.body.roadMapId as string;
    expect((await h.call('POST', `/api/roadmaps/${id}/submit`, { token: coordinator })).status).toBe(200);
    const director = await signIn(browser, h.baseUrl, 'director');
    const { page } = director;
    await page.goto(`/roadmaps/${id}`);

    await page.getByLabel(/Подписанный утверждающий правовой акт/).setInputFiles({ name: 'приказ.exe', mimeType: 'application/octet-stream', buffer: Buffer.alloc(64, 1) });
    const refused = page.waitForResponse((r) => r.request().method() === 'POST');
    await page.getByRole('button', { name: 'Утвердить' }).click();
    expect((await refused).status()).toBe(415);
    await page.waitForLoadState();
    expect(await page.locator('#f-approve-files-error').innerText()).toContain('допустимы только');
    expect(await page.locator('#roadmap-status').innerText()).toBe('на утверждении');

    await page.getByLabel(/Подписанный утверждающий правовой акт/).setInputFiles({ name: 'Приказ № 45 об утверждении.pdf', mimeType: 'application/pdf', buffer: pdf(`приказ ${id}`) });
    await page.getByRole('button', { name: 'Утвердить' }).click();
    await page.waitForURL((u) => u.searchParams.get('ok') === 'approved');
    expect(await page.locator('#roadmap-status').innerText()).toBe('утверждена');
    const link = page.locator('#version-files a');
    expect(await link.innerText()).toBe('Приказ № 45 об утверждении.pdf');
    const [row] = await h.sql<{ id: string; attached_id: string }[]>`select id, attached_id from attachments where roadmap_id = ${id} and attached_kind = 'roadmap_version'`;
    expect(row.attached_id).toBe(`${id}/1`);
    expect(await link.getAttribute('href')).toBe(`/attachments/${row.id}`);
    await screenshot(page, 'roadmap-approved-with-act');
    await director.context.close();
  });
});
