import { randomBytes } from 'node:crypto';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mailerFromEnv } from '../../activities/email-delivery.js';
import { createFirstAdministrator } from '../../services/accounts/first-administrator.js';
import { launchBrowser, screenshot } from '../support/browser.js';
import { startHarness, type Harness } from '../support/harness.js';
import { linkIn, startMailCatcher } from '../accounts/mail-catcher.js';

const GOOD = 'вишнёвый сад у реки 1904';

/**
 * What axe-core's basic rules would check on these pages, by hand (axe-core is not installed):
 * the language, a title, one h1, every visible control and button with an accessible name.
 */
async function accessible(page: Page) {
  const facts = await page.evaluate(() => {
    const name = (el: Element) => {
      const input = el as HTMLInputElement;
      const labelled = input.labels && [...input.labels].some((l) => l.textContent!.trim());
      return labelled || !!el.getAttribute('aria-label')?.trim() || (el.tagName === 'BUTTON' && !!el.textContent!.trim());
    };
    const controls = [...document.querySelectorAll('input:not([type=hidden]), select, textarea, button')];
    const ids = [...document.querySelectorAll('[id]')].map((e) => e.id);
    return {
      lang: document.documentElement.lang,
      title: document.title,
      h1: document.querySelectorAll('h1').length,
      unnamed: controls.filter((c) => !name(c)).map((c) => c.outerHTML.slice(0, 120)),
      duplicateIds: ids.filter((id, i) => ids.indexOf(id) !== i),
      main: document.querySelectorAll('main').length,
    };
  });
  expect(facts).toMatchObject({ lang: 'ru', h1: 1, unnamed: [], duplicateIds: [], main: 1 });
  expect(facts.title).not.toBe('');
}

