// The `roster` command line. bin/roster.mjs loads the build of this module and calls
// run(); tests may call run() in-process with their own CliIo. Nothing runs at import.
//
// Exit statuses are in exit-status.ts. An error is one stderr line that starts with its
// code (`INVALID_NAME A name cannot be empty.`), or under --json one JSON line:
// {"error": {"code": "INVALID_NAME", "message": "A name cannot be empty."}}.

import { inspect } from 'node:util';
import { version as packageVersion } from '../../../../package.json';
import { INTERNAL_MESSAGE } from '../../../kernel/common/errors.js';
import type { RosterContext } from '../roster-context.js';
import { asRosterError } from '../../../kernel/node/sqlite/sqlite-errors.js';
import { parseArgs, usageError } from '../../../kernel/node/cli/args.js';
import { EXIT, exitStatusFor } from '../../../kernel/node/cli/exit-status.js';
import { plainQuotes } from '../../../kernel/node/cli/format.js';
import { commandHelp } from '../../../kernel/node/cli/help.js';
import { resetInterrupted, wasInterrupted } from '../../../kernel/node/cli/interrupt.js';
import { jsonLine, oneLine, outputModeOf, processIo, type CliIo, type OutputMode } from '../../../kernel/node/cli/io.js';

/** The version in package.json, bundled into the CLI at build time. */
export const ROSTER_VERSION: string = packageVersion;

const DEBUG_HINT = 'Run the command again with ROSTER_DEBUG=1 to see the details.';

/** Prints the error (one line, or one JSON line) and returns the exit status for it. */
function report(error: unknown, io: CliIo, mode: OutputMode): number {
  // Storage failures (disk full, busy, read-only...) get their codes; anything else is
  // INTERNAL with a plain message: SQLite's and Prisma's own text only with ROSTER_DEBUG.
  const mapped = asRosterError(error);
  const message =
    mapped.message === INTERNAL_MESSAGE ? `Something went wrong inside Roster. ${DEBUG_HINT}` : plainQuotes(oneLine(mapped.message));
  io.err(mode.json ? jsonLine('error', { code: mapped.code, message }) : `${mapped.code} ${message}\n`);
  if (io.env['ROSTER_DEBUG']) {
    const details = inspect(mapped.cause ?? error, { depth: 6 });
    io.err(mode.json ? jsonLine('debug', details) : `${details}\n`);
  }
  // Ctrl-C cancelled the work: the status a shell gives a command stopped by SIGINT.
  if (mapped.code === 'CANCELLED' && wasInterrupted()) return EXIT.interrupted;
  return exitStatusFor(mapped.code);
}

/** Runs one `roster` invocation and returns its exit status. Never throws. */
export async function run(argv: readonly string[], io: CliIo = processIo()): Promise<number> {
  resetInterrupted();
  const mode = outputModeOf(argv);
  let roster: RosterContext | undefined;
  try {
    if (argv[0] === '--version') {
      if (argv.length > 1) throw usageError('`roster --version` takes no arguments.');
      io.out(`${ROSTER_VERSION}\n`);
      return EXIT.success;
    }
    // The commands and the core (and all they import) are loaded only now: a build
    // that splits the bundle at dynamic imports answers --version without them.
    const { commandContext, resolveCommand } = await import('./dispatch.js');
    const context = commandContext(io, mode, (opened) => (roster = opened));
    const resolved = resolveCommand(argv);
    if ('help' in resolved) {
      io.out(resolved.help);
      return EXIT.success;
    }
    const args = parseArgs(resolved.rest, resolved.command.spec);
    if (args.help) {
      io.out(commandHelp(resolved.command.spec));
      return EXIT.success;
    }
    return await resolved.command.run(args, context);
  } catch (error) {
    return report(error, io, mode);
  } finally {
    if (roster) await roster.close().catch((error: unknown) => report(error, io, mode));
  }
}
