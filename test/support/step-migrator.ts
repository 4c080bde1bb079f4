// Child process for the upgrade fault tests: prepares (recovers, upgrades) one workspace
// file with Roster's real code, announcing every step and progress stage on stdout, and
//   - stops dead at step N (blocking the thread, so the parent's SIGKILL lands exactly
//     between two steps), or
//   - pauses at a step or stage until a "go" file appears (so the parent can run another
//     process in between, deterministically).
//
//   node --import tsx test/support/step-migrator.ts FILE MIGRATIONS_DIR BACKUP_DIR STOP_AT [PAUSE_AT GO_FILE]
//
// STOP_AT = -1 runs to the end and prints "done <steps>" and "result <json>"; a refusal
// prints "error <json>" ({code, message}) and exits with status 3. PAUSE_AT is a step
// label prefix ("recovery: locked") or a progress stage ("stage:restoring"). Waiting for
// another process's lock prints "waiting <json>" ({waitedMs, holder}) after each try.

import { existsSync } from 'node:fs';
import { isRosterError } from '../../main/kernel/common/errors.js';
import { prepareWorkspace } from '../../main/features/workspace/node/prepare.js';

const [path, migrationsDir, backupDir, stopAtText, pauseAt, goFile] = process.argv.slice(2);
if (!path || !migrationsDir || !backupDir || stopAtText === undefined)
  throw new Error('usage: step-migrator FILE MIGRATIONS BACKUPS STOP_AT [PAUSE_AT GO_FILE]');
const stopAt = Number(stopAtText);
let step = 0;
const sleeper = new Int32Array(new SharedArrayBuffer(4));

function maybePause(label: string): void {
  if (pauseAt === undefined || goFile === undefined || !label.startsWith(pauseAt)) return;
  process.stdout.write('paused\n');
  // Blocks the thread, as a long statement would (or a process descheduled at this
  // instant); at most a few minutes, so a test that never says go still ends.
  for (let waited = 0; !existsSync(goFile) && waited < 300_000; waited += 10) Atomics.wait(sleeper, 0, 0, 10);
  process.stdout.write('resumed\n');
}

const preparing = prepareWorkspace(
  { path, migrationsDir, backupDir, checkIntegrity: false },
  (progress) => {
    if (progress.stage === 'waiting') {
      process.stdout.write(`waiting ${JSON.stringify({ waitedMs: progress.waitedMs, holder: progress.holder })}\n`);
      return;
    }
    process.stdout.write(`stage ${progress.stage}\n`);
    maybePause(`stage:${progress.stage}`);
  },
  (label) => {
    step++;
    process.stdout.write(`step ${step} ${label}\n`);
    if (step === stopAt) {
      process.stdout.write('stopped\n');
      Atomics.wait(sleeper, 0, 0); // until killed
    }
    maybePause(label);
  },
);
const result = await preparing.catch((error: unknown) => {
  if (!isRosterError(error)) throw error;
  process.stdout.write(`error ${JSON.stringify({ code: error.code, message: error.message })}\n`);
  process.exit(3);
});
process.stdout.write(`done ${step}\n`);
process.stdout.write(`result ${JSON.stringify({ applied: result.applied, recoveredFrom: result.recoveredFrom })}\n`);
