// Which command the words on the command line name, `roster help [WORDS...]`, and the
// context a command runs in. main.ts loads this module (and through it every command
// and the core) only when a command or help is asked for.

import { homedir } from 'node:os';
import { dataDir } from '../../../kernel/node/paths/data-paths.js';
import { createRosterContext, type RosterContext } from '../roster-context.js';
import { recoveryMessage } from '../../../features/workspace/node/recovery.js';
import { usageError } from '../../../kernel/node/cli/args.js';
import type { RosterCommand, RosterCommandContext } from '../../../features/catalog/node/roster-context.js';
import { COMMAND_GROUPS, allCommands } from './commands.js';
import { plainQuotes } from '../../../kernel/node/cli/format.js';
import { commandHelp, groupHelp, overview } from '../../../kernel/node/cli/help.js';
import { cliLog, jsonLine, oneLine, type CliIo, type OutputMode } from '../../../kernel/node/cli/io.js';

function groupCommands(group: string): Readonly<Record<string, RosterCommand>> | undefined {
  return Object.hasOwn(COMMAND_GROUPS, group) ? COMMAND_GROUPS[group] : undefined;
}

/** Help for `roster help [WORDS...]`. */
function helpFor(words: readonly string[]): string {
  const [first, second] = words;
  if (first === undefined) return overview(allCommands().map((command) => command.spec));
  const single = groupCommands(first);
  if (!single) throw usageError(`There is no command "${first}".`);
  const direct = Object.hasOwn(single, '') ? single[''] : undefined;
  if (direct) return commandHelp(direct.spec);
  if (second === undefined)
    return groupHelp(
      first,
      Object.values(single).map((command) => command.spec),
    );
  const command = Object.hasOwn(single, second) ? single[second] : undefined;
  if (!command) throw usageError(`There is no command "${first} ${second}".`, first);
  return commandHelp(command.spec);
}

/** Finds the command named by argv; returns it with the arguments that follow it. */
export function resolveCommand(argv: readonly string[]): { command: RosterCommand; rest: readonly string[] } | { help: string } {
  const [first, second] = argv;
  if (first === undefined) throw usageError('No command given.');
  if (first === 'help' || first === '--help' || first === '-h') return { help: helpFor(argv.slice(1)) };
  const group = groupCommands(first);
  if (!group) throw usageError(`There is no command "${first}".`);
  const direct = Object.hasOwn(group, '') ? group[''] : undefined;
  if (direct) return { command: direct, rest: argv.slice(1) };
  if (second === undefined) throw usageError(`\`roster ${first}\` needs a command: ${Object.keys(group).join(', ')}.`, first);
  if (second === '--help' || second === '-h' || second === 'help')
    return {
      help: groupHelp(
        first,
        Object.values(group).map((command) => command.spec),
      ),
    };
  const command = Object.hasOwn(group, second) ? group[second] : undefined;
  if (!command) throw usageError(`There is no command "${first} ${second}".`, first);
  return { command, rest: argv.slice(2) };
}

/** The context commands get: the core, created on first use (`opened` is told, so run() can close it). */
export function commandContext(io: CliIo, mode: OutputMode, opened: (roster: RosterContext) => void): RosterCommandContext {
  let roster: RosterContext | undefined;
  const log = cliLog(io, mode);
  return {
    io,
    log,
    roster() {
      if (roster) return roster;
      roster = createRosterContext({
        dataDir: dataDir({ platform: process.platform, env: io.env, homedir: homedir(), cwd: process.cwd() }),
        // Repairs made while opening a workspace are said on stderr, never done silently.
        log,
        // Whatever the command, the person hears that the file now holds an older backup.
        onRecovered: (path, recovery) => {
          const message = plainQuotes(recoveryMessage(recovery, { paths: true, workspace: path }));
          io.err(mode.json ? jsonLine('note', { message: oneLine(message) }) : `${message}\n`);
        },
      });
      opened(roster);
      return roster;
    },
  };
}
