// Preloaded (`node --import`) into `roster` children of the race tests, so that they
// start their work at the same instant: it loads the CLI bundle first (module loading
// is most of a child's start-up), says "ready" on the channel the parent gave it as
// file descriptor ROSTER_TEST_BARRIER_FD, then blocks reading that channel until the
// parent closes it, which it does once every child is ready; all of them wake within
// a millisecond or so. Both sides wait for the other's message, never for a time, so a
// loaded machine only makes it slower.
//
//   ROSTER_TEST_BARRIER_FD=3 node --import ./start-barrier.mjs bin/roster.mjs ...   (fd 3: a pipe)

import { closeSync, readSync, writeSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';

const channel = process.env['ROSTER_TEST_BARRIER_FD'];
if (channel) {
  const fd = Number(channel);
  await import(pathToFileURL(fileURLToPath(new URL('../../dist/cli/roster.mjs', import.meta.url))).href);
  writeSync(fd, 'ready\n');
  const byte = Buffer.alloc(1);
  const pause = new Int32Array(new SharedArrayBuffer(4));
  for (;;) {
    try {
      if (readSync(fd, byte, 0, 1, null) === 0) break; // closed: go
    } catch (error) {
      // A channel handed over in non-blocking mode: nothing to read yet.
      if (error.code !== 'EAGAIN') throw error;
      Atomics.wait(pause, 0, 0, 1);
    }
  }
  closeSync(fd);
}
