/**
 * The automatic axe-core check of test/support/accessibility.ts: every HTML page a browser test's
 * tab loads is checked; JSON and other origins are not pages of ours.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from '../support/browser.js';
import { expectNoViolationsFound, pageChecked } from '../support/accessibility.js';

const good = '<!doctype html><html lang="ru"><head><title>Хорошая</title></head><body><main><h1>Хорошая</h1><a href="/bad">дальше</a></main></body></html>';
// An image with no text alternative: axe's rule image-alt.
const bad = '<!doctype html><html lang="ru"><head><title>Плохая</title></head><body><main><h1>Плохая</h1><img src="/x.png"></main></body></html>';

let server: Server;
let base: string;
let browser: Browser;
beforeAll(async () => {
  server = createServer((req, res) => {
    if (req.url === '/json') return res.writeHead(200, { 'content-type': 'application/json' }).end('{"a":1}');
    if (req.url === '/x.png') return res.writeHead(404).end();
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(req.url === '/bad' ? bad : good);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await new Promise((r) => server?.close(r));
});

describe('every page a browser test visits is checked with axe-core', () => {
  it('records a violation with its rule, help and page; JSON is no page', async () => {
    const context = await browser.newContext({ baseURL: base });
    const page = await context.newPage();
    await page.goto('/good');
    await page.getByRole('link', { name: 'дальше' }).click();
    await page.waitForURL('**/bad');
    await pageChecked(page);
    await page.goto('/json');
    await context.close();
    const failure = await expectNoViolationsFound().then(() => null, (e: Error) => e.message);
    expect(failure).toContain(`image-alt`);
    expect(failure).toContain(`${base}/bad`);
    expect(failure).toMatch(/Images must have alternative text/);
    expect(failure).not.toContain(`${base}/good`);
    expect(failure).not.toContain(`${base}/json`);
    // Reported once, then cleared.
    expect(failure?.match(/image-alt/g)).toHaveLength(1);
    await expect(expectNoViolationsFound()).resolves.toBeUndefined();
  });

  it('does not check pages of another origin than the context’s', async () => {
    const page = await browser.newPage({ baseURL: 'http://127.0.0.1:1' });
    await page.goto(`${base}/bad`);
    await page.close();
    await expect(expectNoViolationsFound()).resolves.toBeUndefined();
  });
});
