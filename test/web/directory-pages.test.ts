import type { Browser } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { expectAccessible } from '../support/accessibility.js';
import { screenshot, signIn } from '../support/browser.js';
import { browserSuite } from '../support/browser-suite.js';
import { smallDocument } from '../support/fixtures.js';
import { approvedRoadMap } from '../support/roadmaps.js';
import type { Harness } from '../support/harness.js';

let h: Harness;
let browser: Browser;
browserSuite((harness, b) => {
  h = harness;
  browser = b;
});

describe('the directory in the browser', () => {
  it('the region administrator adds an МО and a person through the pages and sees both in the journal', async () => {
    const { page } = await signIn(browser, h.baseUrl, 'admin');
    await page.getByRole('link', { name: 'Справочник', exact: true }).click();
    await page.waitForURL((u) => u.pathname === '/directory');
    expect(await page.locator('#organisations').innerText()).toContain('Территориальный фонд обязательного медицинского страхования Орловской области');
    await expectAccessible(page);

    // A mistake first: no registry number for an МО; the error names the field and nothing is added.
    await page.getByLabel('Наименование').fill('БУЗ ОО «Браузерная поликлиника»');
    await page.getByRole('button', { name: 'Добавить организацию' }).click();
    await page.waitForSelector('.alert');
    expect(await page.locator('.alert').innerText()).toContain('Номер в реестре: номер в реестре: обязателен для медицинской организации');
    await expectAccessible(page);
    await page.getByLabel('Номер в реестре').fill('951');
    await page.getByLabel('Участвует в пилотном проекте').check();
    await page.getByRole('button', { name: 'Добавить организацию' }).click();
    await page.waitForURL((u) => u.pathname === '/directory/organisations/mo-57-951');
    expect(await page.locator('main').innerText()).toContain('Организация добавлена.');
    expect(await page.locator('#changes').innerText()).toContain('добавлено');
    await expectAccessible(page);

    await page.getByRole('link', { name: 'Добавить сотрудника' }).click();
    await page.waitForURL((u) => u.pathname === '/directory/people');
    expect(await page.getByLabel('Организация').inputValue()).toBe('mo-57-951');
    await page.getByLabel('ФИО').fill('Браузерова Мария Ивановна');
    await page.getByLabel('Уровень должности').selectOption('director');
    await page.getByLabel('Должность', { exact: false }).last().fill('Главный врач');
    await page.getByLabel('E-mail').fill('browser@demo-oms57.example');
    await page.getByLabel('Логин').fill('dir-browser');
    await expectAccessible(page);
    await page.getByRole('button', { name: 'Добавить сотрудника' }).click();
    await page.waitForURL((u) => u.pathname === '/directory/people/dir-browser');
    expect(await page.locator('main').innerText()).toContain('Сотрудник добавлен.');
    await expectAccessible(page);

    // A rename, then the journal shows who changed what: before → after.
    await page.getByLabel('ФИО').fill('Браузерова-Новая Мария Ивановна');
    await page.getByRole('button', { name: 'Сохранить' }).click();
    await page.waitForURL((u) => u.pathname === '/directory/people/dir-browser' && u.search === '?ok=person_changed');
    await page.getByRole('link', { name: 'Журнал изменений' }).click();
    await page.waitForURL((u) => u.pathname === '/directory/changes');
    const journal = await page.locator('#changes').innerText();
    expect(journal).toContain('организация mo-57-951');
    expect(journal).toContain('сотрудник dir-browser');
    expect(journal).toContain('ФИО: Браузерова Мария Ивановна');
    expect(journal).toContain('ФИО: Браузерова-Новая Мария Ивановна');
    expect(journal).toContain('Овчинников Павел Евгеньевич');
    expect(journal).toContain('страница');
    await expectAccessible(page);
    await screenshot(page, 'directory-journal');

    // The person page's deactivation: a dry run first, then done.
    await page.goto(`${h.baseUrl}/directory/people/dir-browser`);
    await page.getByLabel('Основание').fill('Ошибочно заведён');
    await page.getByRole('button', { name: 'Показать, что будет передано' }).click();
    await page.waitForSelector('#deactivation-preview');
    await expectAccessible(page);
    await page.getByRole('button', { name: 'Деактивировать' }).click();
    await page.waitForURL((u) => u.search === '?ok=person_deactivated');
    expect(await page.locator('main').innerText()).toContain('Сотрудник деактивирован');
  });

  it('roles and levels in Russian, the person\'s account linked both ways, and a deactivation preview without a receiver lists the work in the form\'s words', async () => {
    const { page } = await signIn(browser, h.baseUrl, 'admin');

    // Roles read in Russian in the list, the facts and the form; no code such as «admin».
    await page.goto('/directory/people?region=57');
    expect(await page.locator('[data-person=admin] td[data-label="Роли"]').innerText()).toBe('администратор региона');
    expect(await page.getByLabel('администратор региона', { exact: true }).count()).toBe(1);
    expect(await page.locator('main').innerText()).not.toContain('(admin)');

    // The person's page links to their account, and the account names the person and links back.
    const [{ full_name: directorName }] = await h.sql<{ full_name: string }[]>`select full_name from people where id = 'director'`;
    await page.goto('/directory/people/director');
    await page.getByRole('link', { name: 'Учётная запись' }).click();
    await page.waitForURL((u) => u.pathname === '/account/people/director');
    expect(await page.locator('h1').innerText()).toContain(directorName);
    expect(await page.locator('main').innerText()).not.toContain('Учётная запись director');
    await expectAccessible(page);
    await page.getByRole('link', { name: `Сотрудник в справочнике: ${directorName}` }).click();
    await page.waitForURL((u) => u.pathname === '/directory/people/director');

    // The director controls open work (as in the demo's road map): the default receiver says so, and the
    // preview without one lists the work.
    const doc = smallDocument();
    doc.startDate = new Date().toISOString().slice(0, 10);
    for (const item of doc.directions.flatMap((d) => d.items)) {
      item.controllerId = 'director';
      item.deadline = { date: new Date(Date.now() + 60 * 86_400_000).toISOString().slice(0, 10) };
    }
    const { executions } = await approvedRoadMap(h, doc, 3);
    const open = executions.length;
    await page.reload();
    const receiver = page.getByLabel('Кому передать работу');
    expect(await receiver.locator('option:checked').innerText()).toBe('— выберите, кому передать —');
    await page.getByLabel('Основание').fill('Перевод');
    await page.getByRole('button', { name: 'Показать, что будет передано' }).click();
    await page.waitForSelector('#deactivation-preview');
    const preview = await page.locator('#deactivation-preview').innerText();
    // Other test files on the shared database may give the director more open work: at least this road map's, by title.
    expect(Number(/Исполнений мероприятий: (\d+)/.exec(preview)?.[1])).toBeGreaterThanOrEqual(open);
    for (const title of new Set(doc.directions.flatMap((d) => d.items).map((i) => i.title))) expect(preview).toContain(`«${title}»`);
    expect(preview).toContain('контролирующее лицо');
    expect(preview).toContain('«Кому передать работу»');
    const main = await page.locator('main').innerText();
    for (const word of ['receiverId', 'dryRun', 'rm-demo-57', 'Действие не выполнено']) expect(main).not.toContain(word);
    expect(await page.locator('.alert').innerText()).toContain('Кому передать работу: выберите, кому передать незавершённую работу');
    expect(await page.getByLabel('Основание').inputValue()).toBe('Перевод');
    await expectAccessible(page);

    // «Деактивировать» without a receiver: refused with the same list, in the same words; nothing changes.
    const refused = page.waitForResponse((r) => r.url().endsWith('/directory/people/director/deactivate'));
    await page.getByRole('button', { name: 'Деактивировать', exact: true }).click();
    expect((await refused).status()).toBe(409);
    await page.waitForSelector('#deactivation-preview');
    const again = await page.locator('main').innerText();
    expect(again).toContain('сначала выберите, кому её передать');
    for (const word of ['receiverId', 'dryRun', 'rm-demo-57']) expect(again).not.toContain(word);
    expect((await h.sql`select 1 from people where id = 'director' and deactivated_at is null`).length).toBe(1);
    await expectAccessible(page);
  });

  it('people without administration do not see «Справочник» and get 403 on its pages; a ФОМС administrator chooses the region', async () => {
    const { page } = await signIn(browser, h.baseUrl, 'director');
    expect(await page.getByRole('link', { name: 'Справочник', exact: true }).count()).toBe(0);
    expect((await page.goto(`${h.baseUrl}/directory`))!.status()).toBe(403);
    const foms = await signIn(browser, h.baseUrl, 'foms-admin');
    await foms.page.getByRole('link', { name: 'Справочник', exact: true }).click();
    await foms.page.waitForURL((u) => u.pathname === '/directory');
    expect(await foms.page.locator('h1').innerText()).toBe('Справочник: организации ФОМС');
    await foms.page.getByLabel('Регион').selectOption('57');
    await foms.page.getByRole('button', { name: 'Перейти к региону' }).click();
    await foms.page.waitForURL((u) => u.search.includes('region=57'));
    expect(await foms.page.locator('#organisations').innerText()).toContain('Орловской области');
    // Headings name the region by its name, not «региона 57».
    expect(await foms.page.locator('h1').innerText()).toBe('Справочник: организации — Орловская область');
    await expectAccessible(foms.page);
    for (const [path, heading] of [['/directory/people?region=57', 'Справочник: сотрудники — Орловская область'], ['/directory/changes?region=57', 'Журнал изменений справочника — Орловская область']]) {
      await foms.page.goto(`${h.baseUrl}${path}`);
      expect(await foms.page.locator('h1').innerText()).toBe(heading);
    }
    await foms.page.goto(`${h.baseUrl}/directory?region=57`);

    // The pilot's set-up: groups with their curators; saving a group as it is changes nothing.
    await foms.page.getByRole('link', { name: 'Пилотный проект' }).click();
    await foms.page.waitForURL((u) => u.pathname === '/directory/pilot');
    expect(await foms.page.locator('[data-group=szfo]').innerText()).toContain('Группа 3: СЗФО');
    expect(await foms.page.locator('[data-group=szfo] select[name=curatorRegionCode]').inputValue()).toBe('39');
    await expectAccessible(foms.page);
    const pilotChanges = async () => (await h.sql<{ n: number }[]>`select count(*)::int as n from directory_changes where subject_kind = 'pilot'`)[0].n;
    const before = await pilotChanges();
    await foms.page.getByRole('button', { name: 'Сохранить группу 3' }).click();
    await foms.page.waitForURL((u) => u.search === '?ok=pilot_changed');
    expect(await pilotChanges()).toBe(before);
    expect((await page.goto(`${h.baseUrl}/directory/pilot`))!.status()).toBe(403);
  });
});
