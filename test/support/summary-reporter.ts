// Prints two plain closing lines after vitest's own summary:
//   runtime: Node v24.21.0 (linux x64)
//   tests: 212 passed, 0 failed, 3 skipped
// so that CI logs state the outcome, and the Node that ran it (the one Electron's main
// process embeds, not whatever the machine has), in a form any reader (or tool)
// understands, whatever vitest's coloured summary looks like. Failed modules (a file
// that did not load) count as failures.
import process from 'node:process';
import type { Reporter, TestModule } from 'vitest/node';

export default class SummaryReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>, unhandledErrors: ReadonlyArray<unknown>): void {
    let passed = 0;
    let failed = unhandledErrors.length;
    let skipped = 0;
    for (const module of testModules) {
      if (module.state() === 'failed' && [...module.children.allTests()].length === 0) failed++;
      for (const test of module.children.allTests()) {
        const state = test.result().state;
        if (state === 'passed') passed++;
        else if (state === 'failed') failed++;
        else skipped++;
      }
    }
    process.stdout.write(`\nruntime: Node ${process.version} (${process.platform} ${process.arch})\n`);
    process.stdout.write(`tests: ${passed} passed, ${failed} failed, ${skipped} skipped\n`);
  }
}
