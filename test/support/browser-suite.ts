import type { Browser } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { startHarness, type Harness, type HarnessOptions } from './harness.js';
import { launchBrowser } from './browser.js';

/**
 * A browser test file's set-up: the harness (worker, API, database) and Chromium
 * started side by side before the file, closed after it. `ready` hands both to the file.
 */
export function browserSuite(ready: (h: Harness, browser: Browser) => void, opts: HarnessOptions = {}): void {
  let h: Harness | undefined;
  let browser: Browser | undefined;
  beforeAll(async () => {
    [h, browser] = await Promise.all([startHarness(opts), launchBrowser()]);
    ready(h, browser);
  });
  afterAll(async () => {
    await browser?.close();
    await h?.close();
  });
}
