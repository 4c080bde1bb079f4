// Where the CLI's output goes. Commands never touch process.stdout directly, so tests
// can run them in-process and capture what they print.
//
// Results (tables, JSON, exported rows) go to standard output and nothing else does,
// so `roster ... > file` or `| jq` gets data only. Messages ("Added 2 people."),
// progress, warnings and errors go to standard error. -q/--quiet drops the messages
// and progress; warnings and errors always print. Under --json, standard error carries
// JSON Lines too (`{"note": ...}`, `{"progress": ...}`, `{"error": ...}`), so a
// script can read both streams as JSON.

import { inspect } from 'node:util';
import { plainQuotes } from './format.js';

export interface CliIo {
  /** Results: tables, JSON, exported rows. */
  out(text: string): void;
  /** Messages, progress, warnings and errors. */
  err(text: string): void;
  /** True when stderr is a terminal: progress is drawn in place only then. */
  readonly interactive: boolean;
  /** Environment variables (ROSTER_DATA_DIR and friends). */
  readonly env: Readonly<Record<string, string | undefined>>;
}

export interface OutputMode {
  readonly json: boolean;
  readonly quiet: boolean;
}

/**
 * --json and -q/--quiet as given anywhere before `--`. Read before the arguments are
 * parsed, so that even a usage error is reported the way the caller asked.
 */
export function outputModeOf(argv: readonly string[]): OutputMode {
  const end = argv.indexOf('--');
  const flags = end === -1 ? argv : argv.slice(0, end);
  return { json: flags.includes('--json'), quiet: flags.some((arg) => arg === '--quiet' || /^-[a-zA-Z]*q[a-zA-Z]*$/.test(arg)) };
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

/** Text on one line: line breaks (and the blanks around them) become one space. */
export function oneLine(text: string): string {
  return text.replace(/\s*[\r\n]+\s*/g, ' ').trim();
}

/** One JSON Lines record on stderr: `{"note": {"message": ...}}` and the like. */
export function jsonLine(kind: string, value: unknown): string {
  return `${JSON.stringify({ [kind]: value })}\n`;
}

export type CliLog = (level: 'info' | 'warn' | 'error', message: string, details?: unknown) => void;

/**
 * What a command does with the core's log (a command keeps no log file). A warning,
 * such as a repair of what another program damaged, is one short line on stderr, so
 * that no repair is silent, not even under --quiet; info lines and the details of
 * errors only with ROSTER_DEBUG (an error reaches the person as the command's own
 * one-line error).
 */
export function cliLog(io: CliIo, mode: OutputMode = { json: false, quiet: false }): CliLog {
  return (level, message, details) => {
    const debug = Boolean(io.env['ROSTER_DEBUG']);
    if (level !== 'warn' && !debug) return;
    const kind = level === 'warn' ? 'note' : level;
    const text = plainQuotes(oneLine(message));
    if (mode.json) {
      io.err(jsonLine(kind, { message: text }));
    } else {
      // On a terminal a progress line may be drawn: clear it first.
      const clear = io.interactive ? '\r\x1b[2K' : '';
      io.err(`${clear}${kind}: ${text}\n`);
    }
    if (debug && details !== undefined)
      io.err(mode.json ? jsonLine('debug', inspect(details, { depth: 6 })) : `${inspect(details, { depth: 6 })}\n`);
  };
}

/** A message for the person (stderr), unless --quiet or --json asked for none. */
export function say(io: CliIo, mode: OutputMode, text: string): void {
  if (!mode.quiet && !mode.json) io.err(text);
}

/**
 * Draws `label done/total (pct%)` in place on a terminal, at most ten times a second.
 * --progress prints it as lines elsewhere (JSON Lines under --json); --quiet silences
 * the terminal drawing, never an explicit --progress.
 */
export class Progress {
  readonly #io: CliIo;
  readonly #label: string;
  /** Print progress as lines (not drawn in place). */
  readonly #lines: boolean;
  readonly #drawing: boolean;
  readonly #json: boolean;
  #lastDraw = 0;
  #drawn = false;

  constructor(io: CliIo, label: string, options: { force?: boolean; quiet?: boolean; json?: boolean } = {}) {
    this.#io = io;
    this.#label = label;
    this.#json = options.json === true;
    this.#drawing = io.interactive && !this.#json && options.quiet !== true;
    this.#lines = !this.#drawing && options.force === true;
  }

  get enabled(): boolean {
    return this.#drawing || this.#lines;
  }

  update(done: number, total: number): void {
    if (!this.enabled) return;
    const now = Date.now();
    if (this.#drawing && done < total && now - this.#lastDraw < 100) return;
    this.#lastDraw = now;
    if (this.#json) {
      this.#io.err(jsonLine('progress', { task: this.#label, done, total }));
      return;
    }
    const percent = total === 0 ? 100 : Math.floor((done / total) * 100);
    const text = `${this.#label} ${done.toLocaleString('en-US')}/${total.toLocaleString('en-US')} (${percent}%)`;
    if (this.#drawing) {
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
