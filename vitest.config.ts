import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // One Temporal dev server + one database for the run (see test/global-setup.ts).
    globalSetup: ['./test/global-setup.ts'],
    // Every page a browser test visits is checked with axe-core; a violation fails the test (docs/tests.md).
    setupFiles: ['./test/support/accessibility-hooks.ts'],
    testTimeout: 120_000,
    hookTimeout: 240_000,
    // 2 cores and one shared server: test files run one after another.
    fileParallelism: false,
    pool: 'forks',
    reporters: ['default'],
    // In-process APIs and workers log an access line per request: only warnings and errors in the test output.
    // Spawned workers and APIs serve no /metrics unless a test gives them a port: 9464 is shared on this machine.
    env: { LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn', METRICS_PORT: process.env.METRICS_PORT ?? 'off' },
  },
});
