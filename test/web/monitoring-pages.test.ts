import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { eventually, type Harness } from '../support/harness.js';
import { csrfOf, postForm, screenshot, signIn } from '../support/browser.js';
import { browserSuite } from '../support/browser-suite.js';
import { executorReport, fastWeek, monitoredDocument, monitoredRoadMap } from '../monitoring/monitoring-fixtures.js';
import { expectAccessible } from '../support/accessibility.js';
import { approvedRoadMap } from '../support/roadmaps.js';
import { workingCalendarFor } from '../../domain/calendar/working-calendar.js';
import { defaultMonitoringPolicy, nextOpening, periodTimes } from '../../domain/monitoring-policy.js';
import { demoRegion } from '../../infra/demo/orel-region.js';
import { formatRuDate, formatRuDateTime } from '../../domain/zoned-time.js';

let h: Harness;
let browser: Browser;
browserSuite((harness, b) => {
  h = harness;
  browser = b;
});

const dutyOf = async (periodId: string, personId: string) =>
  (await h.sql<{ status: string; revision: number }[]>`select status, revision from reporting_duties where period_id = ${periodId} and person_id = ${personId}`)[0];
const latestReport = async (periodId: string, personId: string) =>
  (await h.sql<{ report: any }[]>`select report from weekly_reports where period_id = ${periodId} and person_id = ${personId} order by revision desc limit 1`)[0]?.report;

