// What every CLI command is: its definition (parsed and turned into help from the same
// data, see spec.ts) and a function that does the work with the shared context. What
// that context holds (data folder, catalog, connections) is the app's business, so the
// kernel takes its type as a parameter.

import { booleanFlag, type ParsedArgs } from './args.js';
import type { CliIo, CliLog, OutputMode } from './io.js';
import type { CommandSpec } from './spec.js';

export interface CommandContext<Context> {
  readonly io: CliIo;
  /** The core's log, as a command shows it (see cliLog). */
  readonly log: CliLog;
  /** The shared context (the data folder, catalog and connections); created on first use, closed by run(). */
  roster(): Context;
}

export interface Command<Context> {
  readonly spec: CommandSpec;
  /** Returns the exit status (0 on success); failures are thrown as RosterErrors. */
  run(args: ParsedArgs, context: CommandContext<Context>): Promise<number>;
}

/** --json and --quiet as this command was given them. */
export function modeOf(args: ParsedArgs): OutputMode {
  return { json: booleanFlag(args, 'json'), quiet: booleanFlag(args, 'quiet') };
}
