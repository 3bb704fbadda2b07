import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { expect } from 'vitest';
import { DEFAULT_CHROMIUM, FIX_COMMAND } from './chromium.js';
import { checkEveryPage } from './accessibility.js';

/**
 * Debian's Chromium driven by playwright-core (the npm-side browser download
 * does not work on these machines). Playwright's launch gives every browser a
 * fresh temporary profile (user-data-dir); each person gets a context of their own (own cookies).
 */
export const CHROMIUM = process.env.CHROMIUM_PATH || DEFAULT_CHROMIUM;
export const SCREENSHOTS = path.resolve('test-artifacts/screenshots');

export async function launchBrowser(): Promise<Browser> {
  // The global setup has checked (or installed) it already; this guards a file run without it.
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing. Fix: ${FIX_COMMAND} (or set CHROMIUM_PATH)`);
  mkdirSync(SCREENSHOTS, { recursive: true });
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  // Every context, however a test makes it (signIn, browser.newContext, browser.newPage), has its pages
  // checked with axe-core as they load (test/support/accessibility.ts).
  const newContext = browser.newContext.bind(browser);
  browser.newContext = async (options) => {
    const context = await newContext(options);
    checkEveryPage(context, options?.baseURL);
    return context;
  };
  return browser;
}

export interface Person {
  context: BrowserContext;
  page: Page;
}

/** Signs a demo person in through the login form, the way a user does. */
export async function signIn(browser: Browser, baseUrl: string, login: string, opts: { mobile?: boolean } = {}): Promise<Person> {
  const context = await browser.newContext({
    baseURL: baseUrl,
    locale: 'ru-RU',
    viewport: opts.mobile ? { width: 390, height: 844 } : { width: 1280, height: 900 },
  });
  const page = await context.newPage();
  await page.goto('/');
  await expect.poll(() => new URL(page.url()).pathname).toBe('/login');
  await page.getByLabel('Логин').fill(login);
  await page.getByLabel('Пароль').fill('demo');
  await page.getByRole('button', { name: 'Войти' }).click();
  // Each lands where their work is: «Мои задачи», or the pilot's cockpit for ФОМС and curators (web/landing.ts).
  await page.waitForURL((u) => u.pathname === '/tasks' || u.pathname.startsWith('/pilot/weeks/'));
  return { context, page };
}

export async function screenshot(page: Page, name: string): Promise<string> {
  const file = path.join(SCREENSHOTS, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

/** The CSRF token the page rendered for this session (every signed-in page has the logout form). */
export async function csrfOf(page: Page): Promise<string> {
  return (await page.locator('input[name=_csrf]').first().inputValue()) as string;
}

/** A POST from the signed-in browser with its cookie, as a forged form would be sent. */
export async function postForm(person: Person, url: string, fields: Record<string, string>) {
  const res = await person.context.request.post(url, { form: fields, maxRedirects: 0 });
  return { status: res.status(), text: await res.text() };
}
