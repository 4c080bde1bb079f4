// Preloaded (`node --import`) into `roster` children of the race tests, so that they
// start their work at the same instant: it loads the CLI bundle first (module loading
// is most of a child's start-up), says it is ready by creating `<barrier>.ready-<pid>`,
// then blocks until the barrier file itself appears. The parent creates it once every
// child is ready; all of them wake within a millisecond or so.
//
//   ROSTER_TEST_BARRIER=/tmp/x/go node --import ./start-barrier.mjs bin/roster.mjs ...

import { existsSync, writeFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';

const barrier = process.env['ROSTER_TEST_BARRIER'];
if (barrier) {
  await import(pathToFileURL(fileURLToPath(new URL('../../dist/cli/roster.mjs', import.meta.url))).href);
  writeFileSync(`${barrier}.ready-${process.pid}`, '');
  const sleeper = new Int32Array(new SharedArrayBuffer(4));
  for (let waited = 0; !existsSync(barrier) && waited < 30_000; waited += 1) Atomics.wait(sleeper, 0, 0, 1);
}
