import { describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { Harness } from '../support/harness.js';
import { signIn } from '../support/browser.js';
import { expectAccessible, pageChecked } from '../support/accessibility.js';
import { browserSuite } from '../support/browser-suite.js';
import { fastWeek, monitoredRoadMap } from '../monitoring/monitoring-fixtures.js';

let h: Harness;
let browser: Browser;
browserSuite((harness, b) => {
  h = harness;
  browser = b;
});

const CSP_DIRECTIVES = [
  "default-src 'self'",
  "script-src 'self'",
  "img-src 'self' data:",
  "frame-ancestors 'none'",
  "form-action 'self'",
  "base-uri 'none'",
  "object-src 'none'",
];

/** The headers every answer carries, whatever its status or type. */
function expectSecurityHeaders(headers: Headers | Record<string, string>) {
  const get = (k: string) => (headers instanceof Headers ? headers.get(k) : headers[k]) ?? '';
  const csp = get('content-security-policy').split(';').map((d) => d.trim());
  for (const d of CSP_DIRECTIVES) expect(csp).toContain(d);
  // Scripts strictly from files: no inline, no eval.
  expect(csp.find((d) => d.startsWith('script-src'))).toBe("script-src 'self'");
  expect(get('x-content-type-options')).toBe('nosniff');
  expect(get('x-frame-options')).toBe('DENY');
  expect(get('referrer-policy')).toBe('no-referrer');
}

/** An inline script: a <script> without src, an on…= handler attribute, or a javascript: URL. */
function inlineScripts(html: string): string[] {
  return [
    ...(html.match(/<script\b(?![^>]*\ssrc=)[^>]*>/gi) ?? []),
    ...(html.match(/<[a-z][^>]*\son[a-z]+\s*=[^>]*>/gi) ?? []),
    ...(html.match(/<[^>]+=\s*["']?\s*javascript:[^>]*>/gi) ?? []),
  ];
}

describe('security headers on every answer', () => {
  it('API answers, errors (401, 404), static assets', async () => {
    const token = await h.login('coordinator');
    const ok = await h.call('GET', '/api/tasks', { token });
    expect(ok.status).toBe(200);
    expectSecurityHeaders(ok.headers);
    expect(ok.headers.get('cache-control')).toBe('no-store');

    const unauthenticated = await h.call('GET', '/api/tasks');
    expect(unauthenticated.status).toBe(401);
    expectSecurityHeaders(unauthenticated.headers);
    expect(unauthenticated.headers.get('cache-control')).toBe('no-store');

    const missing = await h.call('GET', '/no-such-address');
    expect(missing.status).toBe(404);
    expectSecurityHeaders(missing.headers);
    expect(missing.headers.get('cache-control')).toBe('no-store');

    const failedLogin = await h.call('POST', '/api/auth/login', { body: { login: 'coordinator', password: 'wrong' } });
    expect(failedLogin.status).toBeGreaterThanOrEqual(400);
    expectSecurityHeaders(failedLogin.headers);

    // Assets may be cached, and still carry the rest.
    for (const path of ['/assets/report-effectiveness.js', '/docs/assets/swagger-initializer.js']) {
      const r = await fetch(h.baseUrl + path);
      expect(r.status).toBe(200);
      expect(r.headers.get('content-type')).toMatch(/^text\/javascript/);
      expect(r.headers.get('cache-control')).toMatch(/^public, max-age=\d+$/);
      expectSecurityHeaders(r.headers);
    }
    // Only the named files are served.
    expect((await fetch(h.baseUrl + '/assets/..%2Fassets.ts')).status).toBe(404);
    expect((await fetch(h.baseUrl + '/assets/nothing.js')).status).toBe(404);
  });

  it('no served page has an inline script, every page carries the headers, and nothing breaks the CSP in Chromium', async () => {
    const { roadMapId, periodId } = await monitoredRoadMap(h, fastWeek({ dueAfter: 'PT90S', cutoffAfter: 'PT150S' }));
    const violations: string[] = [];
    const watch = (page: Page) =>
      page.on('console', (m) => {
        if (/Content Security Policy/i.test(m.text())) violations.push(`${page.url()}: ${m.text()}`);
      });

    const visit = async (page: Page, path: string, opts: { cacheable?: boolean } = {}) => {
      const res = await page.goto(path);
      expect(res?.status(), path).toBe(200);
      const headers = res!.headers();
      expectSecurityHeaders(headers);
      if (!opts.cacheable) expect(headers['cache-control'], path).toBe('no-store');
      expect(inlineScripts(await res!.text()), path).toEqual([]);
      await page.waitForLoadState('load');
      // Each page also passes the automatic axe-core check before the next replaces it.
      await pageChecked(page);
    };

    // The login page, before any session.
    const anonymous = await browser.newContext({ baseURL: h.baseUrl });
    const anonymousPage = await anonymous.newPage();
    watch(anonymousPage);
    await visit(anonymousPage, '/login');
    await visit(anonymousPage, '/login/forgot');
    // The API's docs: Swagger UI starts from its served files and renders the operations.
    await visit(anonymousPage, '/docs');
    await anonymousPage.locator('.opblock').first().waitFor();
    await expectAccessible(anonymousPage, '/docs, operations rendered');
    await anonymous.close();

    const coordinator = await signIn(browser, h.baseUrl, 'coordinator');
    watch(coordinator.page);
    await visit(coordinator.page, '/tasks');
    await visit(coordinator.page, `/roadmaps/${roadMapId}`);
    await visit(coordinator.page, `/roadmaps/${roadMapId}/dashboard`);
    await visit(coordinator.page, '/account');
    await coordinator.context.close();

    const smo = await signIn(browser, h.baseUrl, 'smo');
    watch(smo.page);
    await visit(smo.page, '/tasks');
    const executionId = await smo.page.locator('tr[data-execution]').first().getAttribute('data-execution');
    expect(executionId).toBeTruthy();
    await visit(smo.page, `/executions/${executionId}`);
    await visit(smo.page, `/monitoring/periods/${periodId}/report`);
    // The served script still runs under the CSP: the effectiveness follows the figures as typed.
    const row = smo.page.locator('fieldset.smo-row').first();
    await row.locator('[name$=".notified"]').fill('200');
    await row.locator('[name$=".completedCheckup"]').fill('80');
    await expect.poll(() => row.locator('.effectiveness').innerText()).toContain('40 %');
    await smo.context.close();

    expect(violations).toEqual([]);
  });
});