describe('account pages in a browser', () => {
  let h: Harness;
  let browser: Browser;
  let mail: Awaited<ReturnType<typeof startMailCatcher>>;
  beforeAll(async () => {
    mail = await startMailCatcher();
    [h, browser] = await Promise.all([startHarness({ mailer: mailerFromEnv(mail.url) }), launchBrowser()]);
  });
  afterAll(async () => {
    await browser?.close();
    await h?.close();
    await mail?.close();
  });
  const page = async () => (await browser.newContext({ baseURL: h.baseUrl, locale: 'ru-RU' })).newPage();
  const logIn = async (p: Page, login: string, password: string) => {
    await p.goto('/login');
    await p.getByLabel('Логин').fill(login);
    await p.getByLabel(/^Пароль/).fill(password);
    await p.getByRole('button', { name: 'Войти' }).click();
  };

  it('the invited person opens the link, sets the password and logs in; the link then no longer works', async () => {
    const id = `inv-${randomBytes(3).toString('hex')}`;
    await h.sql`insert into people (id, login, full_name, organisation_id, position, position_title, email)
                values (${id}, ${id}, 'Новикова Вера Павловна', 'tfoms-57', 'specialist', 'Специалист', ${id + '@accounts.example'})`;
    expect((await h.call('POST', `/api/people/${id}/invitation`, { token: await h.login('admin') })).status).toBe(200);
    const { path } = linkIn((await mail.mailTo(`${id}@accounts.example`)).text);

    const p = await page();
    await p.goto(path);
    await expect.poll(() => p.getByRole('heading', { level: 1 }).textContent()).toBe('Задайте пароль');
    await accessible(p);
    // A short password first: the Russian message next to the field.
    await p.getByLabel(/^Новый пароль(?! ещё)/).fill('короткий');
    await p.getByLabel('Новый пароль ещё раз').fill('короткий');
    await p.getByRole('button', { name: 'Сохранить пароль' }).click();
    await expect.poll(() => p.locator('.field-error').first().textContent()).toContain('не короче 12');
    await accessible(p);
    await p.getByLabel(/^Новый пароль(?! ещё)/).fill(GOOD);
    await p.getByLabel('Новый пароль ещё раз').fill(GOOD);
    await p.getByRole('button', { name: 'Сохранить пароль' }).click();
    await expect.poll(() => p.getByRole('heading', { level: 1 }).textContent()).toBe('Пароль сохранён');
    await accessible(p);
    await p.getByRole('link', { name: 'Войти' }).click();
    await logIn(p, id, GOOD);
    await p.waitForURL((u) => u.pathname === '/tasks');

    await p.goto(path);
    expect(await p.getByRole('heading', { level: 1 }).textContent()).toBe('Ссылка недействительна');
    await accessible(p);
  });

  it('an initial password: after login the change page, every other page 403 until changed', async () => {
    const admin = await createFirstAdministrator(h.sql, { login: `reg-${randomBytes(3).toString('hex')}`, fullName: 'Орлова Мария Ивановна', email: 'orlova@accounts.example', regionCode: '57' });
    const p = await page();
    await logIn(p, admin.login, admin.initialPassword);
    await p.waitForURL((u) => u.pathname === '/account/password');
    expect(await p.getByRole('heading', { level: 1 }).textContent()).toBe('Смените начальный пароль');
    await accessible(p);
    await screenshot(p, 'account-forced-change');
    const blocked = await p.goto('/tasks');
    expect(blocked?.status()).toBe(403);
    await p.goto('/account/password');
    await p.getByLabel('Начальный пароль').fill(admin.initialPassword);
    await p.getByLabel(/^Новый пароль(?! ещё)/).fill(GOOD);
    await p.getByLabel('Новый пароль ещё раз').fill(GOOD);
    await p.getByRole('button', { name: 'Сменить пароль' }).click();
    await p.waitForURL((u) => u.pathname === '/tasks');
    expect((await p.goto('/tasks'))?.status()).toBe(200);
  });

  it('«Забыли пароль?» from the login page, the profile with a token shown once, and the administrator\'s account page', async () => {
    const p = await page();
    await p.goto('/login');
    await accessible(p);
    await p.getByRole('link', { name: 'Забыли пароль?' }).click();
    await p.waitForURL((u) => u.pathname === '/login/forgot');
    await accessible(p);
    await p.getByLabel('Адрес электронной почты').fill('nobody@accounts.example');
    await p.getByRole('button', { name: 'Отправить ссылку' }).click();
    await expect.poll(() => p.getByRole('status').textContent()).toContain('Если этот адрес принадлежит сотруднику');
    await accessible(p);

    await logIn(p, 'admin', 'demo');
    await p.waitForURL((u) => u.pathname === '/tasks');
    await p.getByRole('link', { name: 'Профиль' }).click();
    await p.waitForURL((u) => u.pathname === '/account');
    await accessible(p);
    await p.getByLabel('Название (для какой интеграции)').fill('Выгрузка в МИС');
    await p.getByRole('button', { name: 'Создать токен' }).click();
    const token = await p.locator('#new-token-value').inputValue();
    expect(token).toMatch(/^rmt_/);
    await accessible(p);
    expect((await h.call('GET', '/api/tasks', { token })).status).toBe(200);
    await p.goto('/account');
    expect(await p.content()).not.toContain(token);
    await p.getByRole('button', { name: 'Отозвать токен «Выгрузка в МИС»' }).click();
    await expect.poll(() => p.getByRole('status').first().textContent()).toContain('Токен отозван');
    expect((await h.call('GET', '/api/tasks', { token })).status).toBe(401);

    // A forged form (no session CSRF token) changes nothing.
    const forged = await p.context().request.post('/account/people/specialist/lock', { form: { _csrf: 'forged' }, maxRedirects: 0 });
    expect(forged.status()).toBe(403);
    expect((await p.context().request.post('/account/tokens', { form: { name: 'подделка', expiresInDays: '1' }, maxRedirects: 0 })).status()).toBe(403);
    await p.goto('/account/people/specialist');
    await accessible(p);
    // The account names the person and links back to their directory page.
    const [{ full_name: name }] = await h.sql<{ full_name: string }[]>`select full_name from people where id = 'specialist'`;
    expect(await p.locator('h1').textContent()).toBe(`Учётная запись: ${name}`);
    expect(await p.locator('#person-link').getAttribute('href')).toBe('/directory/people/specialist');
    await p.getByRole('button', { name: 'Заблокировать' }).click();
    await expect.poll(() => p.locator('[data-state]').textContent()).toBe('заблокирована');
    expect((await h.call('POST', '/api/auth/login', { body: { login: 'specialist', password: 'demo' } })).status).toBe(401);
    await p.getByRole('button', { name: 'Разблокировать' }).click();
    await expect.poll(() => p.locator('[data-state]').textContent()).toBe('действует');
    expect((await h.call('POST', '/api/auth/login', { body: { login: 'specialist', password: 'demo' } })).status).toBe(200);
  });
});
