// The main process's log: <data folder>/logs/main.log, one line per event with an ISO
// time, the level, the message and, for errors, the stack. This is where the details
// the renderer is never shown (paths, stacks) end up, so a person can send it along
// with a bug report.
//
// Writes never block the main thread (every window would stall while a line is
// written): a line is queued, and queued lines are appended together by one
// asynchronous write at a time. A burst (a renderer stuck in an error loop, already
// rate-limited upstream) is capped at MAX_QUEUED_BYTES; what is dropped is counted in
// the log. `flushSync()` writes what is queued before the process ends on purpose (a
// failed start, quitting), so the last lines are not lost.
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

const MAX_LOG_BYTES = 1024 * 1024;
const MAX_QUEUED_BYTES = 256 * 1024;
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
  if (details instanceof Error) return ` ${withCauses(details)}`;
  return ` ${inspect(details, { depth: 4, breakLength: Infinity })}`;
}

/** How many causes deep the log follows an error: the INTERNAL wrapper's cause is the real failure. */
const MAX_CAUSES = 5;

/** An error's stack, then each cause's (with an errno code and path when it has them), so the log shows what really failed. */
function withCauses(error: Error): string {
  const parts: string[] = [];
  let current: unknown = error;
  for (let depth = 0; current !== undefined && current !== null && depth <= MAX_CAUSES; depth++) {
    const text =
      current instanceof Error
        ? (current.stack ?? `${current.name}: ${current.message}`)
        : inspect(current, { depth: 2, breakLength: Infinity });
    const { code, path } = current as { code?: unknown; path?: unknown };
    const extra = [typeof code === 'string' ? `code ${code}` : '', typeof path === 'string' ? `path ${path}` : '']
      .filter(Boolean)
      .join(', ');
    parts.push(`${depth === 0 ? '' : 'Caused by: '}${text}${extra ? ` (${extra})` : ''}`);
    current = current instanceof Error ? current.cause : undefined;
  }
  return parts.join('\n');
}

function isLoose(mode: number): boolean {
  return process.platform !== 'win32' && (mode & 0o077) !== 0;
}

/** The lines waiting for the file, capped at MAX_QUEUED_BYTES; what did not fit is counted. */
class LineQueue {
  #lines: string[] = [];
  #bytes = 0;
  #dropped = 0;

  get empty(): boolean {
    return this.#lines.length === 0 && this.#dropped === 0;
  }

  push(line: string): void {
    if (this.#bytes + line.length > MAX_QUEUED_BYTES) {
      this.#dropped++;
      return;
    }
    this.#lines.push(line);
    this.#bytes += line.length;
  }

  /** Everything queued, plus a line saying how many were dropped; empties the queue. */
  take(): string {
    const lost = this.#dropped > 0 ? `${new Date().toISOString()} WARN ${this.#dropped} log lines were dropped (too many at once)\n` : '';
    const chunk = this.#lines.join('') + lost;
    this.#lines = [];
    this.#bytes = 0;
    this.#dropped = 0;
    return chunk;
  }
}

/** main.log in `logsDir`: private, rotated past `maxBytes`, written one chunk at a time. */
class LogFile {
  readonly #dir: string;
  readonly #file: string;
  readonly #maxBytes: number;
  /** The file's size as far as this logger knows; undefined until first looked at. */
  #size: number | undefined;
  #ready = false;

  constructor(dir: string, maxBytes: number) {
    this.#dir = dir;
    this.#file = join(dir, LOG_FILE);
    this.#maxBytes = maxBytes;
  }

  async #prepare(): Promise<void> {
    // Yields first, so the lines of one burst go out in one write.
    await Promise.resolve();
    if (this.#ready) return;
    // Creating the private folder is a couple of syscalls once per run.
    ensurePrivateDir(this.#dir);
    for (const name of [LOG_FILE, PREVIOUS_LOG_FILE]) {
      const path = join(this.#dir, name);
      const found = await stat(path).catch(() => null);
      if (found && isLoose(found.mode)) await chmod(path, PRIVATE_FILE_MODE).catch(() => undefined);
    }
    this.#ready = true;
  }

  /** Appends what `queue` holds until it stays empty. Never throws. */
  async drain(queue: LineQueue): Promise<void> {
    while (!queue.empty) {
      try {
        await this.#prepare();
        this.#size ??= (await stat(this.#file).catch(() => null))?.size ?? 0;
        if (this.#size >= this.#maxBytes) {
          await rename(this.#file, join(this.#dir, PREVIOUS_LOG_FILE)).catch(() => undefined);
          this.#size = 0;
        }
        // Taken only now, so lines stay queued (and flushSync can still write them)
        // until the moment they are handed to the file.
        const chunk = queue.take();
        if (chunk === '') continue;
        await appendFile(this.#file, chunk, { mode: PRIVATE_FILE_MODE });
        this.#size += Buffer.byteLength(chunk);
      } catch {
        // A log that cannot be written must never take the app down with it: what
        // could not be written is given up, not retried forever.
        queue.take();
        this.#size = undefined;
      }
    }
  }

  /** Appends `chunk` now, synchronously. Never throws. */
  appendSync(chunk: string): void {
    try {
      if (!this.#ready) {
        ensurePrivateDir(this.#dir);
        this.#ready = true;
      }
      try {
        if (statSync(this.#file).size >= this.#maxBytes) renameSync(this.#file, join(this.#dir, PREVIOUS_LOG_FILE));
      } catch {
        // No log yet.
      }
      appendFileSync(this.#file, chunk, { mode: PRIVATE_FILE_MODE });
      if (isLoose(statSync(this.#file).mode)) chmodSync(this.#file, PRIVATE_FILE_MODE);
      this.#size = undefined;
    } catch {
      // As above: never fatal.
    }
  }
}

export function fileLogger(logsDir: string, options: { maxBytes?: number; echo?: Logger } = {}): FileLogger {
  const file = new LogFile(logsDir, options.maxBytes ?? MAX_LOG_BYTES);
  const queue = new LineQueue();
  let writing: Promise<void> | null = null;

  const log: Logger = (level, message, details) => {
    options.echo?.(level, message, details);
    queue.push(`${new Date().toISOString()} ${level.toUpperCase()} ${message}${describe(details)}\n`);
    writing ??= file.drain(queue).finally(() => {
      writing = null;
    });
  };

  return Object.assign(log, {
    async flush(): Promise<void> {
      while (writing) await writing;
    },
    flushSync(): void {
      const chunk = queue.take();
      if (chunk !== '') file.appendSync(chunk);
    },
  });
}
