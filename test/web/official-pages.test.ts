import JSZip from 'jszip';
import type { Browser, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { planYears, shiftDemoDates } from '../../infra/demo/shift-dates.js';
import type { RoadMapDocumentInput } from '../../domain/roadmap.js';
import { expectAccessible } from '../support/accessibility.js';
import { csrfOf, postForm, screenshot, signIn } from '../support/browser.js';
import { browserSuite } from '../support/browser-suite.js';
import { demoDocument, smallDocument } from '../support/fixtures.js';
import type { Harness } from '../support/harness.js';
import { approvedRoadMap } from '../support/roadmaps.js';

/** Issue 25, section 1: the pages as an official reads them. Every page visited is checked by axe-core. */
let h: Harness;
let browser: Browser;
browserSuite((harness, b) => {
  h = harness;
  browser = b;
});

/** The length of a real road map's title (seed 000): about 200 characters. */
const LONG_TITLE =
  'План мероприятий проекта («Дорожная карта») «Тиражирование опыта создания поликлиник-образцов на основе технологий бережливого производства» ТФОМС и СМО (проверка страницы задач)';

/** The draft's edits in its audit trail, as the API reads them. */
async function edits(id: string): Promise<number> {
  const res = await h.call('GET', `/api/roadmaps/${id}/events?limit=1000`, { token: await h.login('coordinator') });
  return (res.body.events as { type: string }[]).filter((e) => e.type === 'roadmap.draft_edited').length;
}

async function visit(page: Page, url: string) {
  await page.goto(url);
  await expectAccessible(page);
}

async function draft(login: string, doc: RoadMapDocumentInput): Promise<string> {
  const created = await h.call('POST', '/api/roadmaps', { token: await h.login(login), body: doc });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  return created.body.roadMapId as string;
}

/** A small road map whose fund-level item falls due on Sunday 10.01.2027 as written; approved, three executions. */
let sundayMap: Promise<{ id: string; executions: { id: string; itemId: string; moId: string | null }[] }> | undefined;
function approvedWithSundayDeadline() {
  sundayMap ??= (async () => {
    const doc = smallDocument();
    doc.title = LONG_TITLE;
    doc.directions[0].items[0].deadline = { date: '2027-01-10' };
    return approvedRoadMap(h, doc, 3);
  })();
  return sundayMap;
}

describe('«Мои задачи» as an official reads it', () => {
  it('a draft waits only for its author and its coordinator, not for every head of division; the API agrees', async () => {
    const byCoordinator = smallDocument();
    byCoordinator.title = 'Проект координатора (проверка задач)';
    const forAdmin = smallDocument();
    forAdmin.title = 'Проект, где координатор — начальник отдела ПО';
    forAdmin.coordinatorId = 'admin';
    const byExecutor = smallDocument();
    byExecutor.title = 'Проект начальника управления (координатор — Сафронова)';
    const [a, b, c] = [await draft('coordinator', byCoordinator), await draft('director', forAdmin), await draft('executor', byExecutor)];

    // «admin» is a head of division of the same ТФОМС: only the draft naming them coordinator is their work.
    const admin = await signIn(browser, h.baseUrl, 'admin');
    await visit(admin.page, '/tasks');
    const adminWork = await admin.page.locator('#roadmap-work').locator('..').innerText();
    expect(adminWork).toContain(forAdmin.title);
    expect(adminWork).not.toContain(byCoordinator.title);
    expect(adminWork).not.toContain(byExecutor.title);
    await visit(admin.page, `/roadmaps/${a}`);
    expect(await admin.page.getByRole('button', { name: 'Направить на утверждение' }).count()).toBe(0);
    // A forged submission is refused by the workflow's rule, said as a sentence.
    const forged = await postForm(admin, `/roadmaps/${a}/submit`, { _csrf: await csrfOf(admin.page) });
    expect(forged.status).toBe(403);
    expect(forged.text).toContain('Направить проект на утверждение может его автор или координатор');
    const api = await h.call('POST', `/api/roadmaps/${a}/submit`, { token: await h.login('admin') });
    expect(api.status).toBe(403);
    expect(api.body.error.message).toContain('его автор или координатор мониторинга');

    // The coordinator sees their own draft and the one that names them coordinator, and may send the latter.
    const coordinator = await signIn(browser, h.baseUrl, 'coordinator');
    await visit(coordinator.page, '/tasks');
    const coordinatorWork = await coordinator.page.locator('#roadmap-work').locator('..').innerText();
    expect(coordinatorWork).toContain(byCoordinator.title);
    expect(coordinatorWork).toContain(byExecutor.title);
    expect(coordinatorWork).not.toContain(forAdmin.title);
    await visit(coordinator.page, `/roadmaps/${c}`);
    await coordinator.page.getByRole('button', { name: 'Направить на утверждение' }).click();
    await coordinator.page.waitForURL((u) => u.searchParams.get('ok') === 'submitted');
    await expectAccessible(coordinator.page);
    expect((await h.call('POST', `/api/roadmaps/${b}/submit`, { token: await h.login('admin') })).status).toBe(200);
    await admin.context.close();
    await coordinator.context.close();
  });

  it('rows are grouped by road map with its long title once; filters by МО, state and deadline and sorting by МО are GET parameters', async () => {
    const { id, executions } = await approvedWithSundayDeadline();
    const executor = await signIn(browser, h.baseUrl, 'executor');
    const { page } = executor;
    await visit(page, `/tasks?roadmap=${id}`);
    const group = page.locator(`section.task-group[data-roadmap="${id}"]`);
    expect(await group.count()).toBe(1);
    expect(await group.locator('h2').innerText()).toBe(LONG_TITLE);
    expect(await group.locator('tbody tr').count()).toBe(3);
    for (const row of await group.locator('tbody tr').all()) expect(await row.innerText()).not.toContain('Тиражирование');
    await screenshot(page, 'tasks-grouped');

    const mo = executions.find((e) => e.moId)!.moId!;
    await page.locator('#f-mo').selectOption(mo);
    await page.locator('#f-sort').selectOption('mo');
    await page.getByRole('button', { name: 'Показать' }).click();
    await page.waitForURL((u) => u.searchParams.get('mo') === mo && u.searchParams.get('sort') === 'mo');
    await expectAccessible(page);
    expect(await page.locator('tbody tr').count()).toBe(1);
    expect(await page.locator('#f-mo').inputValue()).toBe(mo);

    // The fund's own item, by its state and a deadline on or before a date.
    await visit(page, `/tasks?roadmap=${id}&mo=fund&status=assigned&due=2027-01-11`);
    expect(await page.locator('tbody tr').count()).toBe(1);
    await visit(page, `/tasks?roadmap=${id}&due=2017-03-01`);
    expect(await page.locator('tbody tr').count()).toBe(0);
    expect(await page.locator('main').innerText()).toContain('по выбранным фильтрам');
    await visit(page, `/tasks?roadmap=${id}&status=submitted`);
    expect(await page.locator('tbody tr').count()).toBe(0);
    // A typed address with nonsense is ignored, not refused.
    await visit(page, `/tasks?roadmap=${id}&due=31.02.2027&sort=x&status=y`);
    expect(await page.locator('tbody tr').count()).toBe(3);
    await executor.context.close();
  });
});

describe('a deadline moved off a day off says so', () => {
  it('«10.01.2027 → 11.01.2027 (выходной)» on the road map, the execution, «Мои задачи» and the printed road map', async () => {
    const { id, executions } = await approvedWithSundayDeadline();
    const order = executions.find((e) => e.itemId === 'order')!;
    const moved = '10.01.2027 → 11.01.2027 (выходной)';
    const executor = await signIn(browser, h.baseUrl, 'executor');
    const { page } = executor;

    await visit(page, `/roadmaps/${id}`);
    expect(await page.locator('#plan-title').locator('..').innerText()).toContain(moved);
    await visit(page, `/executions/${order.id}`);
    const facts = await page.locator('dl.facts').innerText();
    expect(facts).toContain('11.01.2027 18:00 (МСК)');
    expect(facts).toContain(`По дорожной карте: ${moved}`);
    await screenshot(page, 'execution-deadline-moved');
    await visit(page, `/tasks?roadmap=${id}`);
    expect(await page.locator(`tr[data-execution="${order.id}"]`).innerText()).toContain(`по дорожной карте: ${moved}`);
    // A working-day deadline is shown as it is, without a note.
    const stands = executions.find((e) => e.itemId === 'stands')!;
    expect(await page.locator(`tr[data-execution="${stands.id}"] .deadline-shift`).count()).toBe(0);

    const docx = await executor.context.request.get(`/roadmaps/${id}/versions/1/roadmap.docx`);
    expect(docx.status()).toBe(200);
    const xml = await (await JSZip.loadAsync(await docx.body())).file('word/document.xml')!.async('string');
    expect(xml.replace(/<[^>]+>/g, '')).toContain(moved);
    await executor.context.close();
  });
});

describe('the completion report form', () => {
  it('an empty document date says «укажите дату», on the page and in the API', async () => {
    const { executions } = await approvedWithSundayDeadline();
    const stands = executions.find((e) => e.itemId === 'stands')!;
    const executor = await signIn(browser, h.baseUrl, 'executor');
    const { page } = executor;
    await visit(page, `/executions/${stands.id}`);
    await page.getByLabel('Что сделано').fill('Стенды размещены');
    await page.getByLabel('Номер документа').fill('12');
    await page.getByLabel('Наименование документа').fill('Акт');
    await page.getByRole('button', { name: 'Направить на приёмку' }).click();
    await page.waitForLoadState();
    await expectAccessible(page);
    expect(await page.locator('#f-complete-resultDocument-date-error').innerText()).toContain('укажите дату');
    expect(await page.locator('main').innerText()).not.toContain('ГГГГ-ММ-ДД');
    expect(await page.locator('#f-complete-resultDocument-number').inputValue()).toBe('12');
    const api = await h.call('POST', `/api/executions/${stands.id}/complete`, {
      token: await h.login('executor'),
      body: { text: 'Сделано', resultDocument: { number: '1', date: '', title: 'Акт' } },
    });
    expect(api.status).toBe(400);
    expect(api.body.error.details).toContainEqual({ field: 'resultDocument.date', message: 'укажите дату' });
    await executor.context.close();
  });
});

describe('technical leftovers', () => {
  it('a favicon on every page, «по МО» in capitals, sentences start with a capital', async () => {
    const { id } = await approvedWithSundayDeadline();
    const director = await signIn(browser, h.baseUrl, 'director');
    const { page } = director;
    const failed: string[] = [];
    page.on('response', (r) => {
      if (r.status() === 404) failed.push(r.url());
    });
    await visit(page, `/roadmaps/${id}/dashboard`);
    expect(await page.locator('section[aria-labelledby=by-mo] summary').innerText()).toBe('Таблица: исполнение по МО');
    const icon = await page.locator('link[rel=icon]').getAttribute('href');
    for (const url of [icon!, '/favicon.ico']) {
      const res = await director.context.request.get(url);
      expect(res.status(), url).toBe(200);
      expect(res.headers()['content-type']).toBe('image/svg+xml');
    }
    await visit(page, '/tasks');
    expect(failed).toEqual([]);
    await director.context.close();
  });
});

describe('the demo road map', () => {
  it('its title names the years its shifted dates run in', async () => {
    const today = new Date().toISOString().slice(0, 10);
    const doc = shiftDemoDates(demoDocument(), today);
    const [from, to] = planYears(doc);
    expect(doc.title).not.toContain('на 2017 год');
    const id = await draft('coordinator', doc);
    const coordinator = await signIn(browser, h.baseUrl, 'coordinator');
    await visit(coordinator.page, `/roadmaps/${id}`);
    const title = await coordinator.page.locator('h1').innerText();
    expect(title).toMatch(from === to ? new RegExp(`на ${from} год$`) : new RegExp(`на ${from}–${to} годы$`));
    expect(await coordinator.page.locator('main').innerText()).toContain(`.${to}`);
    await coordinator.context.close();
  });
});

describe('editing one item of a draft in the browser', () => {
  it('the coordinator changes a deadline and an executor; broken rules come back in Russian next to the field with the values kept', async () => {
    const doc = smallDocument();
    doc.title = 'Проект для правки по одному мероприятию';
    const id = await draft('coordinator', doc);
    const coordinator = await signIn(browser, h.baseUrl, 'coordinator');
    const { page } = coordinator;
    await visit(page, `/roadmaps/${id}`);
    await page.getByRole('link', { name: 'Изменить мероприятие «Распоряжение о назначении ответственных лиц»' }).click();
    await page.waitForURL((u) => u.pathname === `/roadmaps/${id}/items/order/edit`);
    await expectAccessible(page);
    expect(await page.locator('#f-item-deadline').inputValue()).toBe('2017-03-20');

    await page.locator('#f-item-deadline').fill('2017-03-24');
    await page.locator('#f-item-executorId').selectOption('quality');
    await page.getByRole('button', { name: 'Сохранить мероприятие' }).click();
    await page.waitForURL((u) => u.pathname === `/roadmaps/${id}` && u.searchParams.get('ok') === 'item_edited');
    await expectAccessible(page);
    expect(await page.locator('.flash').innerText()).toContain('Мероприятие проекта изменено');
    const plan = await page.locator('#plan-title').locator('..').innerText();
    expect(plan).toContain('24.03.2017');
    expect(plan).toContain('Лебедянская Ольга Анатольевна');
    // The same Update as PUT /api/roadmaps/{id}: recorded as an edit of the draft, read back by the API.
    const saved = await h.call('GET', `/api/roadmaps/${id}`, { token: await h.login('coordinator') });
    const item = JSON.stringify(saved.body);
    expect(item).toContain('2017-03-24');
    expect((await edits(id))).toBe(1);

    // An executor below head of directorate: refused next to the field, nothing saved, the values kept.
    await visit(page, `/roadmaps/${id}/items/order/edit`);
    await page.locator('#f-item-deadline').fill('2017-03-27');
    await page.locator('#f-item-executorId').selectOption('specialist');
    await page.getByRole('button', { name: 'Сохранить мероприятие' }).click();
    await page.waitForLoadState();
    await expectAccessible(page);
    expect(await page.locator('#f-item-executorId-error').innerText()).toContain('исполнитель должен быть не ниже начальника управления');
    expect(await page.locator('#f-item-executorId').inputValue()).toBe('specialist');
    expect(await page.locator('#f-item-deadline').inputValue()).toBe('2017-03-27');
    expect(await page.locator('.alert[role=alert]').innerText()).toContain('Исправьте ошибки в форме');
    await screenshot(page, 'roadmap-item-edit-refused');

    // The executor is the controller: the rule's message next to the controller.
    await page.locator('#f-item-executorId').selectOption('controller');
    await page.getByRole('button', { name: 'Сохранить мероприятие' }).click();
    await page.waitForLoadState();
    await expectAccessible(page);
    expect(await page.locator('#f-item-controllerId-error').innerText()).toContain('исполнитель не может контролировать собственное мероприятие');
    // An МО list naming no МО: the schema's rule, next to the scope.
    await page.locator('#f-item-executorId').selectOption('executor');
    await page.locator('#f-item-scope-mo_list').check();
    await page.getByRole('button', { name: 'Сохранить мероприятие' }).click();
    await page.waitForLoadState();
    await expectAccessible(page);
    expect(await page.locator('#f-item-scope-error').count()).toBe(1);
    expect((await edits(id))).toBe(1);

    // A road map waiting for the director has no edit links, and the form refuses in a sentence.
    expect((await h.call('POST', `/api/roadmaps/${id}/submit`, { token: await h.login('coordinator') })).status).toBe(200);
    await visit(page, `/roadmaps/${id}`);
    expect(await page.getByRole('link', { name: /Изменить мероприятие/ }).count()).toBe(0);
    const late = await postForm(coordinator, `/roadmaps/${id}/items/order/edit`, {
      _csrf: await csrfOf(page),
      deadline: '2017-03-27',
      executorId: 'executor',
      controllerId: 'controller',
      scope: 'fund',
    });
    expect(late.status).toBe(409);
    expect(late.text).toContain('Версия направлена на утверждение');
    // Someone who does not draft road maps is refused the form.
    const specialist = await signIn(browser, h.baseUrl, 'specialist');
    const refused = await specialist.page.goto(`/roadmaps/${id}/items/order/edit`);
    expect(refused?.status()).toBe(403);
    await expectAccessible(specialist.page);
    await specialist.context.close();
    await coordinator.context.close();
  });
});
