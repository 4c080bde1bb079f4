// What every CLI command is: a spec for the argument parser, a line of help, and a
// function that does the work with the shared Roster context.

import type { RosterContext } from '../roster-context.js';
import type { CommandSpec, ParsedArgs } from './args.js';
import type { CliIo, CliLog } from './io.js';

export interface CommandContext {
  readonly io: CliIo;
  /** The core's log, as a command shows it (see cliLog). */
  readonly log: CliLog;
  /** The data folder, catalog and connections; created on first use, closed by run(). */
  roster(): RosterContext;
}

export interface Command {
  readonly spec: CommandSpec;
  /** The synopsis, e.g. "people add --workspace PATH NAME...". */
  readonly synopsis: string;
  /** One or more lines explaining the command and its flags. */
  readonly help: string;
  /** Returns the exit status (0 on success); failures are thrown as RosterErrors. */
  run(args: ParsedArgs, context: CommandContext): Promise<number>;
}
