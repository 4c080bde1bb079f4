// Time limits for test files that are simply heavy: many `roster` processes (each
// costs about a third of a second of CPU just to start), a real browser, files of
// hundreds of thousands of rows. They must pass on the slowest machine the suite runs
// on, 2 cores at load 15, where a process gets about a tenth of a core and a test
// takes several times as long as on an idle machine (one CLI test of 12 s idle took
// 66 s there, past the suite's default of 60 s). The tests wait for events: a
// process's exit or its output, a page reaching a state. These limits only end a run
// that hangs, so they are generous, and the assertions are the same as anywhere.

import { vi } from 'vitest';

/** One test of a heavy file; an idle machine needs under 30 s for any of them. */
export const HEAVY_TEST_TIMEOUT_MS = 300_000;
/** beforeAll/afterAll of a heavy file (building a 100,000-person workspace, starting Chromium). */
export const HEAVY_HOOK_TIMEOUT_MS = 300_000;
/** One expect.poll: a page reaching the state a test waits for, however slowly it gets there. */
export const PAGE_STATE_TIMEOUT_MS = 120_000;

/** Call at the top of a heavy test file, before its tests: applies to that file only. */
export function heavyTestFile(): void {
  vi.setConfig({
    testTimeout: HEAVY_TEST_TIMEOUT_MS,
    hookTimeout: HEAVY_HOOK_TIMEOUT_MS,
    expect: { poll: { timeout: PAGE_STATE_TIMEOUT_MS } },
  });
}
