import { describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import type { Harness } from '../support/harness.js';
import { csrfOf, postForm, screenshot, signIn } from '../support/browser.js';
import { browserSuite } from '../support/browser-suite.js';
import { expectAccessible } from '../support/accessibility.js';
import { smallDocument } from '../support/fixtures.js';
import { approvedRoadMap } from '../support/roadmaps.js';
import { formatRuDate } from '../../domain/zoned-time.js';

let h: Harness;
let browser: Browser;
browserSuite((harness, b) => {
  h = harness;
  browser = b;
});

const statusOf = async (id: string) => (await h.sql<{ status: string }[]>`select status from item_executions where id = ${id}`)[0].status;

describe('item execution pages', () => {
  it('the executor completes an item; the controller returns it, then accepts the reworked report', async () => {
    const { id, executions } = await approvedRoadMap(h, smallDocument(), 3);
    const order = executions.find((e) => e.itemId === 'order')!;

    const executor = await signIn(browser, h.baseUrl, 'executor');
    let page = executor.page;
    // Other files' road maps share the database: this road map's work through the filter.
    await page.getByLabel('Дорожная карта').selectOption(id);
    await page.getByRole('button', { name: 'Показать' }).click();
    // «Мои задачи»: three items, deadlines in local time ДД.ММ.ГГГГ ЧЧ:ММ, the 2017 ones overdue and marked so.
    const rows = page.locator('tbody tr');
    expect(await rows.count()).toBe(3);
    expect(await rows.first().innerText()).toMatch(/20\.03\.2017 18:00/);
    expect(await page.locator('tr.overdue .tag.overdue').count()).toBe(3);
    await page.getByLabel('Что сделать').selectOption('accept');
    await page.getByRole('button', { name: 'Показать' }).click();
    expect(await page.locator('tbody tr').count()).toBe(0);
    expect(new URL(page.url()).searchParams.get('roadmap')).toBe(id);
    await page.goto(`/tasks?roadmap=${id}`);
    await expectAccessible(page);

    await page.getByRole('link', { name: 'Распоряжение о назначении ответственных лиц' }).click();
    await page.waitForURL((u) => u.pathname === `/executions/${order.id}`);
    await expectAccessible(page);
    await page.getByLabel('Что сделано').fill('Распоряжение подписано директором');
    await page.getByLabel('Номер документа').fill('12-р');
    await page.getByLabel('Дата документа').fill('2017-03-17');
    await page.getByLabel('Наименование документа').fill('Распоряжение о назначении ответственных');
    await page.getByRole('button', { name: 'Направить на приёмку' }).click();
    await page.waitForURL((u) => u.searchParams.get('ok') === 'completed');
    await expectAccessible(page);
    expect(await page.locator('#execution-status').innerText()).toContain('на приёмке');
    expect(await page.locator('main').innerText()).toContain('№ 12-р от 17.03.2017');
    // The executor is not the controller: no acceptance buttons for them.
    expect(await page.getByRole('button', { name: 'Принять' }).count()).toBe(0);

    const controller = await signIn(browser, h.baseUrl, 'controller');
    page = controller.page;
    await page.goto(`/tasks?roadmap=${id}&kind=accept`);
    await expectAccessible(page);
    await page.locator(`tr[data-execution="${order.id}"] a`).first().click();
    await page.waitForURL((u) => u.pathname === `/executions/${order.id}`);
    await expectAccessible(page);
    await page.getByRole('button', { name: 'Вернуть на доработку' }).click();
    await page.waitForLoadState();
    await expectAccessible(page);
    expect(await page.locator('#f-return-comment-error').innerText()).toContain('укажите, что доработать');
    await page.getByLabel('Что доработать').fill('Приложите подписанный скан');
    await page.getByRole('button', { name: 'Вернуть на доработку' }).click();
    await page.waitForURL((u) => u.searchParams.get('ok') === 'returned');
    await expectAccessible(page);
    expect(await page.locator('#execution-status').innerText()).toContain('в работе');
    expect(await statusOf(order.id)).toBe('in_progress');

    page = executor.page;
    // «Мои задачи» marks the returned item as such, with the day of the return (not just «в работе»).
    await page.goto(`/tasks?roadmap=${id}`);
    await expectAccessible(page);
    const returnedRow = page.locator(`tr[data-execution="${order.id}"] td[data-label="Статус"]`);
    const [returned] = await h.sql<{ occurred_at: Date }[]>`select occurred_at from events where subject = ${order.id} and type = 'execution.returned'`;
    expect(await returnedRow.innerText()).toContain('возвращено на доработку');
    expect(await returnedRow.innerText()).toContain(formatRuDate(returned.occurred_at, 'Europe/Moscow'));
    expect(await page.locator(`tr:not([data-execution="${order.id}"]) .returned`).count()).toBe(0);
    await page.goto('/inbox');
    await expectAccessible(page);
    expect(await page.locator('main').innerText()).toContain('Приложите подписанный скан');
    await page.goto(`/executions/${order.id}`);
    await expectAccessible(page);
    expect(await page.locator('main').innerText()).toContain('Приложите подписанный скан');
    await page.getByLabel('Что сделано').fill('Скан приложен к делу');
    await page.getByRole('button', { name: 'Направить на приёмку' }).click();
    await page.waitForURL((u) => u.searchParams.get('ok') === 'completed');
    await expectAccessible(page);

    page = controller.page;
    await page.goto(`/executions/${order.id}`);
    await expectAccessible(page);
    await page.getByRole('button', { name: 'Принять' }).click();
    await page.waitForURL((u) => u.searchParams.get('ok') === 'accepted');
    await expectAccessible(page);
    expect(await page.locator('#execution-status').innerText()).toContain('принято');
    expect(await statusOf(order.id)).toBe('accepted');
    const history = await page.locator('#history').innerText();
    for (const label of ['Исполнение начато', 'Исполнитель отчитался о выполнении', 'Возвращено на доработку', 'Исполнение принято']) expect(history).toContain(label);
    expect(history).toMatch(/\d{2}\.\d{2}\.\d{4} \d{2}:\d{2} — Исполнение принято · Кудрявцева Марина Сергеевна/);
    await screenshot(page, 'execution-accepted');
    await executor.context.close();
    await controller.context.close();
  });

  it('a report with bad input comes back with Russian errors next to the fields and the values kept (phone width)', async () => {
    const { executions } = await approvedRoadMap(h, smallDocument(), 3);
    const stands = executions.find((e) => e.itemId === 'stands')!;
    const executor = await signIn(browser, h.baseUrl, 'executor', { mobile: true });
    const { page } = executor;
    await page.goto(`/executions/${stands.id}`);
    await expectAccessible(page);
    await page.getByLabel('Номер документа').fill('77/1');
    await page.getByRole('button', { name: 'Направить на приёмку' }).click();
    await page.waitForLoadState();
    await expectAccessible(page);

    expect(await page.locator('#f-complete-text-error').innerText()).toContain('опишите, что сделано');
    expect(await page.locator('#f-complete-resultDocument-date-error').innerText()).toContain('укажите дату');
    expect(await page.locator('#f-complete-resultDocument-title-error').innerText()).toContain('обязательное поле');
    expect(await page.locator('#f-complete-text').getAttribute('aria-invalid')).toBe('true');
    expect(await page.locator('#f-complete-resultDocument-number').inputValue()).toBe('77/1');
    // The first field in error has the keyboard focus.
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('f-complete-text');
    expect(await page.locator('.alert[role=alert]').first().innerText()).toContain('Исправьте ошибки в форме');
    expect(await statusOf(stands.id)).toBe('assigned');
    await screenshot(page, 'execution-bad-input-phone');

    // An extension to a date before the current deadline is refused by the rule, said in Russian with a local date.
    await page.getByLabel('Новый срок').fill('2017-04-01');
    await page.getByLabel('Причина переноса').fill('Поставщик задерживает стенды');
    await page.getByRole('button', { name: 'Запросить перенос' }).click();
    await page.waitForLoadState();
    await expectAccessible(page);
    expect(await page.locator('#f-extension-newDeadline-error').innerText()).toMatch(/позже 28\.04\.2017 18:00/);
    expect(await page.locator('#f-extension-reason').inputValue()).toBe('Поставщик задерживает стенды');
    await screenshot(page, 'execution-extension-refused-phone');
    await executor.context.close();
  });

  it('the controller decides on an extension the executor asked for', async () => {
    const { id, executions } = await approvedRoadMap(h, smallDocument(), 3);
    const stands = executions.find((e) => e.itemId === 'stands')!;
    const executor = await signIn(browser, h.baseUrl, 'executor');
    await executor.page.goto(`/executions/${stands.id}`);
    await expectAccessible(executor.page);
    await executor.page.getByLabel('Новый срок').fill('2017-05-31');
    await executor.page.getByLabel('Причина переноса').fill('Поставщик задерживает стенды');
    await executor.page.getByRole('button', { name: 'Запросить перенос' }).click();
    await executor.page.waitForURL((u) => u.searchParams.get('ok') === 'extension');
    await expectAccessible(executor.page);
    expect(await executor.page.getByRole('button', { name: 'Запросить перенос' }).count()).toBe(0);

    const controller = await signIn(browser, h.baseUrl, 'controller');
    const { page } = controller;
    await page.getByLabel('Что сделать').selectOption('decide_extension');
    await page.getByLabel('Дорожная карта').selectOption(id);
    await page.getByRole('button', { name: 'Показать' }).click();
    await page.locator(`tr[data-execution="${stands.id}"] a`).first().click();
    await page.getByRole('button', { name: 'Отказать' }).click();
    await page.waitForLoadState();
    await expectAccessible(page);
    expect(await page.locator('#f-decision-comment-error').innerText()).toContain('при отказе укажите причину');
    await page.getByRole('button', { name: 'Перенести срок' }).click();
    await page.waitForURL((u) => u.searchParams.get('ok') === 'granted');
    await expectAccessible(page);
    expect(await page.locator('main').innerText()).toContain('31.05.2017 18:00');
    expect(await page.locator('main').innerText()).toContain('первоначальный срок 28.04.2017 18:00');
    await screenshot(page, 'execution-extension-granted');
    await executor.context.close();
    await controller.context.close();
  });

  it('people without the role see no buttons, and their forged POSTs are refused', async () => {
    const { executions } = await approvedRoadMap(h, smallDocument(), 3);
    const order = executions.find((e) => e.itemId === 'order')!;
    const done = await h.call('POST', `/api/executions/${order.id}/complete`, { token: await h.login('executor'), body: { text: 'Сделано' } });
    expect(done.status).toBe(200);

    const executor = await signIn(browser, h.baseUrl, 'executor');
    await executor.page.goto(`/executions/${order.id}`);
    await expectAccessible(executor.page);
    expect(await executor.page.getByRole('button', { name: 'Принять' }).count()).toBe(0);
    const forged = await postForm(executor, `/executions/${order.id}/accept`, { _csrf: await csrfOf(executor.page) });
    expect(forged.status).toBe(403);
    // Issue 10: the executor is told the four-eyes reason, not the generic "only the controlling official".
    expect(forged.text).toContain('принцип «четырёх глаз»');
    expect(await statusOf(order.id)).toBe('submitted');

    const specialist = await signIn(browser, h.baseUrl, 'specialist');
    const { page } = specialist;
    await page.goto(`/executions/${order.id}`);
    await expectAccessible(page);
    expect(await page.locator('main form').count()).toBe(0);
    expect(await page.getByRole('link', { name: 'Temporal UI' }).count()).toBe(0);
    const asSpecialist = await postForm(specialist, `/executions/${order.id}/return`, { _csrf: await csrfOf(page), comment: 'не моё' });
    expect(asSpecialist.status).toBe(403);
    // Another session's token does not pass for this one.
    const crossToken = await postForm(specialist, `/executions/${order.id}/accept`, { _csrf: await csrfOf(executor.page) });
    expect(crossToken.status).toBe(403);
    expect(crossToken.text).toContain('Форма отклонена');
    expect(await statusOf(order.id)).toBe('submitted');
    // Pages without a session go to the login form.
    const anonymous = await browser.newContext({ baseURL: h.baseUrl });
    const anonPage = await anonymous.newPage();
    await anonPage.goto(`/executions/${order.id}`);
    await expectAccessible(anonPage);
    expect(new URL(anonPage.url()).pathname).toBe('/login');
    await anonymous.close();

    await page.setContent(asSpecialist.text);
    await screenshot(page, 'execution-forged-post-refused');
    await executor.context.close();
    await specialist.context.close();
  });
});
