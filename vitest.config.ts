import { defineConfig } from 'vitest/config';

// Node tests (core, IPC, CLI, migrations) and browser tests (real Chromium through
// playwright-core) run in one vitest invocation so the summary covers everything.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    environment: 'node',
    // Builds dist/cli/roster.mjs (the cli entry only) when it is missing or stale.
    globalSetup: ['./test/support/build-cli.ts'],
    pool: 'forks',
    testTimeout: 60_000,
    hookTimeout: 120_000,
    reporters: ['default', './test/support/summary-reporter.ts'],
  },
});
