import { afterAll, afterEach } from 'vitest';
import { checkedPagesSummary, expectNoViolationsFound } from './accessibility.js';

/**
 * A vitest setup file (vitest.config.ts): every test that visited a page with a violation fails
 * after it ends, naming the rule, its help and the page (test/support/accessibility.ts checks them).
 * The file's last hook catches a check that ended after the test's own hook.
 */
afterEach(expectNoViolationsFound);
afterAll(async () => {
  const summary = checkedPagesSummary();
  if (summary) console.info(summary);
  await expectNoViolationsFound();
});
