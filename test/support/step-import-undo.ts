// Child process for the import-undo fault test: undoes an import with Roster's real
// import-undo task in small slices, announcing every slice on stdout, and stops dead
// after slice N (blocking the thread, so the parent's SIGKILL lands between two slices).
//
//   node --import tsx test/support/step-import-undo.ts INPUT_JSON STOP_AFTER
//
// INPUT_JSON is the task's input (ImportUndoInput). STOP_AFTER = -1 runs to the end.

import { importUndoTask, type ImportUndoInput } from '../../main/features/history/node/import-undo-task.js';

const [inputText, stopText] = process.argv.slice(2);
if (!inputText || stopText === undefined) throw new Error('usage: step-import-undo INPUT_JSON STOP_AFTER');
const input = JSON.parse(inputText) as ImportUndoInput;
const stopAfter = Number(stopText);
let slices = 0;
const forever = new Int32Array(new SharedArrayBuffer(4));

await importUndoTask.handler(input, {
  signal: new AbortController().signal,
  progress: (progress) => {
    if (progress.done === 0) return; // the copy, before any slice
    slices++;
    process.stdout.write(`slice ${slices} ${progress.done}/${progress.total}\n`);
    if (slices === stopAfter) {
      process.stdout.write('stopped\n');
      Atomics.wait(forever, 0, 0); // until killed
    }
  },
});
process.stdout.write(`done ${slices}\n`);
