// The `roster` command line. bin/roster.mjs loads the build of this module and calls
// run(); tests may call run() in-process with their own CliIo. Nothing runs at import.
//
// Exit status: 0 success; 2 bad input (usage or validation; nothing was written);
// 3 a workspace file was refused (newer, failed upgrade, corrupt, foreign, busy);
// 1 anything else. An error is one stderr line that starts with its code:
//   INVALID_NAME A name cannot be empty.

import { homedir } from 'node:os';
import { inspect } from 'node:util';
import { version as packageVersion } from '../../../package.json';
import { errorCategory, INTERNAL_MESSAGE } from '../../common/errors.js';
import { asRosterError } from '../sqlite/sqlite-errors.js';
import { recoveryMessage } from '../workspace/recovery.js';
import { dataDir } from '../paths/data-paths.js';
import { createRosterContext, type RosterContext } from '../roster-context.js';
import { parseArgs, usageError } from './args.js';
import type { Command, CommandContext } from './command.js';
import { cliLog, processIo, type CliIo } from './io.js';
import { migrate } from './migrate-command.js';
import { peopleCommands } from './people-commands.js';
import { workspaceCommands } from './workspace-commands.js';

const groups: Readonly<Record<string, Readonly<Record<string, Command>>>> = {
  workspace: workspaceCommands,
  people: peopleCommands,
};

/** The version in package.json, bundled into the CLI at build time. */
export const ROSTER_VERSION: string = packageVersion;

const EXIT_BY_CATEGORY = { input: 2, refused: 3, other: 1 } as const;

function allCommands(): Command[] {
  return [...Object.values(workspaceCommands), ...Object.values(peopleCommands), migrate];
}

function overview(): string {
  return [
    'Usage: roster COMMAND [OPTIONS]',
    '',
    'Workspaces and people from the command line. Every command works on real workspace files;',
    'the list of workspaces is kept in Roster\'s data folder (ROSTER_DATA_DIR overrides it).',
    '',
    ...allCommands().map((command) => `  roster ${command.synopsis}`),
    '',
    'Run `roster help COMMAND` (e.g. `roster help people import`) for details; `roster --version` prints the version.',
    'Exit status: 0 success, 2 bad input (nothing written), 3 workspace file refused, 1 other errors.',
    '',
  ].join('\n');
}

function commandHelp(command: Command): string {
  return `Usage: roster ${command.synopsis}\n\n${command.help}\n`;
}

function groupHelp(group: string): string {
  const commands = Object.values(groups[group] ?? {});
  return `Usage:\n${commands.map((command) => `  roster ${command.synopsis}`).join('\n')}\n\nRun \`roster help ${group} COMMAND\` for details.\n`;
}

/** Help for `roster help [WORDS...]`. */
function helpFor(words: readonly string[]): string {
  const [first, second] = words;
  if (first === undefined) return overview();
  if (first === 'migrate') return commandHelp(migrate);
  const group = Object.hasOwn(groups, first) ? groups[first] : undefined;
  if (!group) throw usageError(`There is no command "${first}".`);
  if (second === undefined) return groupHelp(first);
  const command = Object.hasOwn(group, second) ? group[second] : undefined;
  if (!command) throw usageError(`There is no command "${first} ${second}".`, first);
  return commandHelp(command);
}

/** Finds the command named by argv; returns it with the arguments that follow it. */
function resolveCommand(argv: readonly string[]): { command: Command; rest: readonly string[] } | { help: string } {
  const [first, second] = argv;
  if (first === undefined) throw usageError('No command given.');
  if (first === 'help' || first === '--help' || first === '-h') return { help: helpFor(argv.slice(1)) };
  if (first === '--version') {
    if (argv.length > 1) throw usageError('`roster --version` takes no arguments.');
    return { help: `${ROSTER_VERSION}\n` };
  }
  if (first === 'migrate') return { command: migrate, rest: argv.slice(1) };
  const group = Object.hasOwn(groups, first) ? groups[first] : undefined;
  if (!group) throw usageError(`There is no command "${first}".`);
  if (second === undefined || second === '--help' || second === '-h' || second === 'help') {
    if (second === undefined) throw usageError(`\`roster ${first}\` needs a command: ${Object.keys(group).join(', ')}.`, first);
    return { help: groupHelp(first) };
  }
  const command = Object.hasOwn(group, second) ? group[second] : undefined;
  if (!command) throw usageError(`There is no command "${first} ${second}".`, first);
  return { command, rest: argv.slice(2) };
}

function oneLine(text: string): string {
  return text.replace(/\s*[\r\n]+\s*/g, ' ').trim();
}

/** Prints the error as one `CODE message` line and returns the exit status for it. */
function report(error: unknown, io: CliIo): number {
  // Storage failures (disk full, busy, read-only...) get their codes; anything else is
  // INTERNAL with a plain message: SQLite's and Prisma's own text only with ROSTER_DEBUG.
  const mapped = asRosterError(error);
  if (mapped.message !== INTERNAL_MESSAGE) {
    io.err(`${mapped.code} ${oneLine(mapped.message)}\n`);
  } else {
    io.err('INTERNAL Something went wrong inside Roster. Run the command again with ROSTER_DEBUG=1 to see the details.\n');
  }
  if (io.env['ROSTER_DEBUG']) io.err(`${inspect(mapped.cause ?? error, { depth: 6 })}\n`);
  return EXIT_BY_CATEGORY[errorCategory(mapped.code)];
}

/** Runs one `roster` invocation and returns its exit status. Never throws. */
export async function run(argv: readonly string[], io: CliIo = processIo()): Promise<number> {
  let roster: RosterContext | undefined;
  const log = cliLog(io);
  const context: CommandContext = {
    io,
    log,
    roster() {
      roster ??= createRosterContext({
        dataDir: dataDir({ platform: process.platform, env: io.env, homedir: homedir(), cwd: process.cwd() }),
        // Repairs made while opening a workspace are said on stderr, never done silently.
        log,
        // Whatever the command, the person hears that the file now holds an older backup.
        onRecovered: (path, recovery) => io.err(`${recoveryMessage(recovery, { paths: true, workspace: path })}\n`),
      });
      return roster;
    },
  };
  try {
    const resolved = resolveCommand(argv);
    if ('help' in resolved) {
      io.out(resolved.help);
      return 0;
    }
    const args = parseArgs(resolved.rest, resolved.command.spec);
    if (args.help) {
      io.out(commandHelp(resolved.command));
      return 0;
    }
    return await resolved.command.run(args, context);
  } catch (error) {
    return report(error, io);
  } finally {
    if (roster) await roster.close().catch((error: unknown) => report(error, io));
  }
}
