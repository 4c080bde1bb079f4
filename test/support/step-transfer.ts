// Child process for the move fault tests: moves people between two workspace files with
// Roster's real transfer task, announcing every step on stdout, and stops dead at step N
// (blocking the thread, so the parent's SIGKILL lands exactly between two steps).
//
//   node --import tsx test/support/step-transfer.ts SOURCE TARGET STOP_AT
//
// Moves everyone. STOP_AT = -1 runs to the end and prints "done <steps>".

import { runTransfer } from '../../main/features/transfer/node/transfer-task.js';

const [source, target, stopAtText] = process.argv.slice(2);
if (!source || !target || stopAtText === undefined) throw new Error('usage: step-transfer SOURCE TARGET STOP_AT');
const stopAt = Number(stopAtText);
let step = 0;
const forever = new Int32Array(new SharedArrayBuffer(4));

await runTransfer(
  { source, target, mode: 'move', selection: { matching: '', except: [] } },
  { signal: new AbortController().signal, progress: () => undefined },
  {
    step: (label) => {
      step++;
      process.stdout.write(`step ${step} ${label}\n`);
      if (step === stopAt) {
        process.stdout.write('stopped\n');
        Atomics.wait(forever, 0, 0); // until killed
      }
    },
  },
);
process.stdout.write(`done ${step}\n`);
