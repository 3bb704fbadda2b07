import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { BrowserContext, Page } from 'playwright-core';
import { expect } from 'vitest';

/**
 * axe-core (the npm package) run inside a real page: WCAG 2.0/2.1 A and AA. Injected with
 * page.evaluate — the DevTools protocol, which the pages' Content-Security-Policy does not
 * govern — so the pages keep their CSP exactly as served.
 */
const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  targets: string[];
}

/** axe refuses a second run on a page while one is going («Axe is already running»): one at a time per page. */
const lastRun = new WeakMap<Page, Promise<unknown>>();
function oneAtATime<T>(page: Page, run: () => Promise<T>): Promise<T> {
  const next = (lastRun.get(page) ?? Promise.resolve()).then(run);
  lastRun.set(page, next.catch(() => undefined));
  return next;
}

async function runAxe(page: Page): Promise<AxeViolation[]> {
  const run = () =>
    page.evaluate(async () => {
      const axe = (window as unknown as { axe?: { run: (ctx: unknown, opts: unknown) => Promise<{ violations: any[] }> } }).axe;
      if (!axe) return null;
      const result = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
      return result.violations.map((v) => ({ id: v.id, impact: v.impact ?? null, help: v.help, targets: v.nodes.map((n: { target: string[] }) => n.target.join(' ')) }));
    });
  const found = await run();
  if (found) return found;
  await page.evaluate(`${axeSource}\n;void 0`);
  const again = await run();
  if (!again) throw new Error('axe-core did not load in the page');
  return again;
}

export function axeViolations(page: Page): Promise<AxeViolation[]> {
  return oneAtATime(page, () => runAxe(page));
}

/** Fails with each violation's rule, help text and where it is. */
export async function expectAccessible(page: Page, where = page.url()): Promise<void> {
  const violations = await axeViolations(page);
  expect(violations, `axe-core violations on ${where}`).toEqual([]);
}

/**
 * Every page the browser tests visit is checked, without the tests asking: launchBrowser
 * (test/support/browser.ts) hands every new context to checkEveryPage, each HTML page a
 * context loads in a tab is run through axe once loaded, and the hooks of
 * test/support/accessibility-hooks.ts (a vitest setup file) fail the test that visited it.
 * The state lives on globalThis so that the setup file and the test file share it whatever
 * their module instances.
 */
interface Findings {
  /** Keyed by URL, rule and elements: a page loaded twice in the same state counts once. */
  violations: Map<string, AxeViolation & { url: string }>;
  /** Checks under way: the hooks wait for them. */
  running: Set<Promise<void>>;
  /** Pages checked, and pages left (closed or navigated on) before their check ended: printed per file. */
  checked: number;
  skipped: string[];
  /** The check of each page's last load. */
  byPage: WeakMap<Page, Promise<void>>;
}
const KEY = Symbol.for('roadmaps.accessibility.findings');
const findings: Findings = ((globalThis as Record<symbol, Findings>)[KEY] ??= { violations: new Map(), running: new Set(), byPage: new WeakMap(), checked: 0, skipped: [] });

/** The page went away under the check (closed, or navigated on): nothing to report for it. */
const GONE = /closed|Execution context was destroyed|navigat|Cannot find context|Frame was detached|Target crashed/i;

const SKIPPED: AxeViolation[] = [];
const NOT_HTML: AxeViolation[] = [];

async function checkLoaded(page: Page, origin: string | undefined): Promise<void> {
  const url = page.url();
  if (!/^https?:/.test(url)) return;
  // Only our own pages: the test OIDC provider's sign-in pages (test/web/single-sign-on.test.ts) are not ours to fix.
  if (origin && new URL(url).origin !== origin) return;
  try {
    const violations = await oneAtATime(page, async () => {
      if (page.isClosed() || page.url() !== url) return SKIPPED;
      // Chromium shows JSON, text and images in a document of their own: only HTML answers are pages.
      if ((await page.evaluate(() => document.contentType)) !== 'text/html') return NOT_HTML;
      return runAxe(page);
    });
    if (violations === NOT_HTML) return;
    if (violations !== SKIPPED) findings.checked++;
    else findings.skipped.push(url);
    if (violations === SKIPPED) return;
    for (const v of violations) findings.violations.set(`${url} ${v.id} ${v.targets.join(',')}`, { ...v, url });
  } catch (e) {
    if (page.isClosed() || page.url() !== url || GONE.test(String((e as Error)?.message ?? e))) return void findings.skipped.push(url);
    findings.violations.set(`${url} axe-error`, { id: 'axe-error', impact: null, help: `axe could not run: ${String(e)}`, targets: [], url });
  }
}

/**
 * Watches a context's tabs: each main-frame load of one of our HTML pages is checked. (Holding the
 * tab's next navigation until the check ends was tried: Playwright holds page.evaluate while a
 * navigation is pending, so the two wait for each other. A page left before its check ends is skipped.)
 */
export function checkEveryPage(context: BrowserContext, baseUrl: string | undefined): void {
  const origin = baseUrl ? new URL(baseUrl).origin : undefined;
  const watch = (page: Page) => {
    page.on('load', () => {
      const check = checkLoaded(page, origin);
      findings.byPage.set(page, check);
      findings.running.add(check);
      void check.finally(() => findings.running.delete(check));
    });
    // A goto leaves the page only once its check is done (waiting before the navigation starts,
    // unlike holding its request, cannot deadlock). Links and forms clicked at once can still outrun it.
    const goto = page.goto.bind(page);
    page.goto = async (...args) => {
      await findings.byPage.get(page);
      return goto(...args);
    };
  };
  context.pages().forEach(watch);
  context.on('page', watch);
}

/** The check of the page's last load, done (for a test that must not leave before it). */
export const pageChecked = async (page: Page): Promise<void> => {
  await findings.byPage.get(page);
};

/** Waits for the checks under way, then fails with every violation found since the last call. */
export async function expectNoViolationsFound(): Promise<void> {
  while (findings.running.size) await Promise.allSettled([...findings.running]);
  const found = [...findings.violations.values()];
  findings.violations.clear();
  if (found.length === 0) return;
  const lines = found.map((v) => `- ${v.id} (${v.impact ?? 'no impact'}): ${v.help} — ${v.url}${v.targets.length ? ` at ${v.targets.join(', ')}` : ''}`);
  throw new Error(`axe-core (WCAG 2 A, AA) found ${found.length} violation(s) on the pages this test visited:\n${lines.join('\n')}`);
}

/** One line per test file: how many pages were checked, and which were left before their check ended. */
export function checkedPagesSummary(): string | null {
  const { checked, skipped } = findings;
  findings.checked = 0;
  findings.skipped = [];
  if (!checked && !skipped.length) return null;
  return `axe-core: ${checked} page load(s) checked${skipped.length ? `; ${skipped.length} left before their check ended: ${[...new Set(skipped.map((u) => new URL(u).pathname))].join(', ')}` : ''}`;
}
