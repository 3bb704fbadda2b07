import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { screenshot, signIn } from '../support/browser.js';
import { browserSuite } from '../support/browser-suite.js';
import type { Harness } from '../support/harness.js';
import { filledTemplate, importRegion, seedImportRegion } from '../directory-import/directory-import-fixtures.js';

let h: Harness;
let browser: Browser;
browserSuite((harness, b) => {
  h = harness;
  browser = b;
});

const R = importRegion('29', 'bx');

/**
 * What the page must hold for assistive technology (axe-core is not among the installed packages, so the rules it
 * would apply to these pages are checked by hand): one h1, every form control labelled, every table with a caption
 * and column headers, errors announced (role=alert), the navigation entry marked current.
 */
async function accessible(page: Page) {
  const problems = await page.evaluate(() => {
    const out: string[] = [];
    if (document.querySelectorAll('h1').length !== 1) out.push('one h1');
    for (const el of document.querySelectorAll('input:not([type=hidden]), select, textarea')) {
      const id = el.getAttribute('id');
      if (!id || !document.querySelector(`label[for="${id}"]`)) out.push(`unlabelled ${el.outerHTML.slice(0, 80)}`);
    }
    for (const t of document.querySelectorAll('table')) {
      if (!t.querySelector('caption')) out.push('table without caption');
      if (!t.querySelectorAll('th[scope=col]').length) out.push('table without column headers');
    }
    const ids = [...document.querySelectorAll('[id]')].map((e) => e.id);
    if (new Set(ids).size !== ids.length) out.push('duplicate ids');
    if (!document.querySelector('nav a[aria-current=page]')) out.push('no current navigation entry');
    if (document.documentElement.lang !== 'ru') out.push('lang');
    return out;
  });
  expect(problems).toEqual([]);
}

describe('directory import in the browser', () => {
  it('the administrator uploads the МО and people workbooks, reads the dry run, applies; a resubmit changes nothing', async () => {
    await seedImportRegion(h.sql, R);
    const token = await h.login(R.admin);
    const template = async (kind: string) =>
      Buffer.from(await (await fetch(`${h.baseUrl}/api/regions/${R.code}/directory/templates/${kind}.xlsx`, { headers: { authorization: `Bearer ${token}` } })).arrayBuffer());
    const dir = mkdtempSync(path.join(tmpdir(), 'directory-'));
    const moFile = path.join(dir, 'перечень-МО.xlsx');
    const peopleFile = path.join(dir, 'сотрудники.xlsx');
    const badFile = path.join(dir, 'сотрудники-с-ошибкой.xlsx');
    writeFileSync(moFile, await filledTemplate(await template('mo'), [
      ['1', 'Поликлиника № 1', '', 'да', ''],
      ['300', 'Районная больница', '', 'да', ''],
      ['300.1', 'Фельдшерский пункт', '300', 'нет', ''],
    ]));
    writeFileSync(peopleFile, await filledTemplate(await template('people'), [
      ['bx-doctor', 'Петрова Мария Ивановна', 'специалист', 'Врач-методист', '300.1', '', 'petrova@example.ru', '', ''],
      [R.leaver, `Сотрудник ${R.leaver}`, 'специалист', 'Должность', 'ТФОМС', '', '', '', 'выбыл'],
    ]));
    writeFileSync(badFile, await filledTemplate(await template('people'), [
      ['bx-doctor', 'Петрова Мария Ивановна', 'специалист', 'Врач-методист', '999', '', '', '', ''],
    ]));

    const { page } = await signIn(browser, h.baseUrl, R.admin);
    await page.getByRole('link', { name: 'Загрузка справочника' }).click();
    await page.waitForURL((u) => u.pathname === '/directory-import');
    await accessible(page);
    const mo = await page.request.get(`${h.baseUrl}/directory-import/templates/mo.xlsx`);
    expect(mo.status()).toBe(200);
    expect(mo.headers()['content-type']).toContain('spreadsheetml');

    // A wrong organisation: the error at its cell, nothing to apply.
    await page.setInputFiles('#import-files', [badFile]);
    await page.getByRole('button', { name: 'Проверить' }).click();
    await page.waitForSelector('#import-errors');
    expect(await page.locator('#import-errors').innerText()).toContain('Сотрудники, строка 3, «Организация»: 999 — МО с таким реестровым номером нет ни на листе «МО», ни в справочнике региона');
    expect(await page.getByRole('button', { name: 'Применить изменения' }).count()).toBe(0);
    await accessible(page);

    // Both workbooks at once: the dry run.
    await page.setInputFiles('#import-files', [moFile, peopleFile]);
    await page.getByRole('button', { name: 'Проверить' }).click();
    await page.waitForSelector('#result-title');
    const dry = await page.locator('main').innerText();
    expect(dry).toContain('Будет создано: 3; изменено: 1; отключено: 1');
    expect(dry).toContain('Участвует в пилотном проекте: «нет» → «да»');
    expect(dry).toContain('Районная больница');
    expect(dry).toContain('Петрова Мария Ивановна');
    expect(await h.sql`select 1 from people where login = 'bx-doctor'`).toHaveLength(0);
    await accessible(page);
    await screenshot(page, 'directory-import-dry-run');

    const applyForm = await page.locator('form[action^="/directory-import/apply"]').evaluate((f) => f.outerHTML);
    await page.getByRole('button', { name: 'Применить изменения' }).click();
    await page.waitForSelector('#result-title');
    expect(await page.locator('#result-title').innerText()).toBe('Изменения применены');
    const [doctor] = await h.sql`select p.password_hash, o.registry_number from people p join organisations o on o.id = p.organisation_id where p.login = 'bx-doctor'`;
    expect(doctor).toEqual({ password_hash: null, registry_number: '300.1' });
    const [left] = await h.sql`select deactivated_at from people where id = ${R.leaver}`;
    expect(left.deactivated_at).not.toBeNull();
    await accessible(page);

    // The same confirmation sent again (a double submit), nothing changes and no audit row is added.
    const audit = await h.sql`select count(*)::int as n from directory_changes where region_code = ${R.code}`;
    await Promise.all([
      page.waitForNavigation(),
      page.evaluate((html) => {
        document.body.insertAdjacentHTML('beforeend', html);
        (document.body.lastElementChild as HTMLFormElement).submit();
      }, applyForm),
    ]);
    await page.waitForSelector('#result-title');
    expect(await page.locator('#result-title').innerText()).toBe('Изменений нет');
    expect(await h.sql`select count(*)::int as n from directory_changes where region_code = ${R.code}`).toEqual(audit);
  });

  it('a plain user of the region gets 403 and no navigation entry', async () => {
    await seedImportRegion(h.sql, R);
    const { page } = await signIn(browser, h.baseUrl, R.specialist);
    expect(await page.getByRole('link', { name: 'Загрузка справочника' }).count()).toBe(0);
    const res = await page.goto(`${h.baseUrl}/directory-import`);
    expect(res?.status()).toBe(403);
  });
});
