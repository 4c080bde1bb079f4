// Where the CLI's output goes. Commands never touch process.stdout directly, so tests
// can run them in-process and capture what they print.

import { inspect } from 'node:util';

export interface CliIo {
  /** Results: tables, JSON, confirmations. */
  out(text: string): void;
  /** Errors and progress. */
  err(text: string): void;
  /** True when stderr is a terminal: progress is drawn in place only then. */
  readonly interactive: boolean;
  /** Environment variables (ROSTER_DATA_DIR and friends). */
  readonly env: Readonly<Record<string, string | undefined>>;
}

export function processIo(): CliIo {
  // `roster people list | head` closes the pipe early; that is not an error.
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
      throw error;
    });
  }
  return {
    out: (text) => void process.stdout.write(text),
    err: (text) => void process.stderr.write(text),
    interactive: process.stderr.isTTY === true,
    env: process.env,
  };
}

export type CliLog = (level: 'info' | 'warn' | 'error', message: string, details?: unknown) => void;

/**
 * What a command does with the core's log (a command keeps no log file). A warning,
 * such as a repair of what another program damaged, is one short line on stderr, so
 * that no repair is silent; info lines and the details of errors only with
 * ROSTER_DEBUG (an error reaches the person as the command's own one-line error).
 */
export function cliLog(io: CliIo): CliLog {
  return (level, message, details) => {
    const debug = Boolean(io.env['ROSTER_DEBUG']);
    if (level !== 'warn' && !debug) return;
    // On a terminal a progress line may be drawn: clear it first.
    const clear = io.interactive ? '\r\x1b[2K' : '';
    io.err(`${clear}${level === 'warn' ? 'note' : level}: ${message.replace(/\s*[\r\n]+\s*/g, ' ').trim()}\n`);
    if (debug && details !== undefined) io.err(`${inspect(details, { depth: 6 })}\n`);
  };
}

/** Draws `label done/total (pct%)` in place on a terminal, at most ten times a second. */
export class Progress {
  readonly #io: CliIo;
  readonly #label: string;
  /** Also print progress as plain lines when not on a terminal (--progress). */
  readonly #lines: boolean;
  #lastDraw = 0;
  #drawn = false;

  constructor(io: CliIo, label: string, options: { force?: boolean } = {}) {
    this.#io = io;
    this.#label = label;
    this.#lines = !io.interactive && options.force === true;
  }

  get enabled(): boolean {
    return this.#io.interactive || this.#lines;
  }

  update(done: number, total: number): void {
    if (!this.enabled) return;
    const now = Date.now();
    if (this.#io.interactive && done < total && now - this.#lastDraw < 100) return;
    this.#lastDraw = now;
    const percent = total === 0 ? 100 : Math.floor((done / total) * 100);
    const text = `${this.#label} ${done.toLocaleString('en-US')}/${total.toLocaleString('en-US')} (${percent}%)`;
    if (this.#io.interactive) {
      this.#io.err(`\r\x1b[2K${text}`);
      this.#drawn = true;
    } else {
      this.#io.err(`${text}\n`);
    }
  }

  /** Clears the progress line so the result prints on a clean line. */
  finish(): void {
    if (this.#drawn) this.#io.err('\r\x1b[2K');
    this.#drawn = false;
  }
}