describe('weekly monitoring pages (a week in seconds)', () => {
  it('the executor files the weekly report through the form: bad input comes back in Russian with the values kept, then a correction', async () => {
    const { periodId } = await monitoredRoadMap(h, fastWeek({ dueAfter: 'PT90S', cutoffAfter: 'PT150S' }));
    const executor = await signIn(browser, h.baseUrl, 'executor');
    const { page } = executor;
    // «Мои задачи» lists the weekly report still expected; the navigation leads to all of them.
    expect(await page.locator(`#report-work ~ ul a[href="/monitoring/periods/${periodId}/report"]`).count()).toBe(1);
    await page.getByRole('link', { name: 'Мониторинг', exact: true }).click();
    await page.waitForURL((u) => u.pathname === '/monitoring');
    await page.locator(`tr[data-period="${periodId}"]`).getByRole('link', { name: 'Заполнить отчёт' }).click();
    await page.waitForURL((u) => u.pathname === `/monitoring/periods/${periodId}/report`);
    // Pre-filled from the execution: one fund-level item, not started.
    expect(await page.locator('fieldset.report-line legend').innerText()).toContain('Распоряжение о назначении ответственных лиц — ТФОМС (в целом)');
    expect(await page.locator('#f-lines-0-status').inputValue()).toBe('not_started');
    expect(await page.locator('#f-lines-0-percent').inputValue()).toBe('0');
    // No СМО reporting form for a ТФОМС reporter.
    expect(await page.locator('fieldset.smo-row').count()).toBe(0);

    await page.locator('#f-lines-0-status').selectOption('in_progress');
    await page.locator('#f-lines-0-percent').fill('140');
    await page.getByLabel('Что сделано за неделю').fill('Проект распоряжения согласован с юристом');
    await page.getByRole('button', { name: 'Направить отчёт' }).click();
    await page.waitForLoadState();
    expect(await page.locator('#f-lines-0-percent-error').innerText()).toMatch(/100/);
    expect(await page.locator('#f-lines-0-percent-error').innerText()).toMatch(/[а-яё]/i);
    expect(await page.locator('#f-lines-0-percent').getAttribute('aria-invalid')).toBe('true');
    expect(await page.locator('#f-lines-0-percent').inputValue()).toBe('140');
    expect(await page.locator('#f-lines-0-done').inputValue()).toBe('Проект распоряжения согласован с юристом');
    expect(await page.locator('#f-lines-0-status').inputValue()).toBe('in_progress');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('f-lines-0-percent');
    expect(await page.locator('.alert[role=alert]').innerText()).toContain('Исправьте ошибки в форме');
    expect(await dutyOf(periodId, 'executor')).toMatchObject({ status: 'pending', revision: 0 });
    await screenshot(page, 'monitoring-report-bad-input');

    await page.locator('#f-lines-0-percent').fill('60');
    await page.getByRole('button', { name: 'Направить отчёт' }).click();
    await page.waitForURL((u) => u.searchParams.get('ok') === 'on_time');
    expect(await page.locator('.flash').innerText()).toContain('Отчёт представлен в срок');
    expect(await page.locator('#report-status').innerText()).toContain('представлен в срок');
    expect(await latestReport(periodId, 'executor')).toMatchObject({ lines: [{ itemId: 'order', moId: null, status: 'in_progress', percent: 60 }] });

    // A correction before the cut-off: the form comes back with the report as sent.
    expect(await page.locator('#f-lines-0-done').inputValue()).toBe('Проект распоряжения согласован с юристом');
    await page.locator('#f-lines-0-percent').fill('80');
    await page.getByRole('button', { name: 'Направить исправленный отчёт' }).click();
    await page.waitForURL((u) => u.searchParams.get('ok') === 'corrected');
    expect(await dutyOf(periodId, 'executor')).toMatchObject({ status: 'on_time', revision: 2 });
    await page.goto('/tasks');
    expect(await page.locator(`a[href="/monitoring/periods/${periodId}/report"]`).count()).toBe(0);
    await page.goBack();
    expect(await page.locator('#report-status').innerText()).toContain('редакция № 2');
    await screenshot(page, 'monitoring-report-filed');
    await executor.context.close();
  });

  it('СМО fill in the reporting form (one late), the coordinator downloads the XLSX and submits to ФОМС; the specialist cannot', async () => {
    const { roadMapId, periodId, mos, period } = await monitoredRoadMap(h, fastWeek({ dueAfter: 'PT25S', cutoffAfter: 'PT150S' }));
    expect((await h.call('POST', `/api/monitoring/periods/${periodId}/reports`, { token: await h.login('executor'), body: executorReport })).status).toBe(200);

    // smo: four lines and the form for two МО; an impossible figure is refused next to its field.
    const smo = await signIn(browser, h.baseUrl, 'smo');
    let page = smo.page;
    await page.goto(`/monitoring/periods/${periodId}/report`);
    expect(await page.locator('fieldset.report-line').count()).toBe(4);
    const row = (mo: string) => page.locator(`fieldset.smo-row[data-mo="${mo}"]`);
    await row(mos[0]).getByLabel('Страховых представителей в МО').fill('два');
    await row(mos[0]).getByLabel('Оповещено о диспансеризации, чел.').fill('200');
    await row(mos[0]).getByLabel('Из них прошли диспансеризацию, чел.').fill('80');
    await row(mos[0]).getByLabel('План опроса, чел.').fill('300');
    await row(mos[0]).getByLabel('Опрошено, чел.').fill('90');
    await row(mos[1]).getByLabel('Страховых представителей в МО').fill('3');
    await row(mos[1]).getByLabel('Оповещено о диспансеризации, чел.').fill('50');
    await row(mos[1]).getByLabel('Из них прошли диспансеризацию, чел.').fill('70');
    // The effectiveness follows the figures as they are typed (a little script; the server computes it again).
    expect(await row(mos[0]).locator('.effectiveness').innerText()).toContain('40 %');
    await page.getByRole('button', { name: 'Направить отчёт' }).click();
    await page.waitForLoadState();
    const completedError = row(mos[1]).locator('.field-error', { hasText: 'прошедших диспансеризацию не может быть больше оповещённых' });
    expect(await completedError.count()).toBe(1);
    expect(await row(mos[0]).locator('#f-smoForm-0-representativesPresent-error, #f-smoForm-1-representativesPresent-error').innerText()).toContain('введите число');
    expect(await row(mos[0]).getByLabel('Страховых представителей в МО').inputValue()).toBe('два');
    expect(await row(mos[1]).getByLabel('Из них прошли диспансеризацию, чел.').inputValue()).toBe('70');
    expect(await row(mos[0]).getByLabel('Опрошено, чел.').inputValue()).toBe('90');
    // The effectiveness of the row as typed: 80 of 200.
    expect(await row(mos[0]).locator('.effectiveness').innerText()).toContain('40 %');
    await screenshot(page, 'monitoring-smo-form-errors');
    await row(mos[0]).getByLabel('Страховых представителей в МО').fill('2');
    await row(mos[1]).getByLabel('Из них прошли диспансеризацию, чел.').fill('30');
    await row(mos[1]).getByLabel('План опроса, чел.').fill('200');
    await row(mos[1]).getByLabel('Опрошено, чел.').fill('50');
    await page.getByRole('button', { name: 'Направить отчёт' }).click();
    await page.waitForURL((u) => u.searchParams.get('ok') === 'on_time');
    const sent = await latestReport(periodId, 'smo');
    expect(sent.smoForm).toHaveLength(2);
    expect(sent.smoForm.find((r: any) => r.moId === mos[0])).toEqual({ moId: mos[0], representativesPresent: 2, notified: 200, completedCheckup: 80, survey: { itemId: 'survey-1', planned: 300, surveyed: 90 } });
    expect(await row(mos[1]).locator('.effectiveness').innerText()).toContain('60 %');
    await smo.context.close();

    // smo2 after the due time: accepted, shown as late.
    while (Date.now() <= Date.parse(period.dueAt) + 500) await new Promise((r) => setTimeout(r, 500));
    const smo2 = await signIn(browser, h.baseUrl, 'smo2');
    page = smo2.page;
    await page.goto('/monitoring');
    await page.locator(`tr[data-period="${periodId}"]`).getByRole('link', { name: 'Заполнить отчёт' }).click();
    expect(await page.locator('main').innerText()).toContain('будет отмечен как представленный с опозданием');
    for (const mo of mos) {
      await page.locator(`fieldset.smo-row[data-mo="${mo}"]`).getByLabel('Оповещено о диспансеризации, чел.').fill('100');
      await page.locator(`fieldset.smo-row[data-mo="${mo}"]`).getByLabel('Из них прошли диспансеризацию, чел.').fill('50');
      await page.locator(`fieldset.smo-row[data-mo="${mo}"]`).getByLabel('Страховых представителей в МО').fill('1');
    }
    await page.getByRole('button', { name: 'Направить отчёт' }).click();
    await page.waitForURL((u) => u.searchParams.get('ok') === 'late');
    expect(await page.locator('#report-status').innerText()).toContain('представлен с опозданием');
    expect(await dutyOf(periodId, 'smo2')).toMatchObject({ status: 'late' });
    await screenshot(page, 'monitoring-report-late');
    await smo2.context.close();

    // All in: the coordinator's consolidated report.
    const coordinatorToken = await h.login('coordinator');
    await eventually(() => h.call('GET', `/api/monitoring/periods/${periodId}/consolidated`, { token: coordinatorToken }), (r) => r.status === 200, 30_000);
    const coordinator = await signIn(browser, h.baseUrl, 'coordinator');
    page = coordinator.page;
    await page.getByRole('link', { name: 'Мониторинг', exact: true }).click();
    await page.locator(`#periods tr[data-period="${periodId}"] a`).click();
    await page.waitForURL((u) => u.pathname === `/monitoring/periods/${periodId}/consolidated`);
    expect(await page.locator('#consolidated-totals').innerText()).toMatch(/в срок: 2 · с опозданием: 1 · не\s+представлено: 0/);
    expect(await page.locator('#reporters').innerText()).toContain('представлен с опозданием');
    expect(await page.locator('#overdue-lines').innerText()).toContain('Распоряжение о назначении ответственных лиц');
    // (80 + 30 + 50 + 50) / (200 + 50 + 100 + 100) = 46.7 % against the 50 % target.
    expect(await page.locator('#smo-effectiveness').innerText()).toBe('46,7');
    expect(await page.locator('#indicators').innerText()).toMatch(/≥ 50[\s\S]*46,7[\s\S]*нет/);

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Скачать XLSX' }).click()]);
    expect(download.suggestedFilename()).toMatch(/^svodnyj-otchet-.*\.xlsx$/);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile((await download.path())!);
    expect(wb.worksheets.map((s) => s.name)).toEqual(['Сводный отчёт', 'Отчётная форма СМО', 'Показатели', 'Представление отчётов']);
    expect(wb.getWorksheet('Сводный отчёт')!.getCell('A1').value).toBe('Сводный отчёт о ходе реализации плана мероприятий проекта («Дорожной карты») ТФОМС и СМО');
    expect(await page.getByRole('link', { name: 'Скачать CSV' }).getAttribute('href')).toBe(`/monitoring/periods/${periodId}/consolidated.csv`);

    // The specialist reads the report but has no submit button, and a forged POST is refused.
    const specialist = await signIn(browser, h.baseUrl, 'specialist');
    await specialist.page.goto(`/monitoring/periods/${periodId}/consolidated`);
    expect(await specialist.page.getByRole('button', { name: 'Направить в ФОМС' }).count()).toBe(0);
    expect(await specialist.page.getByRole('link', { name: 'Мониторинг', exact: true }).count()).toBe(0);
    const forged = await postForm(specialist, `/monitoring/periods/${periodId}/consolidated/submit`, { _csrf: await csrfOf(specialist.page), comment: 'не моё' });
    expect(forged.status).toBe(403);
    expect(forged.text).toContain('направить сводный отчёт в ФОМС может только координатор мониторинга');
    await specialist.page.setContent(forged.text);
    await screenshot(specialist.page, 'monitoring-forged-submit-refused');
    await specialist.context.close();

    await page.getByLabel('Комментарий координатора').fill('Отставание по опросу в детских поликлиниках, меры приняты');
    await screenshot(page, 'monitoring-consolidated');
    await page.getByRole('button', { name: 'Направить в ФОМС' }).click();
    await page.waitForURL((u) => u.searchParams.get('ok') === 'submitted');
    expect(await page.locator('#period-status').innerText()).toBe('направлен в ФОМС');
    expect(await page.locator('#submission').innerText()).toContain('Отставание по опросу в детских поликлиниках, меры приняты');
    expect(await page.getByRole('button', { name: 'Направить в ФОМС' }).count()).toBe(0);

    // The road map's dashboard shows the weekly-report discipline as a chart and a table.
    await page.goto(`/roadmaps/${roadMapId}/dashboard`);
    expect(await page.locator('#discipline-chart g').count()).toBe(3);
    expect(await page.locator('#discipline-totals').innerText()).toMatch(/в срок: 2 .* с\s+опозданием: 1/);
    const smo2Row = (await page.locator('#discipline-table tr[data-person="smo2"] td').allInnerTexts()).slice(0, 4);
    expect(smo2Row).toEqual(['1', '0', '1', '0']);
    await page.locator('#discipline-title').scrollIntoViewIfNeeded();
    await screenshot(page, 'monitoring-dashboard-discipline');
    await coordinator.context.close();

    // The ФОМС curator sees it read-only once submitted.
    const curator = await signIn(browser, h.baseUrl, 'curator');
    page = curator.page;
    await page.getByRole('link', { name: 'Мониторинг', exact: true }).click();
    await page.locator(`#periods tr[data-period="${periodId}"] a`).click();
    expect(await page.locator('#submission').innerText()).toContain('Отставание по опросу');
    expect(await page.locator('main form').count()).toBe(0);
    await screenshot(page, 'monitoring-consolidated-curator');
    await curator.context.close();
  });

  it('the coordinator\'s list gives the week from its opening to its due day, and reports not in after the due time as «не представлено в срок»', async () => {
    const { periodId } = await monitoredRoadMap(h, fastWeek({ dueAfter: 'PT120S', cutoffAfter: 'PT150S' }));
    // A real week's shape in the read model (the list reads only it): opened 4 days ago, due an hour ago, accepted for 3 days more.
    const now = Date.now();
    const opens = new Date(now - 4 * 86_400_000);
    const due = new Date(now - 3_600_000);
    const cutoff = new Date(now + 3 * 86_400_000);
    await h.sql`update reporting_periods set opens_at = ${opens}, due_at = ${due}, cutoff_at = ${cutoff} where id = ${periodId}`;
    const tz = demoRegion.timeZone;

    const coordinator = await signIn(browser, h.baseUrl, 'coordinator');
    const { page } = coordinator;
    await page.goto('/monitoring');
    const row = page.locator(`#periods tr[data-period="${periodId}"]`);
    // The week itself, not the late-acceptance window that overlaps the next week; the due time and the cut-off beside it.
    expect(await row.locator('.week-dates').innerText()).toBe(`${formatRuDate(opens, tz)} — ${formatRuDate(due, tz)}`);
    expect(await row.locator('td[data-label="Период"]').innerText()).toContain(`срок представления ${formatRuDateTime(due, tz)}; приём до ${formatRuDateTime(cutoff, tz)}`);
    // Three reporters, none filed, the due time past: owed, not «ожидается».
    const counts = await row.locator('.report-counts').innerText();
    expect(counts).toContain('не представлено в срок: 3');
    expect(counts).not.toContain('ожидается');
    await expectAccessible(page);
    await screenshot(page, 'monitoring-list-owed');
    await coordinator.context.close();

    // The reporter's own row says the same of their report.
    const executor = await signIn(browser, h.baseUrl, 'executor');
    await executor.page.goto('/monitoring');
    const mine = executor.page.locator(`#my-duties tr[data-period="${periodId}"]`);
    expect(await mine.locator('td[data-label="Отчёт"]').innerText()).toContain('не представлен в срок');
    expect(await mine.locator('td[data-label="Неделя"]').innerText()).toContain(`${formatRuDate(opens, tz)} — ${formatRuDate(due, tz)}`);
    await executor.context.close();
  });

  it('the coordinator of a road map approved before its first week has «Мониторинг» and reads when that week opens', async () => {
    // «quality» reports nothing and coordinates no period: only this road map makes monitoring theirs.
    const doc = { ...monitoredDocument({}), coordinatorId: 'quality' };
    const { id } = await approvedRoadMap(h, doc, 7);
    const [{ approved_at }] = await h.sql<{ approved_at: Date }[]>`select approved_at from roadmap_versions where roadmap_id = ${id} and approved_at is not null`;
    const tz = demoRegion.timeZone;
    const calendar = workingCalendarFor(demoRegion.code);
    const opensAt = nextOpening(defaultMonitoringPolicy, null, approved_at, tz, calendar);
    const { dueAt } = periodTimes(defaultMonitoringPolicy, opensAt, tz, calendar);

    const quality = await signIn(browser, h.baseUrl, 'quality');
    const { page } = quality;
    await page.getByRole('link', { name: 'Мониторинг', exact: true }).click();
    await page.waitForURL((u) => u.pathname === '/monitoring');
    const line = await page.locator(`#first-week-list li[data-roadmap="${id}"]`).innerText();
    expect(line).toContain(`первая отчётная неделя начнётся ${formatRuDateTime(new Date(opensAt), tz)}`);
    expect(line).toContain(`до ${formatRuDateTime(new Date(dueAt), tz)}`);
    expect(await page.locator('#my-reports ~ p').innerText()).toContain('вы координатор мониторинга');
    await expectAccessible(page);
    await screenshot(page, 'monitoring-first-week-ahead');
    await quality.context.close();
  });
});
