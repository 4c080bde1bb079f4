// Where Roster notes the exports it is writing, so that any later start of Roster (the
// app or a `roster` command) removes what an export that was killed left: its hidden,
// owner-only temp file of names beside the target (export-file.ts). Without the note,
// only the next export into that same folder would find it.
//
// The ledger is a private folder in Roster's data folder (<data folder>/exports). Each
// running export writes one small entry there before it creates its temp file and
// removes it when done, whatever the outcome. An entry is named after the writing
// process and this computer, and holds the temp file's path. At start, an entry whose
// process no longer runs (on this computer) is settled: its temp file is removed if it
// is still there, is a regular file owned by this user, and is named the way that
// process named its temp files; then the entry goes. An entry of a live process (an
// export running in another window or command right now) is never touched.

import { createHash, randomBytes } from 'node:crypto';
import { lstatSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { basename, join } from 'node:path';
import { ensurePrivateDir, PRIVATE_FILE_MODE } from '../../../kernel/node/paths/data-folder.js';

/** A short tag for this computer, so a folder shared by two computers is cleaned only of our own files. */
export const HOST_TAG = createHash('sha256').update(hostname()).digest('hex').slice(0, 8);

/** `.<file>.roster-export-<pid>-<host>-<random>.tmp`: an export's temp file (export-file.ts). */
export const TEMP_PATTERN = /^\..+\.roster-export-(\d+)-([0-9a-f]{8})-[0-9a-f]+\.tmp$/;

const ENTRY_PATTERN = /^(\d+)-([0-9a-f]{8})-[0-9a-f]+\.json$/;

/** The ledger folder inside Roster's data folder. */
export function exportLedgerDir(dataRoot: string): string {
  return join(dataRoot, 'exports');
}

export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Notes that this process is about to write `temp`; returns the entry to forget afterwards. */
export function noteExport(ledger: string, temp: string): string {
  ensurePrivateDir(ledger);
  const entry = join(ledger, `${process.pid}-${HOST_TAG}-${randomBytes(6).toString('hex')}.json`);
  writeFileSync(entry, JSON.stringify({ temp }), { mode: PRIVATE_FILE_MODE, flag: 'wx' });
  return entry;
}

export function forgetExport(entry: string | null): void {
  if (entry) rmSync(entry, { force: true });
}

function ownRegularFile(path: string): boolean {
  try {
    const stats = lstatSync(path);
    return stats.isFile() && (process.getuid === undefined || stats.uid === process.getuid());
  } catch {
    return false;
  }
}

function tempOf(entry: string): string | null {
  try {
    const { temp } = JSON.parse(readFileSync(entry, 'utf8')) as { temp?: unknown };
    return typeof temp === 'string' ? temp : null;
  } catch {
    return null;
  }
}

/** Settles the entries of exports whose process is gone; returns how many temp files were removed. Never throws. */
export function removeKilledExports(ledger: string): number {
  let names: string[];
  try {
    names = readdirSync(ledger);
  } catch {
    return 0;
  }
  let removed = 0;
  for (const name of names) {
    const match = ENTRY_PATTERN.exec(name);
    if (!match || match[2] !== HOST_TAG) continue;
    const pid = Number(match[1]);
    if (pid === process.pid || processAlive(pid)) continue;
    const entry = join(ledger, name);
    const temp = tempOf(entry);
    const named = temp === null ? null : TEMP_PATTERN.exec(basename(temp));
    // Only the temp file that very process named, and only a plain file of ours.
    if (temp !== null && named && Number(named[1]) === pid && named[2] === HOST_TAG && ownRegularFile(temp)) {
      try {
        rmSync(temp, { force: true });
        removed++;
      } catch {
        continue; // not removable now: keep the entry, and try again next start
      }
    }
    rmSync(entry, { force: true });
  }
  return removed;
}
