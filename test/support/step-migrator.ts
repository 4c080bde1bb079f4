// Child process for the upgrade fault tests: prepares (upgrades) one workspace file
// with Roster's real code, announcing every step on stdout, and stops dead at step N
// (blocking the thread, so the parent's SIGKILL lands exactly between two steps).
//
//   node --import tsx test/support/step-migrator.ts FILE MIGRATIONS_DIR BACKUP_DIR STOP_AT
//
// STOP_AT = -1 runs to the end and prints "done <steps>".

import { prepareWorkspace } from '../../main/node/workspace/prepare.js';

const [path, migrationsDir, backupDir, stopAtText] = process.argv.slice(2);
if (!path || !migrationsDir || !backupDir || stopAtText === undefined) throw new Error('usage: step-migrator FILE MIGRATIONS BACKUPS STOP_AT');
const stopAt = Number(stopAtText);
let step = 0;
const forever = new Int32Array(new SharedArrayBuffer(4));

await prepareWorkspace({ path, migrationsDir, backupDir, checkIntegrity: false }, () => undefined, (label) => {
  step++;
  process.stdout.write(`step ${step} ${label}\n`);
  if (step === stopAt) {
    process.stdout.write('stopped\n');
    Atomics.wait(forever, 0, 0); // until killed
  }
});
process.stdout.write(`done ${step}\n`);
