// The main process's log: <data folder>/logs/main.log, one line per event with an ISO
// time, the level, the message and, for errors, the stack. This is where the details
// the renderer is never shown (paths, stacks) end up, so a person can send it along
// with a bug report.
//
// Writes never block the main thread (issue 12): a line is queued, and queued lines are
// appended together by one asynchronous write at a time. A burst (a renderer stuck in
// an error loop, already rate-limited upstream) is capped at MAX_QUEUED_BYTES; what
// is dropped is counted in the log. `flushSync()` writes what is queued before the
// process ends on purpose (a failed start, quitting), so the last lines are not lost.
//
// When the file passes MAX_LOG_BYTES it is renamed to main.1.log (replacing the
// previous one), so the logs never hold more than about twice that.
//
// Logs name workspaces and their paths, so the folder is owner-only (0700) and the
// files too (0600); a log an older Roster left readable by others is tightened the
// first time this logger writes.

import { appendFileSync, chmodSync, renameSync, statSync } from 'node:fs';
import { appendFile, chmod, rename, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { ensurePrivateDir, PRIVATE_FILE_MODE } from '../paths/data-folder.js';
import type { Logger } from '../ipc/ports.js';

export const MAX_LOG_BYTES = 1024 * 1024;
export const MAX_QUEUED_BYTES = 256 * 1024;
export const LOG_FILE = 'main.log';
export const PREVIOUS_LOG_FILE = 'main.1.log';

export interface FileLogger extends Logger {
  /** Settles when every line logged so far is in the file (or could not be written). */
  flush(): Promise<void>;
  /** Writes the queued lines now, synchronously: for the last moments of the process. */
  flushSync(): void;
}

function describe(details: unknown): string {
  if (details === undefined) return '';
  if (details instanceof Error) return ` ${details.stack ?? `${details.name}: ${details.message}`}`;
  return ` ${inspect(details, { depth: 4, breakLength: Infinity })}`;
}

function isLoose(mode: number): boolean {
  return process.platform !== 'win32' && (mode & 0o077) !== 0;
}

export function fileLogger(logsDir: string, options: { maxBytes?: number; echo?: Logger } = {}): FileLogger {
  const file = join(logsDir, LOG_FILE);
  const maxBytes = options.maxBytes ?? MAX_LOG_BYTES;
  let queued: string[] = [];
  let queuedBytes = 0;
  let dropped = 0;
  /** The file's size as far as this logger knows; undefined until first looked at. */
  let size: number | undefined;
  let ready = false;
  let writing: Promise<void> | null = null;

  function take(): string {
    const lost = dropped > 0 ? `${new Date().toISOString()} WARN ${dropped} log lines were dropped (too many at once)\n` : '';
    const chunk = queued.join('') + lost;
    queued = [];
    queuedBytes = 0;
    dropped = 0;
    return chunk;
  }

  async function prepare(): Promise<void> {
    // Yields first, so the lines of one burst go out in one write.
    await Promise.resolve();
    if (ready) return;
    // Creating the private folder is a couple of syscalls once per run.
    ensurePrivateDir(logsDir);
    for (const name of [LOG_FILE, PREVIOUS_LOG_FILE]) {
      const path = join(logsDir, name);
      const found = await stat(path).catch(() => null);
      if (found && isLoose(found.mode)) await chmod(path, PRIVATE_FILE_MODE).catch(() => undefined);
    }
    ready = true;
  }

  async function writeQueued(): Promise<void> {
    while (queued.length > 0 || dropped > 0) {
      try {
        await prepare();
        size ??= (await stat(file).catch(() => null))?.size ?? 0;
        if (size >= maxBytes) {
          await rename(file, join(logsDir, PREVIOUS_LOG_FILE)).catch(() => undefined);
          size = 0;
        }
        // Taken only now, so lines stay queued (and flushSync can still write them)
        // until the moment they are handed to the file.
        const chunk = take();
        if (chunk === '') continue;
        await appendFile(file, chunk, { mode: PRIVATE_FILE_MODE });
        size += Buffer.byteLength(chunk);
      } catch {
        // A log that cannot be written must never take the app down with it: what
        // could not be written is given up, not retried forever.
        take();
        size = undefined;
      }
    }
  }

  function startWriting(): void {
    if (writing) return;
    writing = writeQueued().finally(() => {
      writing = null;
    });
  }

  const log: Logger = (level, message, details) => {
    options.echo?.(level, message, details);
    const line = `${new Date().toISOString()} ${level.toUpperCase()} ${message}${describe(details)}\n`;
    if (queuedBytes + line.length > MAX_QUEUED_BYTES) {
      dropped++;
    } else {
      queued.push(line);
      queuedBytes += line.length;
    }
    startWriting();
  };

  return Object.assign(log, {
    async flush(): Promise<void> {
      while (writing) await writing;
    },
    flushSync(): void {
      const chunk = take();
      if (chunk === '') return;
      try {
        if (!ready) {
          ensurePrivateDir(logsDir);
          ready = true;
        }
        try {
          if (statSync(file).size >= maxBytes) renameSync(file, join(logsDir, PREVIOUS_LOG_FILE));
        } catch {
          // No log yet.
        }
        appendFileSync(file, chunk, { mode: PRIVATE_FILE_MODE });
        if (isLoose(statSync(file).mode)) chmodSync(file, PRIVATE_FILE_MODE);
        size = undefined;
      } catch {
        // As above: never fatal.
      }
    },
  });
}
