// The main process's log: <data folder>/logs/main.log, one line per event with an ISO
// time, the level, the message and, for errors, the stack. This is where the details
// the renderer is never shown (paths, stacks) end up, so a person can send it along
// with a bug report.
//
// Writes are synchronous appends: few, small, and they must survive a crash that
// follows them. When the file passes MAX_LOG_BYTES it is renamed to main.1.log
// (replacing the previous one), so the logs never hold more than about twice that.
//
// Logs name workspaces and their paths, so the folder is owner-only (0700) and the
// files too (0600); a log an older Roster left readable by others is tightened the
// first time this logger writes.

import { appendFileSync, chmodSync, renameSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { ensurePrivateDir, PRIVATE_FILE_MODE } from '../paths/data-folder.js';
import type { Logger } from './ports.js';

export const MAX_LOG_BYTES = 1024 * 1024;
export const LOG_FILE = 'main.log';
export const PREVIOUS_LOG_FILE = 'main.1.log';

function tightenIfLoose(file: string): void {
  if (process.platform === 'win32') return;
  try {
    if ((statSync(file).mode & 0o077) !== 0) chmodSync(file, PRIVATE_FILE_MODE);
  } catch {
    // No log yet, or not ours.
  }
}

function describe(details: unknown): string {
  if (details === undefined) return '';
  if (details instanceof Error) return ` ${details.stack ?? `${details.name}: ${details.message}`}`;
  return ` ${inspect(details, { depth: 4, breakLength: Infinity })}`;
}

export function fileLogger(logsDir: string, options: { maxBytes?: number; echo?: Logger } = {}): Logger {
  const file = join(logsDir, LOG_FILE);
  const maxBytes = options.maxBytes ?? MAX_LOG_BYTES;
  let ready = false;
  return (level, message, details) => {
    options.echo?.(level, message, details);
    try {
      if (!ready) {
        ensurePrivateDir(logsDir);
        for (const name of [LOG_FILE, PREVIOUS_LOG_FILE]) tightenIfLoose(join(logsDir, name));
        ready = true;
      }
      try {
        if (statSync(file).size >= maxBytes) renameSync(file, join(logsDir, PREVIOUS_LOG_FILE));
      } catch {
        // No log yet.
      }
      appendFileSync(file, `${new Date().toISOString()} ${level.toUpperCase()} ${message}${describe(details)}\n`, { mode: PRIVATE_FILE_MODE });
    } catch {
      // A log that cannot be written must never take the app down with it.
    }
  };
}
