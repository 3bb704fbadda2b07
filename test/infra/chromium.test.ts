/** The browser check of the global setup (test/support/chromium.ts): a missing Chromium is named with its fix. */
import { describe, expect, it } from 'vitest';
import { ensureChromium, FIX_COMMAND } from '../support/chromium.js';

describe('ensureChromium', () => {
  it('honours CHROMIUM_PATH', () => {
    expect(ensureChromium(() => {}, { CHROMIUM_PATH: process.execPath })).toBe(process.execPath);
  });

  it('refuses a CHROMIUM_PATH that is not there, naming the command that fixes it', () => {
    expect(() => ensureChromium(() => {}, { CHROMIUM_PATH: '/nonexistent/chromium' })).toThrow(
      `CHROMIUM_PATH=/nonexistent/chromium is not an executable file. Fix: point it at a Chromium binary, or unset it and run: ${FIX_COMMAND}`,
    );
  });
});
